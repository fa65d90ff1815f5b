import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KonektClient, TestConnectionDocument } from '../packages/client/src/index.js';
import { ConnectConfigurationDocument } from './generated/graphql.js';
import { PASSWORD, registerOwner } from './helpers/accounts.js';
import { activateFromMail, ownerWizard, uniqueEmail } from './helpers/connect.js';
import { disposeAfterAll } from './helpers/dispose.js';
import { startKonekt } from './helpers/konekt.js';
import { deadPort } from './helpers/ports.js';
import { startTestServer } from './helpers/server.js';

const server = await startTestServer();
const tmp = await mkdtemp(path.join(os.tmpdir(), 'konekt-cli-setup-'));
disposeAfterAll(() => rm(tmp, { recursive: true, force: true }));

/** The real `konekt setup` as a child process, answered through its stdin like a piped script. */
function runSetup(profile: string, extraArgs: string[] = []) {
  const setup = startKonekt(['setup', '--profile', profile, ...extraArgs]);
  return {
    get output() {
      return `${setup.stdout}${setup.stderr}`;
    },
    write: (...lines: string[]) => setup.write(...lines),
    waitFor: (pattern: string, count?: number) => setup.waitFor(pattern, count),
    async finish() {
      setup.child.stdin.end();
      return (await setup.exited) ?? -1;
    },
  };
}

/** The profile on disk: mode 0600, a program token that works, and never a password. */
async function expectGoodProfile(file: string, program: string) {
  const info = await stat(file);
  expect(info.mode & 0o777).toBe(0o600);
  const text = await readFile(file, 'utf8');
  expect(text).not.toContain(PASSWORD);
  expect(text.toLowerCase()).not.toContain('password');
  const profile = JSON.parse(text) as Record<string, string>;
  expect(Object.keys(profile).sort()).toEqual(['companyNip', 'configurationId', 'program', 'programToken', 'url']);
  expect(profile).toMatchObject({ url: server.url, program });
  expect(profile.programToken).toMatch(/\S{20,}/);

  const client = new KonektClient({ url: profile.url!, token: profile.programToken });
  const { testConnection } = await client.request(TestConnectionDocument, {
    configurationId: profile.configurationId!,
  });
  expect(testConnection.checks.filter((check) => !check.ok)).toEqual([]);
  expect(testConnection.ok).toBe(true);
  return profile;
}

// Each test starts `node bin/konekt.js` (tsx compiles on the fly) and hashes several passwords.
const SLOW = 60_000;

