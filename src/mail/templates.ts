import type { MemberRole } from '../generated/prisma/enums.js';
import { escapeHtml, messages, type Lang } from '../i18n/index.js';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
  /** The link the mail carries, logged when mail goes to the outbox. */
  link?: string;
}

function compose(
  lang: Lang,
  subject: string,
  paragraphs: readonly string[],
  link?: { url: string; label: string },
): MailContent {
  const signature = messages(lang).mails.signature;
  const text = [...paragraphs, ...(link ? [`${link.label}: ${link.url}`] : []), '', signature].join('\n\n');
  const html = `<!doctype html><html lang="${lang}"><body style="font-family:sans-serif">${paragraphs
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('')}${
    link ? `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>` : ''
  }<p>${escapeHtml(signature)}</p></body></html>`;
  return { subject, text, html, link: link?.url };
}

/** Every mail Konekt sends, in the recipient's language; the words are in the message catalogue. */
export const mails = {
  activation(lang: Lang, url: string, companyName?: string): MailContent {
    const t = messages(lang).mails.activation;
    return compose(lang, t.subject, [t.created(companyName), t.instructions], { url, label: t.link });
  },

  alreadyRegisteredPending(lang: Lang, url: string): MailContent {
    const t = messages(lang).mails.alreadyRegisteredPending;
    return compose(lang, t.subject, t.body, { url, label: t.link });
  },

  alreadyRegistered(lang: Lang, url: string): MailContent {
    const t = messages(lang).mails.alreadyRegistered;
    return compose(lang, t.subject, t.body, { url, label: t.link });
  },

  passwordReset(lang: Lang, url: string): MailContent {
    const t = messages(lang).mails.passwordReset;
    return compose(lang, t.subject, t.body, { url, label: t.link });
  },

  /** An office's daily digest: the clients whose documents have waited longer than its reminder time. */
  officeDigest(
    lang: Lang,
    reminderAfterHours: number,
    clients: readonly { name: string; nip: string; waiting: number; waitingSince: Date }[],
  ): MailContent {
    const t = messages(lang).offices.digest;
    const when = new Intl.DateTimeFormat(lang === 'pl' ? 'pl-PL' : 'en-GB', {
      timeZone: 'Europe/Warsaw',
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    const lines = clients.map((c) => t.client(c.name, c.nip, c.waiting, when.format(c.waitingSince)));
    return compose(lang, t.subject(clients.length), [t.intro(reminderAfterHours), ...lines, t.outro]);
  },

  /** An existing account is asked to join; it answers after signing in. */
  invitation(lang: Lang, companyName: string, roles: readonly MemberRole[], portalUrl: string): MailContent {
    const m = messages(lang);
    const t = m.mails.invitation;
    const named = m.mails.list(roles.map((role) => m.roles[role]));
    return compose(lang, t.subject, [t.invited(companyName, named), t.answer(portalUrl), t.privacy]);
  },

  /** An address without an account is asked to join: activating the account created for it accepts. */
  invitationNewAccount(lang: Lang, companyName: string, roles: readonly MemberRole[], url: string): MailContent {
    const m = messages(lang);
    const t = m.mails.invitationNewAccount;
    const named = m.mails.list(roles.map((role) => m.roles[role]));
    return compose(lang, t.subject, [t.invited(companyName, named), t.instructions], { url, label: t.link });
  },
};
