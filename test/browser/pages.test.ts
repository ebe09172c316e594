/**
 * The web pages in a real browser against `npm start`: the whole flow runs with JavaScript OFF (GOV.UK services must
 * work without it); every page visited is also checked with axe-core (WCAG 2.2 A/AA) as it was seen (error summaries
 * after a POST too), replayed in a second, script-enabled context, since axe runs as a script. Screenshots of each
 * page land in test-results/screenshots with SCREENSHOTS=1. The register pages are in register-pages.test.ts (a file
 * of their own, so that the two run side by side).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, londonDateOf } from '../../functions/core/calendar';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process';
import { launchBrowser, SeenPages, signInAt, type Account } from './browser';

const INSPECTOR = { email: 'ines.inspector@ofsted.local', password: 'inspector-pass' };
const MANAGER = { email: 'maya.manager@ofsted.local', password: 'manager-pass' };

let runtime: RuntimeProcess;
let browser: Browser;
const visited = new SeenPages(() => browser);

beforeAll(async () => {
  // Chromium launches while the runtime starts (each assigned as soon as it is up, so afterAll ends whichever started).
  await Promise.all([startRuntimeProcess().then((started) => (runtime = started)), launchBrowser().then((launched) => (browser = launched))]);
}, 180_000); // the runtime takes seconds to start; minutes on a loaded shared machine

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

const signIn = (context: BrowserContext, who: Account) => signInAt(context, runtime.base, who);

/** Records the page for the accessibility pass and saves a screenshot. */
const seen = (page: Page, name: string) => visited.seen(page, name);

function dateParts(date: string) {
  const [year, month, day] = date.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year: year! };
}

async function fillDate(page: Page, prefix: string, date: string) {
  const parts = dateParts(date);
  await page.locator(`#${prefix}-day`).fill(parts.day);
  await page.locator(`#${prefix}-month`).fill(parts.month);
  await page.locator(`#${prefix}-year`).fill(parts.year);
}

