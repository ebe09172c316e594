/**
 * A real browser for page tests: the Chromium that the npm package @sparticuz/chromium ships inside itself (so
 * `npm ci` is the whole set-up: no system browser, no download), driven by playwright-core; axe-core for WCAG 2.2
 * A/AA; screenshots saved under test-results/screenshots with SCREENSHOTS=1.
 */
import packagedChromium from '@sparticuz/chromium';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page, type Route } from 'playwright-core';
import { expect } from 'vitest';
import { addCalendarDays, londonDateOf } from '../../functions/core/calendar';

const SCREENSHOTS = 'test-results/screenshots';
const FAILED_PAGES = 'test-results/axe';

/** The package's own flags (headless, no sandbox, single process) plus ours: nothing may reach the network. */
const OFFLINE_ARGS = ['--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * The package's flags give Lambda a GPU emulated on the CPU (ANGLE on SwiftShader, in process), which composited every
 * frame: half of Chromium's CPU in these tests. Without a GPU Chromium paints in software as it does on a machine
 * without one. Layout, computed styles and hit testing (what axe-core reads) do not depend on it: every axe-core rule
 * gave the same nodes and check data on 7 pages either way, in the commit that brought this in.
 */
const EMULATED_GPU = /^--(use-gl|use-angle|enable-unsafe-swiftshader|in-process-gpu|ignore-gpu-blocklist)\b/;
/**
 * The package's flags also turn off the same-origin policy and let an https page load http content (for Lambda's own
 * uses). A browser test should see what a user's browser does: a cross-origin read refused, a Content Security Policy
 * or CORS regression shown. Left out here; the site-isolation flags stay (single-process needs them).
 */
const UNSAFE_WEB = /^--(disable-web-security|allow-running-insecure-content)\b/;
const ARGS = [...packagedChromium.args.filter((arg) => !EMULATED_GPU.test(arg) && !UNSAFE_WEB.test(arg)), '--disable-gpu', ...OFFLINE_ARGS];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    // Unpacks the packaged binary to the temp folder on first use (about 2.5 s here), then reuses it.
    executablePath: await packagedChromium.executablePath(),
    args: ARGS,
    headless: true,
  });
}

/** The WCAG 2.2 A and AA rules of axe-core, and only those (its best-practice rules are not WCAG criteria). */
const WCAG_22_A_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/**
 * axe-core's minified build, the one @axe-core/playwright depends on (that package's default source is the unminified
 * build, 1.3 MB against 0.58 MB, and its `analyze()` evaluates it twice a page; with a second blank page per run
 * unless in legacy mode).
 */
const AXE_SOURCE = readFileSync(
  createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright')).resolve('axe-core/axe.min.js'),
  'utf8',
);

export type Violation = { id: string; impact: string; targets: string[] };

/** The part of axe-core's result read here. */
interface AxeViolations {
  violations: { id: string; impact?: string | null; nodes: { target: unknown[] }[] }[];
}

/**
 * The WCAG 2.2 A and AA violations (rule id, impact, and where) of the document in `page` as it is now, by the axe-core
 * already evaluated in it. axe-core runs in the page itself, as AxeBuilder's legacy mode does (our pages have no
 * frames, so there are no per-frame results to merge in a second page); `resultTypes` makes selectors for the
 * violations only (passes and incomplete results keep one node each): the same rules, the same violations.
 *
 * `preload` keeps the media (no-autoplay-audio reads it) and leaves out the CSSOM, which axe-core otherwise fetches and
 * parses again on every run (govuk-frontend's 136 KB) for css-orientation-lock alone: an experimental rule, which a
 * run by tags never runs. Every rule's passes, violations, incomplete and inapplicable nodes with their check data
 * were the same on the 23 documents of this file either way (2026-11-30).
 */
async function runAxe(page: Page): Promise<Violation[]> {
  const options = { runOnly: { type: 'tag', values: WCAG_22_A_AA }, resultTypes: ['violations'], preload: { assets: ['media'] } };
  const results = (await page.evaluate(`axe.run(document, ${JSON.stringify(options)})`)) as AxeViolations;
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: String(violation.impact),
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
}

/** A page as a user saw it: its address and its document (after a POST too, e.g. a form with its error summary). */
export interface PageSnapshot {
  readonly url: string;
  readonly html: string;
}

export async function snapshot(page: Page): Promise<PageSnapshot> {
  return { url: page.url(), html: await page.content() };
}

