import { describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.js';
import { pl } from '../src/i18n/pl.js';
import { RegisterDocument } from './generated/graphql.js';
import { newNip } from './helpers/nip.js';
import { startTestServer } from './helpers/server.js';

const server = await startTestServer();

/** Every key path of a catalogue, with the number of parameters of each phrase. */
function shape(value: unknown, at = ''): string[] {
  if (typeof value === 'function') return [`${at}(${value.length})`];
  if (typeof value === 'string') return [at];
  if (Array.isArray(value)) return [`${at}[${value.length}]`];
  return Object.entries(value as object).flatMap(([key, child]) => shape(child, at ? `${at}.${key}` : key));
}

async function signInAnswer(headers: Record<string, string>) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      query:
        'mutation { signIn(input: { email: "nobody@example.pl", password: "not the password" }) { ... on Error { code message } } }',
    }),
  });
  return ((await response.json()) as { data: { signIn: { code: string; message: string } } }).data.signIn;
}

describe('one message catalogue', () => {
  it('has every key in both languages, each phrase taking the same parameters, and no empty text', () => {
    expect(shape(pl)).toEqual(shape(en));
    for (const catalogue of [en, pl]) {
      for (const path of shape(catalogue).filter((key) => !key.includes('('))) {
        const text = path
          .split('.')
          .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key.replace(/\[\d+\]$/, '')], catalogue);
        expect(
          [text].flat().every((line) => typeof line === 'string' && line.trim().length > 0),
          path,
        ).toBe(true);
      }
    }
  });

  it('answers in Polish by default and in English when the client asks for it', async () => {
    expect(await signInAnswer({})).toEqual({ code: 'INVALID_CREDENTIALS', message: 'Nieprawidłowy e-mail lub hasło' });
    expect(await signInAnswer({ 'accept-language': 'en-GB,en;q=0.9' })).toEqual({
      code: 'INVALID_CREDENTIALS',
      message: 'Wrong e-mail or password',
    });
    expect((await signInAnswer({ 'accept-language': 'de-DE,pl;q=0.5' })).message).toBe(
      'Nieprawidłowy e-mail lub hasło',
    );
  });

  it('answers register in the language the owner chose for the account', async () => {
    const email = `locale-${Date.now()}@example.pl`;
    const { register } = await server.query(RegisterDocument, {
      input: { companyName: 'Język', nip: newNip(), email, plan: 'FREE', locale: 'PL' },
    });
    expect(register).toMatchObject({ message: `Sprawdź skrzynkę ${email}: wysłaliśmy link do aktywacji konta.` });
    await server.smtp.take(email, /Aktywuj konto/);
  });
});
