/**
 * Signing in and out, CSRF and the links in emails, in a real browser (JavaScript off) against `npm start`. The
 * local sign-in drives the same session code as AWS (functions/web/session.ts): the browser is sent to the identity
 * provider's authorize endpoint (the local one, with Cognito's endpoints), comes back with a code, and the web
 * handler exchanges it (PKCE), verifies the ID token and sets the __Host- session cookie.
 *
 * Then what a new user's walk found, with JavaScript ON (where a content security policy violation shows): the
 * sign-in page and the pages run no script the policy blocks; a compliance inspector signs in to the approvals,
 * decides a family centre's case discussion with the form and reaches no other page; the clock panel shows only when
 * signed in. One runtime and one browser for both (they were two files, each starting its own); the walk comes last
 * and logs its family centre then, so the emails whose links are opened above are still only this file's first
 * inspection's.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process';
import { ACCOUNTS, accessibilityViolations, apiCall, eventually, launchBrowser, logInspectionEndingToday, screenshot, type Account, signInAt } from './browser';
import { rfcInadequateOutcome } from '../support/outcomes';

const INSPECTOR = ACCOUNTS.inspector;
const MANAGER = ACCOUNTS.manager;
const COMPLIANCE = ACCOUNTS.compliance;

let runtime: RuntimeProcess;
let browser: Browser;
let attacker: Server;
let attackerUrl = '';
let approvalId = '';
let inspectionId = '';

const api = (method: string, path: string, who: Account, body?: unknown) => apiCall(runtime.base, method, path, who, body);

interface StoredEmail {
  subject: string;
  destination: { to: string[] };
  body: { text?: string; html?: string };
}

async function emails(): Promise<StoredEmail[]> {
  return ((await (await fetch(`${runtime.ses}/store`)).json()) as { emails: StoredEmail[] }).emails;
}

const signIn = (context: BrowserContext, who: Account, start?: string) => signInAt(context, runtime.base, who, start);

/** Every console message of every page, with the page it came from: a CSP violation is reported there. */
const consoleErrors: string[] = [];

function watched(page: Page): Page {
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  return page;
}

/** Signs in with JavaScript on, every console message of the page watched. */
async function signInWatched(context: BrowserContext, who: Account, start = '/app/inspections'): Promise<Page> {
  const page = watched(await context.newPage());
  await page.goto(`${runtime.base}${start}`);
  expect(new URL(page.url()).pathname).toBe('/_local/auth/oauth2/authorize');
  await page.locator('#email').fill(who.email);
  await page.locator('#password').fill(who.password);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
  return page;
}


