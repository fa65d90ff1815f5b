import { en } from './en.js';
import { pl } from './pl.js';

export type Messages = typeof en;
export type Lang = 'pl' | 'en';

const CATALOGUES: Record<Lang, Messages> = { pl, en };

/** Every word of the server in one language. */
export function messages(lang: Lang): Messages {
  return CATALOGUES[lang];
}

/** A sentence that can be said in either language: errors, warnings and checks carry one. */
export type Phrase = (m: Messages) => string;

/** Polish unless English is asked for explicitly or preferred by the browser. */
export function pickLang(explicit: string | null | undefined, acceptLanguage?: string | null): Lang {
  if (explicit === 'en' || explicit === 'pl') return explicit;
  if (!acceptLanguage) return 'pl';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag, q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('pl')) return 'pl';
    if (tag.startsWith('en')) return 'en';
  }
  return 'pl';
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
