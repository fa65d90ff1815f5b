import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { launchBrowser } from './helpers/browser.js';
import { disposeAfterAll } from './helpers/dispose.js';
import { startTestServer } from './helpers/server.js';

const server = await startTestServer();
const browser = await launchBrowser();
disposeAfterAll(() => browser.close());

/** A page that may reach this machine only: every other request is aborted and remembered. */
async function offlinePage(locale: 'pl-PL' | 'en-GB') {
  const page = await browser.newPage({ locale, extraHTTPHeaders: { 'accept-language': locale } });
  const blocked: string[] = [];
  await page.context().route('**/*', async (route) => {
    const { hostname } = new URL(route.request().url());
    if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
    blocked.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  return { page, blocked };
}

/** GraphiQL's editors draw text with non-breaking spaces; compare it with ordinary ones. */
const textOf = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ');

async function runInGraphiQL(page: Page) {
  await page.locator('.graphiql-execute-button').click();
  await expect.poll(() => textOf(page, '.graphiql-response'), { timeout: 15_000 }).toContain('"plans"');
  return textOf(page, '.graphiql-response');
}

describe('the landing page', () => {
  it('says what Konekt is and links to GraphiQL, the registration page and the README, in Polish or English', async () => {
    const polish = await fetch(`${server.baseUrl}/`);
    expect(polish.status).toBe(200);
    const pl = await polish.text();
    expect(pl).toContain('<html lang="pl">');
    expect(pl).toContain('Konekt przekazuje dokumenty z programu sprzedażowego');
    expect(pl).toContain('href="/graphql?lang=pl"');
    expect(pl).toContain('href="/register?lang=pl"');
    expect(pl).toContain('<strong>Troubleshooting</strong> — komunikaty przy starcie serwera');

    for (const english of [
      await fetch(`${server.baseUrl}/?lang=en`),
      await fetch(`${server.baseUrl}/`, { headers: { 'accept-language': 'en-US,en;q=0.9' } }),
    ]) {
      const en = await english.text();
      expect(en).toContain('<html lang="en">');
      expect(en).toContain('Konekt carries documents from a company&#39;s sales program');
      expect(en).toContain('<strong>Quick start</strong> — the server and the tests in two commands');
    }
    expect((await fetch(`${server.baseUrl}/`, { method: 'HEAD' })).status).toBe(200);
  });
});

describe('GraphiQL with no internet', () => {
  it('opens from the landing page on the Konekt welcome query and runs it', async () => {
    const { page, blocked } = await offlinePage('pl-PL');
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('link', { name: 'GraphiQL' }).click();
    await expect.poll(() => page.title()).toBe('Konekt · GraphiQL');
    await expect.poll(() => textOf(page, '.graphiql-query-editor'), { timeout: 15_000 }).toContain('# Witaj w Konekt');
    // The commented-out Authorization line in the default headers sends nothing.
    const result = await runInGraphiQL(page);
    expect(result).toContain('"monthlyDocumentLimit": 5000');
    expect(blocked).toEqual([]);
    await page.close();
  });

  it('runs { plans { code } } and shows the result', async () => {
    const { page, blocked } = await offlinePage('en-GB');
    await page.goto(`${server.url}?query=${encodeURIComponent('{ plans { code } }')}`);
    const result = await runInGraphiQL(page);
    for (const code of ['FREE', 'STANDARD', 'BUSINESS']) expect(result).toContain(`"code": "${code}"`);
    expect(blocked).toEqual([]);
    await page.close();
  });
});
