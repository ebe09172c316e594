/**
 * A real browser for page tests: the Chromium that the npm package @sparticuz/chromium ships inside itself (so
 * `npm ci` is the whole set-up: no system browser, no download), driven by playwright-core; axe-core for WCAG 2.2
 * A/AA; screenshots saved under test-results/screenshots as test artefacts.
 */
import AxeBuilder from '@axe-core/playwright';
import packagedChromium from '@sparticuz/chromium';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

const SCREENSHOTS = 'test-results/screenshots';

/** The package's own flags (headless, no sandbox, no GPU) plus ours: nothing may reach the network. */
const OFFLINE_ARGS = ['--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    // Unpacks the packaged binary to the temp folder on first use (about 2.5 s here), then reuses it.
    executablePath: await packagedChromium.executablePath(),
    args: [...packagedChromium.args, ...OFFLINE_ARGS],
    headless: true,
  });
}

/** WCAG 2.2 A and AA violations on the page as it is now (rule id, impact, and where). */
export async function accessibilityViolations(page: Page): Promise<{ id: string; impact: string; targets: string[] }[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'])
    .analyze();
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: String(violation.impact),
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

/** The local accounts the browser tests sign in with (infra/local/server.ts LOCAL_ACCOUNTS). */
export const ACCOUNTS = {
  inspector: { email: 'ines.inspector@ofsted.local', password: 'inspector-pass' },
  manager: { email: 'maya.manager@ofsted.local', password: 'manager-pass' },
  compliance: { email: 'cora.compliance@ofsted.local', password: 'compliance-pass' },
} as const;
export type Account = { readonly email: string; readonly password: string };

/** A JSON API call to the local runtime at `base`, with HTTP Basic credentials (the JSON API only). */
export async function apiCall(base: string, method: string, path: string, who: Account, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${who.email}:${who.password}`).toString('base64')}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Retries `check` until it passes or `timeoutMs` has gone by (then its last error). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}
