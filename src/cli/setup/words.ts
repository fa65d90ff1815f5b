import {
  KonektRequestError,
  KonektUnreachableError,
  type ConfigurationFieldsFragment,
  type ConnectPath,
  type ErrorFieldsFragment,
  type ProgramKind,
} from '../../../packages/client/src/index.js';
import { reasonWords } from '../network.js';
import type { CliText } from '../../i18n/cli/index.js';
import type { Terminal } from './terminal.js';

export type SetupText = CliText['setup'];

/** The six programs in the seed's order, with their names (without the vendor's brand). */
export const PROGRAMS: { kind: ProgramKind; name: string; side: 'SALES' | 'ACCOUNTING' }[] = [
  { kind: 'FAKTURA_START', name: 'Start Faktura', side: 'SALES' },
  { kind: 'HANDEL_START', name: 'Start Handel', side: 'SALES' },
  { kind: 'HANDEL', name: 'Handel (Sprzedaż)', side: 'SALES' },
  { kind: 'HANDEL_MAGAZYN', name: 'Handel (Sprzedaż i magazyn)', side: 'SALES' },
  { kind: 'MALA_KSIEGOWOSC_START', name: 'Start Mała Księgowość', side: 'ACCOUNTING' },
  { kind: 'FINANSE_KSIEGOWOSC', name: 'Finanse i Księgowość', side: 'ACCOUNTING' },
];

const programName = (kind: string) => PROGRAMS.find((p) => p.kind === kind)?.name ?? kind;

export interface ErrorContext {
  nip?: string;
  program?: ProgramKind;
  path?: ConnectPath;
}

/** A typed error in plain words, chosen by its type and fields, never by its English message. */
export function explain(text: SetupText, error: ErrorFieldsFragment, context: ErrorContext = {}): string {
  const e = text.errors;
  switch (error.__typename) {
    case 'InvalidNipError':
      return e.InvalidNipError;
    case 'InvalidCredentialsError':
      return e.InvalidCredentialsError;
    case 'TooManyAttemptsError':
      return e.TooManyAttemptsError(error.retryAfterSeconds);
    case 'NipMismatchError':
      return e.NipMismatchError(context.nip ?? '');
    case 'RoleMismatchError':
      if (context.path === 'OWNER') return e.RoleMismatchOwner;
      return PROGRAMS.find((p) => p.kind === context.program)?.side === 'ACCOUNTING'
        ? e.RoleMismatchReceiver
        : e.RoleMismatchSender;
    case 'WizardStepError':
      return e.WizardStepError;
    case 'WizardExpiredError':
      return e.WizardExpiredError;
    case 'ValidationError':
      return e.ValidationError(error.field);
    default:
      return e.other(error.code, error.message);
  }
}

/** Why the server URL given at the start does not answer as a Konekt server. */
export function describeFailure(text: CliText, error: unknown): string {
  if (error instanceof KonektUnreachableError) return reasonWords(text, error);
  if (error instanceof KonektRequestError) return `${error.code ?? `HTTP ${error.status}`}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * A participant warning in plain words. OWNER_ACCOUNT_USED does not say which side: the answers
 * do, compared with the owner's e-mail in the summary.
 */
export function warningLines(
  text: SetupText,
  warning: { code: string; message: string },
  configuration: ConfigurationFieldsFragment,
): string[] {
  const { ownerEmail, senderEmail, receiverEmail } = configuration.summary;
  if (warning.code === 'OWNER_ACCOUNT_USED') {
    const lines: string[] = [];
    if (senderEmail === ownerEmail) lines.push(text.warnings.ownerUsedSending);
    if (receiverEmail === ownerEmail) lines.push(text.warnings.ownerUsedReceiving);
    if (lines.length > 0) return lines;
  }
  if (warning.code === 'SAME_ACCOUNT_BOTH_SIDES') return [text.warnings.sameAccount];
  return [text.warnings.other(warning.code, warning.message)];
}

/** One result of "Test połączenia" by the check's name. */
export function checkLine(text: SetupText, check: { name: string; ok: boolean }): string {
  const words = text.checks[check.name];
  const line = words ? `${words.label}: ${check.ok ? words.ok : words.failed}` : text.otherCheck(check.name, check.ok);
  return `  ${check.ok ? '✓' : '✗'} ${line}`;
}

export function printSummary(term: Terminal, text: SetupText, configuration: ConfigurationFieldsFragment) {
  const { summary } = configuration;
  const s = text.summary;
  const rows: [string, string | null][] = [
    [s.program, programName(configuration.program)],
    [s.path, configuration.path === 'OWNER' ? text.pathOwner : text.pathInvited],
    [s.nip, configuration.companyNip],
    [s.company, summary.companyName],
    [s.owner, summary.ownerEmail],
    [s.sender, summary.senderEmail],
    [s.receiver, summary.receiverEmail],
    [s.exchange, summary.exchangeAccountEmail],
  ];
  const width = Math.max(...rows.filter(([, v]) => v).map(([label]) => label.length));
  term.say(text.step4);
  for (const [label, value] of rows) if (value) term.say(`  ${`${label}:`.padEnd(width + 1)} ${value}`);
}