/**
 * axe runs as a script, and a page with JavaScript off runs none (Playwright's evaluate waits for ever there). These
 * pages load no script of their own, so they are the same with it on: `replay` shows the snapshot's document at its
 * own address in `page` (a script-enabled page of the same browser; the stylesheets, fonts and images come from the
 * server), so axe checks the page in the state it was seen in, without going through the flow again.
 */
export async function replay(page: Page, seen: PageSnapshot): Promise<void> {
  const address = seen.url.split('#')[0];
  const document = (url: URL) => url.href === address;
  const serve = (route: Route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: seen.html });
  await page.route(document, serve);
  try {
    await page.goto(address!);
  } finally {
    await page.unroute(document, serve);
  }
}

/**
 * Runs in the page (a script: this project's TypeScript has no DOM types) on a page seen: replaces the document by
 * the one seen (the window, and the axe-core evaluated in it, stay), at the address it was seen at, and resolves once
 * its stylesheets, images and fonts have loaded or failed, as a load would.
 */
const SHOW_DOCUMENT = `async ({ url, html }) => {
  history.replaceState(null, '', url);
  document.open();
  document.write(html);
  document.close();
  // Polled rather than awaited as load events: an event missed (fired before its listener) cannot leave it waiting.
  const failed = new Set();
  const sheets = [...document.querySelectorAll('link[rel="stylesheet"]')];
  for (const link of sheets) link.addEventListener('error', () => failed.add(link));
  const waiting = () => sheets.some((link) => !link.sheet && !failed.has(link)) || [...document.images].some((image) => !image.complete);
  while (waiting()) await new Promise((resolve) => setTimeout(resolve, 20));
  await document.fonts.ready;
}`;

/** What SHOW_DOCUMENT is still waiting for, in words. */
const PENDING = `JSON.stringify({
  readyState: document.readyState,
  sheets: [...document.querySelectorAll('link[rel="stylesheet"]')].filter((link) => !link.sheet).map((link) => link.href),
  images: [...document.images].filter((image) => !image.complete).map((image) => image.src),
  fonts: document.fonts.status,
})`;

/** How long a page replacing the document in place may take to load its stylesheets and fonts (a load takes ~0.1 s). */
const SHOW_DOCUMENT_MS = 5_000;

/**
 * The pages a test file saw with JavaScript off, by name: each is checked with axe once, in the state it was seen in,
 * replayed in one script-enabled page of the same browser.
 */
export class SeenPages {
  readonly pages = new Map<string, PageSnapshot>();
  private readonly checked = new Set<string>();
  private axePage: Page | undefined;
  /** The origin of the document axe-core was evaluated in (a replay's), once there is one. */
  private axeOrigin: string | undefined;

  constructor(private readonly browser: () => Browser) {}

  /** Records the page as it is now for the accessibility pass and saves a screenshot. */
  async seen(page: Page, name: string): Promise<void> {
    if (this.pages.has(name)) throw new Error(`a page named ${name} was seen already`);
    this.pages.set(name, await snapshot(page));
    await screenshot(page, name);
  }

  /**
   * The WCAG 2.2 A/AA violations of a page seen with JavaScript off. The first page is replayed at its address and
   * axe-core evaluated in it; each later page of the same origin replaces that document (`document.open()`, `write`,
   * `close()`, at its own address by `history.replaceState`), whose stylesheets, images and fonts are awaited as a
   * load would, and axe-core, kept by the window, runs again. Evaluating axe-core's 0.58 MB in every page was most of
   * the accessibility pass's CPU; the results are the same (every rule's passes, violations, incomplete and
   * inapplicable nodes with their check data were compared on 7 pages, in the commit that brought this in).
   */
  async violationsOf(seen: PageSnapshot): Promise<Violation[]> {
    // Contexts are never closed: @sparticuz/chromium runs single-process, and closing a context can end the browser.
    let page = (this.axePage ??= await (await this.browser().newContext()).newPage());
    if (this.axeOrigin === new URL(seen.url).origin) {
      const shown = page.evaluate(`(${SHOW_DOCUMENT})(${JSON.stringify({ url: seen.url, html: seen.html })})`).then(() => true);
      shown.catch(() => undefined);
      const timer = new Promise<false>((resolve) => setTimeout(() => resolve(false), SHOW_DOCUMENT_MS));
      if (await Promise.race([shown, timer])) return runAxe(page);
      // Twice in full runs (2026-11-30, /app/inspections/new) the replaced document never finished loading, and each
      // later page in that page waited as long: check this page and the next ones in a new page, as the first was.
      // What it was still waiting for, so that the next time it fires says where the cause is (not found yet).
      const pending = await Promise.race([page.evaluate(PENDING).catch((error: Error) => `unknown (${error.message})`), new Promise((resolve) => setTimeout(() => resolve('unknown (no answer in 1 s)'), 1_000))]);
      process.stderr.write(`axe: ${seen.url} did not load its stylesheets and fonts in ${SHOW_DOCUMENT_MS} ms in place (waiting for ${pending}); replayed in a new page\n`);
      page = this.axePage = await (await this.browser().newContext()).newPage();
    }
    await replay(page, seen);
    await page.evaluate(AXE_SOURCE);
    this.axeOrigin = new URL(seen.url).origin;
    return runAxe(page);
  }

