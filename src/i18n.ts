export type Lang = 'pl' | 'en';

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
