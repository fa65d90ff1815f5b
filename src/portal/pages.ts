import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from '../context.js';
import { escapeHtml, pickLang, type Lang } from '../i18n/index.js';
import { inspectLinkToken } from '../accounts/service.js';
import { landingPage } from './landing.js';
import { registerPage } from './register.js';
import { PORTAL_TEXT } from '../i18n/portal.js';

type Page = 'activate' | 'reset-password';

const MUTATION: Record<Page, string> = {
  activate: 'activateAccount',
  'reset-password': 'resetPassword',
};

export function layout(lang: Lang, title: string, body: string, nonce?: string, script?: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title === 'Konekt' ? title : `${title} · Konekt`)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1d2430;line-height:1.4}
h1{font-size:1.4rem}h2{font-size:1.05rem;margin-top:1.6rem}label{display:block;margin:.8rem 0 .2rem}a{color:#0b5cad}
input,select{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box;border:1px solid #b8c0cc;border-radius:4px;background-color:#fff;color:inherit}
select{appearance:none;padding-right:2rem;cursor:pointer;background-image:linear-gradient(45deg,transparent 50%,#5b6473 50%),linear-gradient(135deg,#5b6473 50%,transparent 50%);background-position:calc(100% - 1.1rem) 55%,calc(100% - .75rem) 55%;background-size:.35rem .35rem;background-repeat:no-repeat}
input:focus,select:focus{outline:2px solid #0b5cad;outline-offset:1px}li{margin:.3rem 0}
button{margin-top:1rem;padding:.6rem 1.4rem;font-size:1rem;background:#0b5cad;color:#fff;border:0;border-radius:4px;cursor:pointer}
.error{color:#a4161a}.ok{color:#1b6e2a}.hint{color:#5b6473;font-size:.9rem}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}${script ? `<script nonce="${nonce}">${script}</script>` : ''}</body></html>`;
}

function formScript(page: Page, lang: Lang): string {
  const t = PORTAL_TEXT[lang].passwordPages;
  return `
const form = document.getElementById('password-form');
const status = document.getElementById('status');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const password = form.password.value;
  if (password !== form.repeat.value) { status.className = 'error'; status.textContent = ${JSON.stringify(t.mismatch)}; return; }
  form.save.disabled = true;
  status.className = ''; status.textContent = '';
  try {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': ${JSON.stringify(lang)} },
      body: JSON.stringify({
        query: 'mutation ($input: SetPasswordInput!) { result: ${MUTATION[page]}(input: $input) { __typename ... on Error { code message } ... on InvalidTokenError { reason } } }',
        variables: { input: { token: form.token.value, password } },
      }),
    });
    const body = await response.json();
    const result = body.data && body.data.result;
    if (result && result.__typename === 'AccountPayload') {
      form.remove();
      status.className = 'ok'; status.textContent = ${JSON.stringify(t[page].done)};
      return;
    }
    status.className = 'error';
    status.textContent = result ? localise(result) : ${JSON.stringify(t.failed)};
  } catch (error) {
    status.className = 'error'; status.textContent = ${JSON.stringify(t.failed)};
  }
  form.save.disabled = false;
});
function localise(error) {
  const problems = ${JSON.stringify(t.problems)};
  if (error.code === 'INVALID_TOKEN') return problems[error.reason] || problems.UNKNOWN;
  ${t.weak ? `if (error.code === 'WEAK_PASSWORD') return ${JSON.stringify(t.weak)};` : ''}
  return error.message;
}`;
}

/** Pages run one inline script, allowed by its nonce, and talk only to this server. */
function pageHeaders(nonce: string) {
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'`,
  };
}

/** Serves `/`, the registration page and the pages behind e-mail links; returns false for any other path. */
export async function handlePortal(services: Services, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://portal');
  const page = url.pathname.replace(/^\/+|\/+$/g, '');
  if (page !== '' && page !== 'activate' && page !== 'reset-password' && page !== 'register') return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return true;
  }
  const lang = pickLang(url.searchParams.get('lang'), req.headers['accept-language']);
  const nonce = randomBytes(16).toString('base64');
  const headers = pageHeaders(nonce);
  if (page === '' || page === 'register') {
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else res.end(page === '' ? landingPage(lang) : registerPage(lang, nonce));
    return true;
  }
  const t = PORTAL_TEXT[lang].passwordPages;
  const token = url.searchParams.get('token') ?? '';
  const problem = token
    ? await inspectLinkToken(services, token, page === 'activate' ? 'ACTIVATION' : 'PASSWORD_RESET')
    : undefined;
  if (!token || problem) {
    const reason = problem?.reason ?? 'UNKNOWN';
    res.writeHead(reason === 'UNKNOWN' ? 404 : 410, headers);
    res.end(layout(lang, t[page].title, `<p class="error" id="status">${escapeHtml(t.problems[reason])}</p>`));
    return true;
  }
  const body = `<p>${escapeHtml(t[page].intro)}</p>
<form id="password-form" method="post" novalidate>
<input type="hidden" name="token" value="${escapeHtml(token)}">
<label for="password">${escapeHtml(t.password)}</label>
<input id="password" name="password" type="password" autocomplete="new-password" minlength="10" required>
<label for="repeat">${escapeHtml(t.repeat)}</label>
<input id="repeat" name="repeat" type="password" autocomplete="new-password" minlength="10" required>
<p class="hint">${escapeHtml(t.hint)}</p>
<button id="save" name="save" type="submit">${escapeHtml(t.save)}</button>
</form>
<p id="status" role="status"></p>
<noscript><p class="error">${escapeHtml(t.noscript)}</p></noscript>`;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : layout(lang, t[page].title, body, nonce, formScript(page, lang)));
  return true;
}
