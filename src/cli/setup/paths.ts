import {
  ConnectWizardNoAccountDocument,
  EnterExchangePasswordDocument,
  FinishConnectWizardDocument,
  SetExchangeParticipantsDocument,
} from '../../../packages/client/src/index.js';
import { WizardFailed, type WizardSession } from './session.js';
import { explain, warningLines } from './words.js';

/** The shape of an address only, so that a typo is asked again at once; the server has the last word. */
const looksLikeEmail = (answer: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(answer);

/** A program token, or the exit status when the wizard ends without one. */
export type PathResult = { programToken: string } | { exitStatus: number };

/** Step 2: the owner's account, or the registration link; null when the user stops at "Nie posiadam konta". */
async function ownerAccount(session: WizardSession): Promise<PathResult | null> {
  const { term, text } = session;
  const has = await term.choose(text.step2, [text.haveAccount, text.noAccount], text);
  if (has === 1) {
    const { connectWizardNoAccount: noAccount } = await session.wizard.request(ConnectWizardNoAccountDocument, {
      configurationId: session.configuration.id,
    });
    if (noAccount.__typename !== 'ConnectWizardNoAccountPayload') session.fail(noAccount);
    term.say(text.registration(noAccount.registrationUrl));
    term.say(text.registrationHint);
    if ((await term.choose('', [text.finish, text.registeredNow], text)) === 0) {
      const { finishConnectWizard: finished } = await session.wizard.request(FinishConnectWizardDocument, {
        configurationId: session.configuration.id,
      });
      if (finished.__typename !== 'FinishConnectWizardPayload') session.fail(finished);
      session.closed = true;
      term.say(text.abandoned(noAccount.registrationUrl));
      return { exitStatus: 0 };
    }
  }
  const signedIn = await session.signIn(text.ownerCredentials);
  if (!signedIn) return { exitStatus: await session.cancel() };
  session.configuration = signedIn;
  term.say();
  return null;
}

/** Step 3: the sending and the receiving user. */
async function participants(session: WizardSession): Promise<void> {
  const { term, text } = session;
  const askEmail = async (label: string) => {
    for (;;) {
      const answer = await term.ask(label);
      if (looksLikeEmail(answer)) return answer;
      term.say(text.invalidEmail(answer));
    }
  };
  term.say(text.step3);
  term.say(text.step3Note);
  for (;;) {
    const senderEmail = await askEmail(text.senderEmail);
    const receiverEmail = await askEmail(text.receiverEmail);
    const { setExchangeParticipants: result } = await session.wizard.request(SetExchangeParticipantsDocument, {
      input: { configurationId: session.configuration.id, senderEmail, receiverEmail },
    });
    if (result.__typename === 'SetExchangeParticipantsPayload') {
      session.configuration = result.configuration;
      for (const warning of result.warnings) {
        for (const line of warningLines(text, warning, result.configuration)) term.say(line);
      }
      term.say();
      return;
    }
    if (result.__typename !== 'ValidationError') session.fail(result);
    term.say(explain(text, result, session.context));
  }
}

/** "Wprowadź hasło": the exchange account's password, once activated, for the program token. */
async function enterPassword(session: WizardSession): Promise<PathResult> {
  const { term, text } = session;
  const exchangeEmail = session.configuration.summary.exchangeAccountEmail ?? '';
  term.say();
  term.say(
    session.configuration.status === 'AWAITING_ACCEPTANCE'
      ? text.awaitingAcceptance(exchangeEmail)
      : text.awaitingPassword(exchangeEmail),
  );
  for (;;) {
    const password = await term.ask(text.enterPassword(exchangeEmail), { secret: true });
    if (!password) {
      term.say(text.passwordLater(session.configuration.id));
      return { exitStatus: 1 };
    }
    const { enterExchangePassword: result } = await session.client.request(EnterExchangePasswordDocument, {
      input: { configurationId: session.configuration.id, password },
    });
    if (result.__typename === 'EnterExchangePasswordPayload') {
      session.configuration = result.configuration;
      return { programToken: result.programToken };
    }
    // Until the exchange user accepts, the configuration waits: the password is asked again.
    if (result.__typename === 'ConfigurationStateError' && session.configuration.status === 'AWAITING_ACCEPTANCE') {
      term.say(text.errors.awaitingAcceptance(exchangeEmail));
      continue;
    }
    term.say(explain(text, result, session.context));
    const retry = ['InvalidCredentialsError', 'TooManyAttemptsError'];
    if (!retry.includes(result.__typename)) throw new WizardFailed(result.code);
  }
}

/** "Posiadam konto w serwisie Konekt lub chcę je dopiero założyć". */
export async function ownerPath(session: WizardSession): Promise<PathResult> {
  const stopped = await ownerAccount(session);
  if (stopped) return stopped;
  await participants(session);
  // Step 4: summary and Finish; Konekt creates the accounts and mails them.
  if (!(await session.confirm())) return { exitStatus: await session.cancel() };
  await session.finish();
  return enterPassword(session);
}

/** "Zostałem zaproszony do wymiany danych": step 3 is the invited account's sign-in, then the summary. */
export async function invitedPath(session: WizardSession): Promise<PathResult> {
  const signedIn = await session.signIn(session.text.invitedStep3);
  if (!signedIn) return { exitStatus: await session.cancel() };
  session.configuration = signedIn;
  session.term.say();
  if (!(await session.confirm())) return { exitStatus: await session.cancel() };
  const finished = await session.finish();
  if (!finished.programToken) throw new Error('finishConnectWizard returned no program token');
  return { programToken: finished.programToken };
}
