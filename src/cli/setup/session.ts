import {
  CancelConnectWizardDocument,
  ConnectWizardSignInDocument,
  FinishConnectWizardDocument,
  KonektClient,
  type ConfigurationFieldsFragment,
  type ConnectPath,
  type ErrorFieldsFragment,
  type ProgramKind,
} from '../../../packages/client/src/index.js';
import type { Terminal } from './terminal.js';
import { explain, printSummary, type ErrorContext, type SetupText } from './words.js';

/** A typed error that ends the wizard: its words are already shown. */
export class WizardFailed extends Error {}

/** Asked again after these; anything else ends the wizard. */
const RETRY_SIGN_IN = ['InvalidCredentialsError', 'TooManyAttemptsError', 'NipMismatchError', 'RoleMismatchError'];

/** One started draft: the steps both paths share, with the wizard token as bearer. */
export class WizardSession {
  /** Set once the draft is finished or cancelled, so that nobody cancels it again. */
  closed = false;

  constructor(
    readonly term: Terminal,
    readonly text: SetupText,
    /** The server without a token (enterExchangePassword needs none). */
    readonly client: KonektClient,
    /** The server with the wizard token. */
    readonly wizard: KonektClient,
    public configuration: ConfigurationFieldsFragment,
    readonly program: ProgramKind,
    readonly path: ConnectPath,
  ) {}

  get context(): ErrorContext {
    return { nip: this.configuration.companyNip ?? undefined, program: this.program, path: this.path };
  }

  /** Shows the error and ends the wizard. */
  fail(error: ErrorFieldsFragment, context: ErrorContext = this.context): never {
    this.term.say(explain(this.text, error, context));
    throw new WizardFailed(error.code);
  }

  /** Signs in until the server accepts the account; an empty e-mail gives up (null). */
  async signIn(intro: string): Promise<ConfigurationFieldsFragment | null> {
    this.term.say(intro);
    for (;;) {
      const email = await this.term.ask(this.text.email);
      if (!email) return null;
      const password = await this.term.ask(this.text.password, { secret: true });
      const { connectWizardSignIn: result } = await this.wizard.request(ConnectWizardSignInDocument, {
        input: { configurationId: this.configuration.id, email, password },
      });
      if (result.__typename === 'ConnectConfigurationPayload') return result.configuration;
      if (!RETRY_SIGN_IN.includes(result.__typename)) this.fail(result);
      this.term.say(explain(this.text, result, this.context));
    }
  }

  /** Step 4: the summary, then Zakończ (Finish) or Anuluj (Cancel); true for Finish. */
  async confirm(): Promise<boolean> {
    printSummary(this.term, this.text, this.configuration);
    return (await this.term.choose('', [this.text.finish, this.text.cancel], this.text)) === 0;
  }

  async finish() {
    const { finishConnectWizard: finished } = await this.wizard.request(FinishConnectWizardDocument, {
      configurationId: this.configuration.id,
    });
    if (finished.__typename !== 'FinishConnectWizardPayload') this.fail(finished);
    this.closed = true;
    this.configuration = finished.configuration;
    return finished;
  }

  /** Anuluj: the draft is cancelled on the server, and the exit status is 1. */
  async cancel(): Promise<number> {
    await this.abandon();
    this.term.say(this.text.cancelled);
    return 1;
  }

  /** Cancels the draft unless it is finished already; a failure to do so changes nothing for the user. */
  async abandon(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.wizard
      .request(CancelConnectWizardDocument, { configurationId: this.configuration.id })
      .catch(() => undefined);
  }
}
