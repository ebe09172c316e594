/**
 * What a new user's walk found, in a real browser against `npm start`, with JavaScript ON (where a content security
 * policy violation shows): the sign-in page and the pages run no script the policy blocks; a compliance inspector
 * signs in to the approvals, decides a family centre's case discussion with the form and reaches no other page; the
 * clock panel shows only when signed in.
 */
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, londonDateOf } from '../../functions/core/calendar';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process';
import { ACCOUNTS, apiCall, eventually, accessibilityViolations, launchBrowser, screenshot, type Account } from './browser';

const INSPECTOR = ACCOUNTS.inspector;
const MANAGER = ACCOUNTS.manager;
const COMPLIANCE = ACCOUNTS.compliance;

let runtime: RuntimeProcess;
let browser: Browser;
let inspectionId = '';
let approvalId = '';
/** Every console message of every page, with the page it came from: a CSP violation is reported there. */
const consoleErrors: string[] = [];

const api = (method: string, path: string, who: Account, body?: unknown) => apiCall(runtime.base, method, path, who, body);

function watched(page: Page): Page {
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  return page;
}

async function signIn(context: BrowserContext, who: Account, start = '/app/inspections'): Promise<Page> {
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

  // A family centre judged inadequate with an immediate risk of harm: a case discussion for a compliance inspector (§42).
  const now = (await api('GET', '/_local/clock', MANAGER)).body.now as string;
  const end = londonDateOf(now);
  const logged = await api('POST', '/inspections', INSPECTOR, {
    idempotencyKey: `browser-walk-${process.pid}`,
    process: 'rfc-inspection',
    establishment: { urn: 'SC765999', name: 'Alder Family Centre', kind: 'residential-family-centre', hostAuthority: 'E08000035' },
    provider: { name: 'Alder Care Ltd', email: 'ri@aldercare.example' },
    inspectorId: 'local-inspector-ines',
    dates: { inspectionStart: addCalendarDays(end, -2), inspectionEnd: end },
    children: [{ initials: 'RS', placement: { lookedAfter: true, placingAuthority: 'E08000025' } }],
  });
  expect(logged.status, JSON.stringify(logged.body)).toBe(201);
  inspectionId = logged.body.id as string;
  const outcome = await api('POST', `/inspections/${inspectionId}/outcome`, INSPECTOR, {
    process: 'rfc-inspection',
    overall: 'inadequate',
    assessment: 'inadequate',
    helpedAndProtected: 'inadequate',
    leadersAndManagers: 'inadequate',
    partners: 'requires-improvement',
    immediateRiskOfHarm: true,
    breachOfRegulationsConstitutingOffence: false,
    breachOfRegistrationConditions: false,
    lastInspectionInadequate: false,
    summaryOfConcerns: 'Parents and children are not kept safe at night.',
  });
  expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
  approvalId = await eventually(async () => {
    const queue = await api('GET', '/approvals', COMPLIANCE);
    const found = (queue.body.items as { approvalId: string; inspectionId: string }[]).find((item) => item.inspectionId === inspectionId);
    expect(found).toBeDefined();
    return found!.approvalId;
  });
}, 240_000); // the runtime takes seconds to start; minutes on a loaded shared machine

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

describe('a new user’s walk, with JavaScript on', () => {
  it('signs in with no content security policy violation, on the sign-in page or after it', async () => {
    // Contexts are never closed: @sparticuz/chromium runs single-process, and closing a context can end the browser.
    const context = await browser.newContext({ javaScriptEnabled: true });
    const page = await signIn(context, INSPECTOR);
    await page.waitForURL(`${runtime.base}/app/inspections`);
    await page.goto(`${runtime.base}/app/inspections/${inspectionId}`);
    await expect(page.locator('h1').innerText()).resolves.toBe('Alder Family Centre');
    // The status that says what is awaited and of whom, read by axe too (WCAG 2.2 A/AA).
    await expect(page.locator('main').innerText()).resolves.toContain('Awaiting the case discussion decision from a social care compliance inspector');
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 90_000);

  it('shows no clock panel once signed out (its button needs a session)', async () => {
    const context = await browser.newContext({ javaScriptEnabled: true });
    const page = await signIn(context, MANAGER);
    await expect(page.locator('[aria-label="Local runtime"]').count()).resolves.toBe(1);

    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign out' }).click()]);

    expect(new URL(page.url()).pathname).toBe('/app/auth/signed-out');
    await expect(page.locator('[aria-label="Local runtime"]').count()).resolves.toBe(0);
    await screenshot(page, 'walk-signed-out');
    expect(consoleErrors).toEqual([]);
  }, 90_000);

  it('a compliance inspector signs in to the approvals, decides the case discussion, and reaches no other page', async () => {
    const context = await browser.newContext({ javaScriptEnabled: true });
    const page = await signIn(context, COMPLIANCE);
    // Sign-in comes back to the home page, which for a compliance inspector is the approvals (one more redirect).
    await page.waitForURL(`${runtime.base}/app/approvals`);
    const menu = await page.locator('nav[aria-label="Menu"] a.govuk-service-navigation__link').allInnerTexts();
    expect(menu.map((text) => text.trim())).toEqual(['Approvals']);
    await screenshot(page, 'walk-compliance-approvals');
    // The approvals list with its deadline tags.
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await page.locator(`a[href="/app/approvals/${approvalId}"]`).click();
    await expect(page.locator('h1').innerText()).resolves.toContain('case discussion');
    await page.locator('input[name="decision"][value="requirements-only"]').check();
    await page.locator('#rationale').fill('Requirements with short deadlines address the risk; enforcement is not needed now.');
    await screenshot(page, 'walk-compliance-decision');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Record the decision' }).click()]);

    expect(new URL(page.url()).pathname).toBe('/app/approvals');
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('Decision recorded');
    const inspection = await eventually(async () => {
      const read = await api('GET', `/inspections/${inspectionId}`, MANAGER);
      expect(read.body.inspection.decisions['rfc-case-discussion']).toBeDefined();
      return read.body.inspection;
    });
    expect(inspection.decisions['rfc-case-discussion']).toMatchObject({ decision: 'requirements-only', decidedBy: 'local-compliance-cora' });

    const refused = await page.goto(`${runtime.base}/app/inspections/${inspectionId}`);
    expect(refused?.status()).toBe(403);
    // The browser reports the 403 it was just sent; nothing else.
    expect(consoleErrors.filter((error) => !error.includes('status of 403 (Forbidden)'))).toEqual([]);
  }, 120_000);
});
