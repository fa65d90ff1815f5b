import { ValidationError } from '../errors.js';

/** RFC 5321 limits: the whole path, the local part, the domain and each of its labels. */
const EMAIL_LIMITS = { address: 254, local: 64, domain: 253, label: 63 } as const;

// A dot-atom local part: no quoted strings, spaces, commas, semicolons or angle brackets, so a mail
// transport can never read the address as a list or as a display name with another address inside.
const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const TOP_LEVEL = /^([a-z]{2,}|xn--[a-z0-9-]+)$/;

/**
 * The one rule for an e-mail address Konekt accepts: a single mailbox `local@domain.tld` in ASCII
 * (an internationalised domain in its xn-- form), compared and stored in lower case. What is stored
 * is exactly what mail is sent to.
 */
export function parseEmailAddress(input: string, field = 'email'): string {
  const email = input.trim().toLowerCase();
  const refuse = () => new ValidationError(field, (m) => m.validation.email(input));
  if (email.length > EMAIL_LIMITS.address) throw refuse();
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (at < 1 || local.length > EMAIL_LIMITS.local || !LOCAL.test(local)) throw refuse();
  const labels = domain.split('.');
  if (
    domain.length > EMAIL_LIMITS.domain ||
    labels.length < 2 ||
    !labels.every((label) => label.length <= EMAIL_LIMITS.label && LABEL.test(label)) ||
    !TOP_LEVEL.test(labels[labels.length - 1]!)
  ) {
    throw refuse();
  }
  return email;
}