describe('the web pages, without JavaScript', () => {
  let inspector: Page;
  let inspectionUrl = '';

  it('signs an inspector in and lists inspections', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    inspector = await signIn(context, INSPECTOR);
    await expect(inspector.title()).resolves.toBe('Inspections – SCCIF Workflows – GOV.UK');
    await expect(inspector.getByRole('link', { name: 'Approvals' }).count()).resolves.toBe(0);
    await seen(inspector, 'inspections-empty');
  });

  it('shows the GOV.UK error summary and an inline error for an impossible date', async () => {
    await inspector.goto(`${runtime.base}/app/inspections/new`);
    await inspector.locator('#process-2').check();
    await inspector.locator('#establishment-name').fill('Birch Lodge');
    await inspector.locator('#establishment-urn').fill('SC654321');
    await inspector.locator('#establishment-kind').check();
    await inspector.locator('#establishment-host-authority').selectOption('E08000035');
    await inspector.locator('#provider-name').fill('Birch Care Ltd');
    await inspector.locator('#provider-email').fill('ri@birchcare.example');
    await fillDate(inspector, 'inspection-start', '2027-02-26');
    await inspector.locator('#inspection-end-day').fill('30');
    await inspector.locator('#inspection-end-month').fill('2');
    await inspector.locator('#inspection-end-year').fill('2027');
    await inspector.getByRole('button', { name: 'Log the inspection' }).click();
    const summary = inspector.locator('.govuk-error-summary');
    await expect(summary.isVisible()).resolves.toBe(true);
    await expect(summary.innerText()).resolves.toMatch(/real calendar date|real date|30/);
    await expect(inspector.locator('.govuk-error-message').count()).resolves.toBeGreaterThan(0);
    await seen(inspector, 'log-inspection-errors');
  });

  it('logs a full inspection and opens its timeline', async () => {
    const clock = (await (
      await fetch(`${runtime.base}/_local/clock`, { headers: { authorization: `Basic ${Buffer.from(`${MANAGER.email}:${MANAGER.password}`).toString('base64')}` } })
    ).json()) as { now: string };
    const end = londonDateOf(clock.now);
    await inspector.goto(`${runtime.base}/app/inspections/new`);
    await seen(inspector, 'log-inspection');
    await inspector.locator('#process-2').check();
    await inspector.locator('#establishment-name').fill('Birch Lodge');
    await inspector.locator('#establishment-urn').fill('SC654321');
    await inspector.locator('#establishment-kind').check();
    await inspector.locator('#establishment-host-authority').selectOption('E08000035');
    await inspector.locator('#provider-name').fill('Birch Care Ltd');
    await inspector.locator('#provider-email').fill('ri@birchcare.example');
    await fillDate(inspector, 'inspection-start', addCalendarDays(end, -2));
    await fillDate(inspector, 'inspection-end', end);
    await inspector.locator('#children-1-initials').fill('JK');
    await inspector.locator('#children-1-looked-after').check();
    await inspector.locator('#children-1-placing-authority').selectOption('E08000025');
    await inspector.getByRole('button', { name: 'Log the inspection' }).click();
    expect(inspector.url()).toMatch(/\/app\/inspections\/insp-[0-9a-f]+/);
    inspectionUrl = inspector.url().split('?')[0]!;
    await expect(inspector.locator('h1').innerText()).resolves.toBe('Birch Lodge');
    await expect(inspector.locator('body').innerText()).resolves.toMatch(/Report sent to the provider/);
    await seen(inspector, 'inspection-logged');
  });

  it('records an inadequate outcome and shows the LA alerts in the notifications ledger', async () => {
    await inspector.goto(`${inspectionUrl}/outcome`);
    await seen(inspector, 'outcome-form');
    // §37 in plain words: overall "good" cannot stand with helped and protected "inadequate".
    await inspector.locator('#helpedAndProtected-4').check();
    await inspector.locator('#leadersAndManagers-3').check();
    await inspector.locator('#overall-2').check();
    await inspector.locator('#summaryOfConcerns').fill('Children go missing without a response; fire doors wedged open.');
    await inspector.getByRole('button', { name: 'Record the outcome' }).click();
    await expect(inspector.locator('.govuk-error-summary').innerText()).resolves.toMatch(/§37/);
    await seen(inspector, 'outcome-rejected');

    await inspector.locator('#overall-4').check();
    await inspector.getByRole('button', { name: 'Record the outcome' }).click();
    expect(inspector.url()).toContain(inspectionUrl);
    // The alerts go out asynchronously: reload until the ledger lists them.
    for (let attempt = 0; attempt < 40; attempt += 1) {
      if (/Birmingham/.test(await inspector.locator('body').innerText())) break;
      await inspector.waitForTimeout(100);
      await inspector.reload();
    }
    const body = await inspector.locator('body').innerText();
    expect(body).toMatch(/Birmingham/);
    expect(body).toMatch(/Leeds/);
    await seen(inspector, 'inspection-alerts');
  });

  it('lets a manager, not the inspector, approve the case review', async () => {
    const denied = await inspector.goto(`${runtime.base}/app/approvals`);
    expect(denied?.status()).toBe(403);

    const manager = await signIn(await browser.newContext({ javaScriptEnabled: false }), MANAGER);
    await manager.goto(`${runtime.base}/app/approvals`);
    await seen(manager, 'approvals');
    await manager.getByRole('link', { name: /Decide/ }).first().click();
    await seen(manager, 'approval-decision');
    await manager.getByRole('button', { name: /Record|Submit|Confirm|Save/ }).first().click();
    await expect(manager.locator('.govuk-error-summary').isVisible()).resolves.toBe(true);
    await manager.locator('input[name="decision"][value="monitoring-visit"]').check();
    await manager.locator('textarea[name="rationale"]').fill('Serious concerns: return with a monitoring visit inside 6 to 8 weeks.');
    await manager.getByRole('button', { name: /Record|Submit|Confirm|Save/ }).first().click();
    expect(manager.url()).toContain('/app/approvals');

    // The clock panel: move a week on and see the timeline move.
    await manager.goto(inspectionUrl);
    const before = await manager.locator('body').innerText();
    await manager.getByRole('button', { name: 'Move on 1 week' }).click();
    expect(manager.url()).toContain(inspectionUrl);
    const after = await manager.locator('body').innerText();
    expect(after).not.toBe(before);
    expect(after).toMatch(/monitoring visit/i);
    await seen(manager, 'inspection-after-a-week');
  }, 120_000); // a sign-in and a week of virtual time: seconds alone, more on a loaded machine

  it('finds no WCAG 2.2 A/AA violations on any page visited', async () => {
    expect(visited.pages.size).toBeGreaterThanOrEqual(8);
    const failures = await visited.violations();
    expect(failures, JSON.stringify(failures, null, 1)).toEqual({});
  }, 300_000); // axe analyses every page seen (10): under a second a page on a quiet 2-core machine, several at load average 20
});