describe('konekt setup', () => {
  it(
    'connects an accounting program along the invited path and asks again after a wrong password',
    async () => {
      const owner = await registerOwner(server);
      const wizard = await ownerWizard(server, owner);
      await activateFromMail(server, wizard.senderEmail);
      await activateFromMail(server, wizard.receiverEmail);

      const profile = path.join(tmp, 'invited', 'accounting.json');
      const setup = runSetup(profile);
      // Everything piped at once: the wizard keeps the lines that arrive before their question.
      setup.write(
        server.url,
        '6',
        owner.nip,
        '2',
        wizard.receiverEmail,
        'not the password',
        wizard.receiverEmail,
        PASSWORD,
        '1',
      );
      expect(await setup.finish()).toBe(0);

      const out = setup.output;
      expect(out).toContain('Zostałem zaproszony do wymiany danych');
      expect(out).toContain('Finanse i Księgowość');
      expect(out).toContain('Nieprawidłowy adres e-mail lub hasło');
      expect(out).toContain('Krok 4. Podsumowanie wprowadzonych ustawień:');
      expect(out).toContain(`Użytkownik odbierający:        ${wizard.receiverEmail}`);
      expect(out).toMatch(/✓ Token programu: /);
      // The check results in the wizard's own words, chosen by the checks' names.
      expect(out).toContain('✓ Token programu: token jest ważny');
      expect(out).toContain('✓ Użytkownik wysyłający: firma ma aktywnego użytkownika wysyłającego');
      expect(out).toContain(`Profil zapisano w ${profile}`);
      expect(out).not.toContain(PASSWORD);

      await expectGoodProfile(profile, 'FINANSE_KSIEGOWOSC');
    },
    SLOW,
  );

  it(
    'connects a sales program along the owner path, waiting for the sending user to accept before "Wprowadź hasło"',
    async () => {
      const owner = await registerOwner(server);
      const senderEmail = uniqueEmail('sender');
      const receiverEmail = uniqueEmail('receiver');
      const profile = path.join(tmp, 'owner', 'sales.json');
      const setup = runSetup(profile);
      setup.write(server.url, '3', owner.nip, '1', '1', owner.email, PASSWORD, senderEmail, receiverEmail, '1');

      // Finish mails the invitations; a password before the sending user accepts (here: activates
      // the account created for it) is refused and asked again.
      await setup.waitFor('Wprowadź hasło');
      expect(setup.output).toContain('Krok 3. Podaj adresy e-mail użytkowników wymiany danych.');
      expect(setup.output).toContain(`Użytkownik wysyłający:         ${senderEmail}`);
      expect(setup.output).toContain(`Konto ${senderEmail} musi przyjąć zaproszenie do firmy`);
      setup.write(PASSWORD);
      await setup.waitFor('nie przyjęło jeszcze zaproszenia');
      await setup.waitFor('Wprowadź hasło', 2);
      await activateFromMail(server, senderEmail);
      await activateFromMail(server, receiverEmail);
      setup.write(PASSWORD);
      expect(await setup.finish()).toBe(0);
      expect(setup.output).toMatch(/✓ Użytkownik odbierający: /);

      const saved = await expectGoodProfile(profile, 'HANDEL');
      const { connectConfiguration } = await server.query(
        ConnectConfigurationDocument,
        { id: saved.configurationId! },
        saved.programToken,
      );
      expect(connectConfiguration).toMatchObject({ status: 'ACTIVE', path: 'OWNER', companyNip: owner.nip });
    },
    SLOW,
  );

  it(
    'warns when the owner names their own account, in English with --lang en',
    async () => {
      const owner = await registerOwner(server);
      const profile = path.join(tmp, 'english', 'sales.json');
      const setup = runSetup(profile, ['--lang', 'en', '--url', server.url]);
      // An invalid NIP and an invalid e-mail are asked again; the owner's own account is only a warning.
      setup.write(
        '',
        '1',
        '123',
        owner.nip,
        '1',
        '1',
        owner.email,
        PASSWORD,
        'not-an-email',
        owner.email,
        owner.email,
        uniqueEmail('r'),
        '2',
      );
      expect(await setup.finish()).toBe(1);
      const out = setup.output;
      expect(out).toContain('I have a Konekt account or want to create one');
      expect(out).toContain('Not a valid NIP');
      expect(out).toContain('"not-an-email" is not a valid e-mail address');
      expect(out).toContain("Warning: The sending user is the owner's own account");
      expect(out).toContain('The setup was cancelled.');
      expect(existsSync(profile)).toBe(false);
    },
    SLOW,
  );

  it(
    'returns the registration link for "Nie posiadam konta" and exits 0 after Zakończ',
    async () => {
      const owner = await registerOwner(server);
      const profile = path.join(tmp, 'no-account', 'sales.json');
      const setup = runSetup(profile);
      setup.write(server.url, '1', owner.nip, '1', '2', '1');
      expect(await setup.finish()).toBe(0);
      expect(setup.output).toMatch(/Serwis Konekt - zakładanie konta: http:\/\/\S+\/\S*register/);
      expect(setup.output).toContain('Konfiguracja została przerwana.');
      expect(existsSync(profile)).toBe(false);
    },
    SLOW,
  );

  it(
    'stops with a non-zero exit status when the answers run out',
    async () => {
      const setup = runSetup(path.join(tmp, 'eof', 'sales.json'));
      const nowhere = new URL(server.url);
      nowhere.port = String(await deadPort());
      setup.write(nowhere.toString(), server.url, '3');
      expect(await setup.finish()).toBe(1);
      expect(setup.output).toContain(`Nie można połączyć się z serwerem ${nowhere}: połączenie odrzucone`);
      expect(setup.output).toContain('Dane wejściowe skończyły się przed zakończeniem kreatora');
    },
    SLOW,
  );
});