beforeAll(async () => {
  // Chromium launches while the runtime starts (each assigned as soon as it is up, so afterAll ends whichever started).
  await Promise.all([startRuntimeProcess().then((started) => (runtime = started)), launchBrowser().then((launched) => (browser = launched))]);
  // Contexts are never closed: @sparticuz/chromium runs single-process, and closing a context can end the browser.
  // Another origin (another port of 127.0.0.1: same site, so a SameSite=Lax cookie still rides along on its POST).
  attacker = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!DOCTYPE html><html lang="en"><head><title>Win a prize</title></head><body><form method="post" action="${runtime.base}/app/approvals/${approvalId}">` +
        '<input type="hidden" name="decision" value="no-further-action"><input type="hidden" name="rationale" value="Decided by a cross-site form.">' +
        '<button type="submit">Claim</button></form></body></html>',
    );
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;

  // An inspection judged inadequate: its case review waits for a manager (approval request email).
  inspectionId = await logInspectionEndingToday(runtime.base, {
    idempotencyKey: `browser-sign-in-${process.pid}`,
    process: 'full-inspection',
    establishment: { urn: 'SC765432', name: 'Rowan House', kind: 'childrens-home', hostAuthority: 'E08000035' },
    provider: { name: 'Rowan Care Ltd', email: 'ri@rowancare.example' },
    initials: 'PQ',
  });
  const outcome = await api('POST', `/inspections/${inspectionId}/outcome`, INSPECTOR, {
    process: 'full-inspection',
    overall: 'inadequate',
    helpedAndProtected: 'inadequate',
    leadersAndManagers: 'requires-improvement',
    summaryOfConcerns: 'Children go missing without a response.',
  });
  expect(outcome.status).toBe(200);
  approvalId = await eventually(async () => {
    const queue = await api('GET', '/approvals', MANAGER);
    const found = (queue.body.items as { approvalId: string; inspectionId: string }[]).find((item) => item.inspectionId === inspectionId);
    expect(found).toBeDefined();
    return found!.approvalId;
  }, 15_000, 100);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  await new Promise((resolve) => attacker?.close(resolve));
});

describe('signing in and out in a browser', () => {
  it('signs in through the identity provider and comes back to the page asked for, with a __Host- session cookie', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await signIn(context, MANAGER, '/app/approvals');

    expect(new URL(page.url()).pathname).toBe('/app/approvals');
    await expect(page.title()).resolves.toBe('Approvals – SCCIF Workflows – GOV.UK');
    const cookies = await context.cookies();
    const session = cookies.find((cookie) => cookie.name === '__Host-sccif-session');
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    expect(cookies.some((cookie) => cookie.name === '__Host-sccif-sign-in')).toBe(false);
    await screenshot(page, 'signed-in-approvals');
  }, 90_000); // a page load takes seconds on a loaded 2-core machine

  it('shows the sign-in page again, with an error, for a wrong password', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await signIn(context, { ...MANAGER, password: 'wrong-password' });

    await expect(page.title()).resolves.toBe('Error: Sign in – SCCIF Workflows – GOV.UK');
    await expect(page.locator('.govuk-error-summary').isVisible()).resolves.toBe(true);
  }, 90_000); // a page load takes seconds on a loaded 2-core machine

  it('signs out: the session ends here and at the provider, and the pages ask to sign in again', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await signIn(context, INSPECTOR);
    await page.getByRole('button', { name: 'Sign out' }).click();

    expect(new URL(page.url()).pathname).toBe('/app/auth/signed-out');
    await expect(page.locator('h1').innerText()).resolves.toBe('You have signed out');
    expect((await context.cookies()).some((cookie) => cookie.name === '__Host-sccif-session')).toBe(false);
    await screenshot(page, 'signed-out');
    await page.goto(`${runtime.base}/app/inspections`);
    expect(new URL(page.url()).pathname).toBe('/_local/auth/oauth2/authorize');
  }, 90_000); // a page load takes seconds on a loaded 2-core machine

  it('refuses a cross-site form that rides on the session cookie: 403, the decision not recorded', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    await signIn(context, MANAGER);
    const page = await context.newPage();
    await page.goto(attackerUrl);

    const [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Claim' }).click()]);

    expect(response?.status()).toBe(403);
    await expect(page.locator('h1').innerText()).resolves.toBe('You do not have permission to see this page');
    const approval = await api('GET', '/approvals', MANAGER);
    expect((approval.body.items as { approvalId: string }[]).some((item) => item.approvalId === approvalId)).toBe(true);
    await screenshot(page, 'csrf-refused');
  }, 90_000); // a page load takes seconds on a loaded 2-core machine
});

describe('the links in emails', () => {
  it('opens every link of every email sent (approval request, escalation) with 200, signed in as a manager', async () => {
    // Let the case review go overdue: its wait times out at the statutory deadline and escalates.
    await eventually(async () => {
      if (!(await emails()).some((email) => /^Escalation:/.test(email.subject))) {
        await api('POST', '/_local/clock/advance', MANAGER, { toNextDeadline: true });
      }
      expect((await emails()).some((email) => /^Escalation:/.test(email.subject))).toBe(true);
    }, 30_000, 100);

    // Each link, and the subjects of the emails with links (a link in several emails, as in the senior manager's copy
    // of an escalation, is opened once).
    const links = new Set<string>();
    const subjects = new Set<string>();
    for (const email of await emails()) {
      const found = [
        ...[...(email.body.html ?? '').matchAll(/href="([^"]+)"/g)].map((match) => match[1]!.replace(/&amp;/g, '&')),
        ...[...(email.body.text ?? '').matchAll(/https?:\/\/\S+/g)].map((match) => match[0]),
      ];
      for (const link of found) links.add(link);
      if (found.length > 0) subjects.add(email.subject);
    }
    expect([...subjects].some((subject) => /^Approval needed:/.test(subject))).toBe(true);
    expect([...subjects].some((subject) => /^Escalation:/.test(subject))).toBe(true);
    expect(links.has(`${runtime.base}/app/approvals/${approvalId}`)).toBe(true);
    expect(links.has(`${runtime.base}/app/inspections/${inspectionId}`)).toBe(true);

    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const statuses: Record<string, number | undefined> = {};
    for (const link of links) {
      let response = await page.goto(link);
      if (new URL(page.url()).pathname === '/_local/auth/oauth2/authorize') {
        // The first link signs the manager in, then comes back to it.
        await page.locator('#email').fill(MANAGER.email);
        await page.locator('#password').fill(MANAGER.password);
        [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
      }
      expect(page.url()).toBe(link);
      statuses[link] = response?.status();
    }
    expect(Object.values(statuses).every((status) => status === 200), JSON.stringify(statuses)).toBe(true);
  }, 90_000);
});

describe('a new user’s walk, with JavaScript on', () => {
  let centreId = '';
  let caseDiscussionId = '';

  beforeAll(async () => {
    // A family centre judged inadequate with an immediate risk of harm: a case discussion for a compliance inspector (§42).
    centreId = await logInspectionEndingToday(runtime.base, {
      idempotencyKey: `browser-walk-${process.pid}`,
      process: 'rfc-inspection',
      establishment: { urn: 'SC765999', name: 'Alder Family Centre', kind: 'residential-family-centre', hostAuthority: 'E08000035' },
      provider: { name: 'Alder Care Ltd', email: 'ri@aldercare.example' },
      initials: 'RS',
    });
    const outcome = await api('POST', `/inspections/${centreId}/outcome`, INSPECTOR, {
      ...rfcInadequateOutcome({ immediateRiskOfHarm: true }),
      summaryOfConcerns: 'Parents and children are not kept safe at night.',
    });
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
    caseDiscussionId = await eventually(async () => {
      const queue = await api('GET', '/approvals', COMPLIANCE);
      const found = (queue.body.items as { approvalId: string; inspectionId: string }[]).find((item) => item.inspectionId === centreId);
      expect(found).toBeDefined();
      return found!.approvalId;
    });
  }, 120_000); // an inadequate outcome, then its case discussion in the queue: seconds, more on a loaded machine

  it('signs in with no content security policy violation, on the sign-in page or after it', async () => {
    // Contexts are never closed: @sparticuz/chromium runs single-process, and closing a context can end the browser.
    const context = await browser.newContext({ javaScriptEnabled: true });
    const page = await signInWatched(context, INSPECTOR);
    await page.waitForURL(`${runtime.base}/app/inspections`);
    await page.goto(`${runtime.base}/app/inspections/${centreId}`);
    await expect(page.locator('h1').innerText()).resolves.toBe('Alder Family Centre');
    // The status that says what is awaited and of whom, read by axe too (WCAG 2.2 A/AA).
    await expect(page.locator('main').innerText()).resolves.toContain('Awaiting the case discussion decision from a social care compliance inspector');
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 90_000);

  it('shows no clock panel once signed out (its button needs a session)', async () => {
    const context = await browser.newContext({ javaScriptEnabled: true });
    const page = await signInWatched(context, MANAGER);
    await expect(page.locator('[aria-label="Local runtime"]').count()).resolves.toBe(1);

    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign out' }).click()]);

    expect(new URL(page.url()).pathname).toBe('/app/auth/signed-out');
    await expect(page.locator('[aria-label="Local runtime"]').count()).resolves.toBe(0);
    await screenshot(page, 'walk-signed-out');
    expect(consoleErrors).toEqual([]);
  }, 90_000);

  it('a compliance inspector signs in to the approvals, decides the case discussion, and reaches no other page', async () => {
    const context = await browser.newContext({ javaScriptEnabled: true });
    const page = await signInWatched(context, COMPLIANCE);
    // Sign-in comes back to the home page, which for a compliance inspector is the approvals (one more redirect).
    await page.waitForURL(`${runtime.base}/app/approvals`);
    const menu = await page.locator('nav[aria-label="Menu"] a.govuk-service-navigation__link').allInnerTexts();
    expect(menu.map((text) => text.trim())).toEqual(['Approvals']);
    await screenshot(page, 'walk-compliance-approvals');
    // The approvals list with its deadline tags.
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await page.locator(`a[href="/app/approvals/${caseDiscussionId}"]`).click();
    await expect(page.locator('h1').innerText()).resolves.toContain('case discussion');
    await page.locator('input[name="decision"][value="requirements-only"]').check();
    await page.locator('#rationale').fill('Requirements with short deadlines address the risk; enforcement is not needed now.');
    await screenshot(page, 'walk-compliance-decision');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Record the decision' }).click()]);

    expect(new URL(page.url()).pathname).toBe('/app/approvals');
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('Decision recorded');
    const inspection = await eventually(async () => {
      const read = await api('GET', `/inspections/${centreId}`, MANAGER);
      expect(read.body.inspection.decisions['rfc-case-discussion']).toBeDefined();
      return read.body.inspection;
    });
    expect(inspection.decisions['rfc-case-discussion']).toMatchObject({ decision: 'requirements-only', decidedBy: 'local-compliance-cora' });

    const refused = await page.goto(`${runtime.base}/app/inspections/${centreId}`);
    expect(refused?.status()).toBe(403);
    // The browser reports the 403 it was just sent; nothing else.
    expect(consoleErrors.filter((error) => !error.includes('status of 403 (Forbidden)'))).toEqual([]);
  }, 120_000);
});
