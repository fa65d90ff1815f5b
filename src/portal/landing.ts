import { escapeHtml, type Lang } from '../i18n/index.js';
import { layout } from './pages.js';
import { PORTAL_TEXT } from '../i18n/portal.js';

/** `/`: what Konekt is and where to go next. */
export function landingPage(lang: Lang): string {
  const t = PORTAL_TEXT[lang].landing;
  const { languageSwitch } = PORTAL_TEXT[lang];
  const sections = t.sections
    .map(([heading, line]) => `<li><strong>${escapeHtml(heading!)}</strong> — ${escapeHtml(line!)}</li>`)
    .join('\n');
  const body = `<p>${escapeHtml(t.intro)}</p>
<ul>
<li><a href="/graphql?lang=${lang}">${escapeHtml(t.graphiql)}</a> — ${escapeHtml(t.graphiqlLine)}</li>
<li><a href="/register?lang=${lang}">${escapeHtml(t.register)}</a> — ${escapeHtml(t.registerLine)}</li>
</ul>
<p class="hint">${escapeHtml(t.cli)}</p>
<h2>${escapeHtml(t.readme)}</h2>
<ul class="sections">
${sections}
</ul>
<p class="hint"><a href="${languageSwitch.href}" hreflang="${lang === 'pl' ? 'en' : 'pl'}">${escapeHtml(languageSwitch.label)}</a></p>`;
  return layout(lang, t.title, body);
}