  /** The pages seen and not checked yet, by name. */
  get unchecked(): string[] {
    return [...this.pages.keys()].filter((name) => !this.checked.has(name));
  }

  /**
   * The violations of every page seen and not checked yet, by page name (pages without any left out; their HTML kept
   * in test-results/axe).
   */
  async violations(): Promise<Record<string, Violation[]>> {
    const failures: Record<string, Violation[]> = {};
    for (const name of this.unchecked) {
      const seen = this.pages.get(name)!;
      this.checked.add(name);
      const violations = await this.violationsOf(seen);
      if (violations.length === 0) continue;
      failures[name] = violations;
      mkdirSync(FAILED_PAGES, { recursive: true });
      writeFileSync(`${FAILED_PAGES}/${name}.html`, seen.html);
    }
    return failures;
  }
}

/**
 * With SCREENSHOTS=1 (`SCREENSHOTS=1 npx vitest run test/browser`): what the browser window shows (1280 x 720), or the
 * whole page with SCREENSHOTS=full. Off by default: they assert nothing, and cost an eighth of the flow's time here
 * (a full page 5 to 12 times a window's: the window grows to the page's height and software rendering paints it all).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const wanted = process.env.SCREENSHOTS;
  if (wanted !== '1' && wanted !== 'full') return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: wanted === 'full' });
}

/** The local accounts the browser tests sign in with (infra/local/server.ts LOCAL_ACCOUNTS). */
export const ACCOUNTS = {
  inspector: { email: 'ines.inspector@ofsted.local', password: 'inspector-pass' },
  manager: { email: 'maya.manager@ofsted.local', password: 'manager-pass' },
  compliance: { email: 'cora.compliance@ofsted.local', password: 'compliance-pass' },
} as const;
export type Account = { readonly email: string; readonly password: string };

/** Opens `start` on the local runtime at `base` in a new page, which asks to sign in, and signs `who` in at the local provider. */
export async function signInAt(context: BrowserContext, base: string, who: Account, start = '/app/inspections'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}${start}`);
  expect(new URL(page.url()).pathname).toBe('/_local/auth/oauth2/authorize');
  await page.locator('#email').fill(who.email);
  await page.locator('#password').fill(who.password);
  // The click returns once the form is sent; wait for the page it leads to (a wrong password answers the same address,
  // so waiting for a URL would not do), else a title read next can see the document in between, with no title.
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
  return page;
}

/** A JSON API call to the local runtime at `base`, with HTTP Basic credentials (the JSON API only). */
export async function apiCall(base: string, method: string, path: string, who: Account, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${who.email}:${who.password}`).toString('base64')}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/**
 * Logs, through the API as the local inspector, an inspection that ended today (London time, on the runtime's clock)
 * after three days, with one looked-after child placed by Manchester; returns its id.
 */
export async function logInspectionEndingToday(
  base: string,
  inspection: { idempotencyKey: string; process: string; establishment: Record<string, string>; provider: Record<string, string>; initials: string },
): Promise<string> {
  const now = (await apiCall(base, 'GET', '/_local/clock', ACCOUNTS.manager)).body.now as string;
  const end = londonDateOf(now);
  const { initials, ...request } = inspection;
  const logged = await apiCall(base, 'POST', '/inspections', ACCOUNTS.inspector, {
    ...request,
    inspectorId: 'local-inspector-ines',
    dates: { inspectionStart: addCalendarDays(end, -2), inspectionEnd: end },
    children: [{ initials, placement: { lookedAfter: true, placingAuthority: 'E08000025' } }],
  });
  expect(logged.status, JSON.stringify(logged.body)).toBe(201);
  return logged.body.id as string;
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
