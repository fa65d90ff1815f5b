import { escapeHtml, type Lang } from '../i18n.js';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
  /** The link the mail carries, logged when mail goes to the outbox. */
  link?: string;
}

function compose(subject: string, paragraphs: string[], link?: { url: string; label: string }): MailContent {
  const text = [...paragraphs, ...(link ? [`${link.label}: ${link.url}`] : []), '', '— Konekt'].join('\n\n');
  const html = `<!doctype html><html><body style="font-family:sans-serif">${paragraphs
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('')}${
    link ? `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>` : ''
  }<p>— Konekt</p></body></html>`;
  return { subject, text, html, link: link?.url };
}

export const mails = {
  activation(lang: Lang, url: string, companyName?: string): MailContent {
    return lang === 'en'
      ? compose(
          'Activate your Konekt account',
          [
            companyName
              ? `An account was created for you in Konekt for ${companyName}.`
              : 'An account was created for you in Konekt.',
            'Open the link below and set your password. The link is valid for 72 hours and works once.',
          ],
          { url, label: 'Activate account' },
        )
      : compose(
          'Aktywuj konto w Konekt',
          [
            companyName
              ? `W serwisie Konekt utworzono dla Ciebie konto dla firmy ${companyName}.`
              : 'W serwisie Konekt utworzono dla Ciebie konto.',
            'Otwórz poniższy link i ustaw hasło. Link jest ważny 72 godziny i działa jeden raz.',
          ],
          { url, label: 'Aktywuj konto' },
        );
  },

  alreadyRegisteredPending(lang: Lang, activationUrl: string): MailContent {
    return lang === 'en'
      ? compose(
          'You already have a Konekt account',
          [
            'Someone tried to register with this address, which already has a Konekt account that is not activated yet.',
            'To activate it, open the link below (valid 72 hours). If this was not you, ignore this mail.',
          ],
          { url: activationUrl, label: 'Activate account' },
        )
      : compose(
          'Masz już konto w Konekt',
          [
            'Ktoś próbował zarejestrować ten adres, który ma już nieaktywowane konto w Konekt.',
            'Aby je aktywować, otwórz poniższy link (ważny 72 godziny). Jeśli to nie Ty, zignoruj tę wiadomość.',
          ],
          { url: activationUrl, label: 'Aktywuj konto' },
        );
  },

  alreadyRegistered(lang: Lang, resetUrl: string): MailContent {
    return lang === 'en'
      ? compose(
          'You already have a Konekt account',
          [
            'Someone tried to register with this address, which already has a Konekt account. Sign in with it; to register another company, sign in and use "registerCompany".',
            'If you forgot your password, you can set a new one here. If this was not you, ignore this mail.',
          ],
          { url: resetUrl, label: 'Reset password' },
        )
      : compose(
          'Masz już konto w Konekt',
          [
            'Ktoś próbował zarejestrować ten adres, który ma już konto w Konekt. Zaloguj się nim; aby zarejestrować kolejną firmę, zaloguj się i użyj "registerCompany".',
            'Jeśli nie pamiętasz hasła, ustaw nowe tutaj. Jeśli to nie Ty, zignoruj tę wiadomość.',
          ],
          { url: resetUrl, label: 'Ustaw nowe hasło' },
        );
  },

  passwordReset(lang: Lang, url: string): MailContent {
    return lang === 'en'
      ? compose(
          'Set a new Konekt password',
          [
            'Open the link below to set a new password. The link is valid for 1 hour and works once. If you did not ask for it, ignore this mail.',
          ],
          {
            url,
            label: 'Set new password',
          },
        )
      : compose(
          'Ustaw nowe hasło w Konekt',
          [
            'Otwórz poniższy link, aby ustawić nowe hasło. Link jest ważny 1 godzinę i działa jeden raz. Jeśli nie prosiłeś o zmianę, zignoruj tę wiadomość.',
          ],
          {
            url,
            label: 'Ustaw nowe hasło',
          },
        );
  },

  addedToCompany(lang: Lang, companyName: string, role: string, portalUrl: string): MailContent {
    const roles = {
      pl: {
        SENDER: 'użytkownik wysyłający dokumenty',
        RECEIVER: 'użytkownik odbierający dokumenty',
        OWNER: 'właściciel',
      },
      en: { SENDER: 'the sending user', RECEIVER: 'the receiving user', OWNER: 'owner' },
    }[lang] as Record<string, string>;
    return lang === 'en'
      ? compose('You were added to a Konekt exchange', [
          `Your Konekt account was added to ${companyName} as ${roles[role] ?? role}.`,
          `Sign in with your existing password at ${portalUrl}.`,
        ])
      : compose('Dodano Cię do wymiany danych w Konekt', [
          `Twoje konto w Konekt zostało dodane do firmy ${companyName} jako ${roles[role] ?? role}.`,
          `Zaloguj się swoim dotychczasowym hasłem: ${portalUrl}.`,
        ]);
  },
};
