import { escapeHtml, type Lang } from '../i18n/index.js';
import { PLANS } from '../companies/plans.js';
import { layout } from './pages.js';
import { PORTAL_TEXT } from '../i18n/portal.js';

/** The portal's registration form; it calls the `register` mutation like any client would. */
export function registerPage(lang: Lang, nonce: string): string {
  const t = PORTAL_TEXT[lang].register;
  const options = PLANS.map(
    (plan) =>
      `<option value="${plan.code}">${escapeHtml(`${plan.name} — ${plan.monthlyDocumentLimit} ${t.perMonth}, ${plan.monthlyPriceNet} PLN`)}</option>`,
  ).join('');
  const body = `<p>${escapeHtml(t.intro)}</p>
<form id="register-form" novalidate>
<label for="companyName">${escapeHtml(t.companyName)}</label><input id="companyName" name="companyName" required>
<label for="nip">${escapeHtml(t.nip)}</label><input id="nip" name="nip" inputmode="numeric" required>
<label for="email">${escapeHtml(t.email)}</label><input id="email" name="email" type="email" autocomplete="email" required>
<label for="plan">${escapeHtml(t.plan)}</label><select id="plan" name="plan">${options}</select>
<button id="submit" name="submit" type="submit">${escapeHtml(t.submit)}</button>
</form>
<p id="status" role="status"></p>`;
  const script = `
const form = document.getElementById('register-form');
const status = document.getElementById('status');
const errors = ${JSON.stringify(t.errors)};
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  form.submit.disabled = true;
  status.className = ''; status.textContent = '';
  try {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation ($input: RegisterInput!) { result: register(input: $input) { __typename ... on RegisterPayload { email } ... on Error { code message } } }',
        variables: { input: { companyName: form.companyName.value, nip: form.nip.value, email: form.email.value, plan: form.plan.value, locale: ${JSON.stringify(lang.toUpperCase())} } },
      }),
    });
    const result = (await response.json()).data?.result;
    if (result && result.__typename === 'RegisterPayload') {
      const done = ${JSON.stringify(t.done('\u0000'))};
      form.remove();
      status.className = 'ok'; status.textContent = done.replace('\\u0000', result.email);
      return;
    }
    status.className = 'error';
    status.textContent = result ? errors[result.code] || result.message : ${JSON.stringify(t.failed)};
  } catch (error) {
    status.className = 'error'; status.textContent = ${JSON.stringify(t.failed)};
  }
  form.submit.disabled = false;
});`;
  return layout(lang, t.title, body, nonce, script);
}
