import { describe, expect, it } from 'vitest';
import { RegisterDocument, RequestPasswordResetDocument } from './generated/graphql.js';
import { PASSWORD, registerOwner } from './helpers/accounts.js';
import { launchBrowser } from './helpers/browser.js';
import { disposeAfterAll } from './helpers/dispose.js';
import { newNip } from './helpers/nip.js';
import { startTestServer } from './helpers/server.js';

// The page is served under the public URL; the browser reaches the test server by its real address.
const server = await startTestServer();
const browser = await launchBrowser();
disposeAfterAll(() => browser.close());

const local = (link: string) => link.replace('//localhost:', '//127.0.0.1:');

describe('portal pages in a real browser', () => {
  it('activates an account from the e-mailed link: type the password, press Zapisz, sign in', async () => {
    const email = `browser-${Date.now()}@example.pl`;
    await server.query(RegisterDocument, {
      input: { companyName: 'Przeglądarka', nip: newNip(), email, plan: 'FREE', locale: 'PL' },
    });
    const mail = await server.smtp.take(email, /Aktywuj konto/);

    const page = await browser.newPage({ locale: 'pl-PL', extraHTTPHeaders: { 'accept-language': 'pl-PL,pl' } });
    await page.goto(local(mail.links[0]!));
    expect(await page.title()).toContain('Aktywacja konta');
    await page.getByLabel('Hasło', { exact: true }).fill('za krótkie');
    await page.getByLabel('Powtórz hasło').fill('inne hasło!');
    await page.getByRole('button', { name: 'Zapisz' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toBe('Hasła nie są takie same.');

    await page.getByLabel('Hasło', { exact: true }).fill('krótkie');
    await page.getByLabel('Powtórz hasło').fill('krótkie');
    await page.getByRole('button', { name: 'Zapisz' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toContain('Hasło jest za słabe');

    await page.getByLabel('Hasło', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Powtórz hasło').fill(PASSWORD);
    await page.getByRole('button', { name: 'Zapisz' }).click();
    await expect
      .poll(() => page.locator('#status').textContent())
      .toBe('Konto jest aktywne. Możesz się teraz zalogować.');
    expect(await page.locator('form').count()).toBe(0);

    expect(await server.signIn(email, PASSWORD)).toBeTruthy();

    await page.reload();
    expect(await page.locator('#status').textContent()).toContain('Ten link został już użyty');
    await page.close();
  });

  it('sets a new password from the reset link in English', async () => {
    const owner = await registerOwner(server);
    await server.query(RequestPasswordResetDocument, { email: owner.email });
    const mail = await server.smtp.take(owner.email, /nowe hasło/);
    const page = await browser.newPage({ locale: 'en-GB', extraHTTPHeaders: { 'accept-language': 'en-GB,en' } });
    await page.goto(local(mail.links[0]!));
    expect(await page.title()).toContain('New password');
    const newPassword = 'a completely different one';
    await page.getByLabel('Password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat password').fill(newPassword);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.locator('#status').textContent())
      .toBe('Your password was changed. You can sign in now.');
    expect(await server.signIn(owner.email, newPassword)).toBeTruthy();
    await page.close();
  });

  it('registers a company from the registration page the wizard links to', async () => {
    const email = `portal-${Date.now()}@example.pl`;
    const nip = newNip();
    const page = await browser.newPage({ locale: 'pl-PL', extraHTTPHeaders: { 'accept-language': 'pl-PL,pl' } });
    await page.goto(`${server.baseUrl}/register`);
    expect(await page.title()).toContain('Rejestracja firmy');
    await page.getByLabel('Nazwa firmy').fill('Portalowa sp. z o.o.');
    await page.getByLabel('NIP').fill(`${nip.slice(0, 9)}${(Number(nip[9]) + 1) % 10}`);
    await page.getByLabel('Adres e-mail').fill(email);
    await page.getByLabel('Pakiet').selectOption('STANDARD');
    await page.getByRole('button', { name: 'Zarejestruj' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toContain('Ten NIP jest nieprawidłowy');

    await page.getByLabel('NIP').fill(nip);
    await page.getByRole('button', { name: 'Zarejestruj' }).click();
    await expect
      .poll(() => page.locator('#status').textContent())
      .toBe(`Sprawdź skrzynkę ${email}: wysłaliśmy link do aktywacji konta.`);
    const mail = await server.smtp.take(email, /Aktywuj konto/);
    expect(mail.text).toContain('Portalowa sp. z o.o.');
    await page.close();
  });
});
