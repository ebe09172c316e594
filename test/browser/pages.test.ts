/**
 * The web pages in a real browser against `npm start`: the whole flow runs with JavaScript OFF (GOV.UK services must
 * work without it); every page visited is also checked with axe-core (WCAG 2.2 A/AA) as it was seen (error summaries
 * after a POST too), replayed in a second, script-enabled context, since axe runs as a script. Screenshots of each
 * page land in test-results/screenshots with SCREENSHOTS=1. Then the register pages, with the same runtime, browser and
 * signed-in users: the register, an establishment and the inspection plan; a requirement recorded on an inspection;
 * the register forms and the enforcement form as a manager.
 *
 * One runtime and one browser for both (they were two files, each starting its own and signing both users in again:
 * a start and two sign-ins were a third of each file's CPU). The register part comes second: the approval the first
 * part decides is then the only one, and the week it moves on leaves the register's pages as they were.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, londonDateOf } from '../../functions/core/calendar';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process';
import { ACCOUNTS, launchBrowser, logInspectionEndingToday, SeenPages, signInAt, snapshot, screenshot, type Account } from './browser';

const INSPECTOR = ACCOUNTS.inspector;
const MANAGER = ACCOUNTS.manager;

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

/** The inspector and the manager, each signed in once (JavaScript off), in the first part; the register part reuses them. */
let inspector: Page;
let manager: Page;

describe('the web pages, without JavaScript', () => {
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

    manager = await signIn(await browser.newContext({ javaScriptEnabled: false }), MANAGER);
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
    expect(visited.unchecked.length).toBeGreaterThanOrEqual(8);
    const failures = await visited.violations();
    expect(failures, JSON.stringify(failures, null, 1)).toEqual({});
  }, 300_000); // axe analyses every page seen (10): under a second a page on a quiet 2-core machine, several at load average 20
});

describe('the register pages, without JavaScript', () => {
  let inspectionId = '';

  beforeAll(async () => {
    // An inspection to record a requirement on (the first part logs one with the form).
    inspectionId = await logInspectionEndingToday(runtime.base, {
      idempotencyKey: `browser-register-${process.pid}`,
      process: 'full-inspection',
      establishment: { urn: 'SC654322', name: 'Beech Lodge', kind: 'childrens-home', hostAuthority: 'E08000035' },
      provider: { name: 'Beech Care Ltd', email: 'ri@beechcare.example' },
      initials: 'JK',
    });
  });

  it('shows the register, an establishment with its vacancy warnings, and the inspection plan filtered to overdue windows', async () => {
    await inspector.goto(`${runtime.base}/app/establishments`);
    await expect(inspector.locator('table').innerText()).resolves.toContain('Hazel Grove');
    // Axe checks the register and this establishment as a manager (below): the same pages with the manager's links.
    await screenshot(inspector, 'establishments');

    await inspector.getByRole('link', { name: 'Hazel Grove' }).click();
    const establishment = await inspector.locator('main').innerText();
    expect(establishment).toContain('URN SC100006');
    expect(establishment).toMatch(/no registered manager since/);
    expect(establishment).toContain('Inspection plan');
    await screenshot(inspector, 'establishment');

    await inspector.goto(`${runtime.base}/app/inspection-plan`);
    await inspector.locator('#risk').selectOption('overdue');
    await inspector.getByRole('button', { name: 'Apply filters' }).click();
    expect(inspector.url()).toContain('risk=overdue');
    const plan = await inspector.locator('main').innerText();
    expect(plan).toMatch(/Willow View[\s\S]*First inspection of a newly registered home/);
    await seen(inspector, 'inspection-plan');
  }, 90_000); // three pages on a loaded machine

  it('records a requirement on the inspection: a missing due date is an error', async () => {
    await inspector.goto(`${runtime.base}/app/inspections/${inspectionId}`);
    await inspector.getByRole('link', { name: 'Record a requirement or recommendation' }).click();
    await seen(inspector, 'requirement-form');
    await inspector.locator('#kind').check();
    await inspector.locator('#text').fill('Review every restraint within 24 hours.');
    await inspector.getByRole('button', { name: 'Record it' }).click();
    await expect(inspector.locator('.govuk-error-summary').innerText()).resolves.toMatch(/Due date/);
    await seen(inspector, 'requirement-form-errors');
  });

  it('opens the register forms and the enforcement form as a manager', async () => {
    await manager.goto(`${runtime.base}/app/establishments`);
    await manager.getByRole('link', { name: 'Import the register from a CSV' }).click();
    await seen(manager, 'register-import');
    await manager.goto(`${runtime.base}/app/establishments/SC100006`);
    await manager.getByRole('link', { name: 'Change the register entry' }).click();
    await expect(manager.locator('#managerStatus-2').isChecked()).resolves.toBe(true);
    await seen(manager, 'register-edit');
    await manager.goto(`${runtime.base}/app/establishments/SC100006/enforcement-actions/new`);
    await seen(manager, 'enforcement-form');
  }, 90_000); // five pages on a loaded machine

  it('finds no WCAG 2.2 A/AA violations on the register pages: Establishments, an establishment, and the Inspection plan with its pagination', async () => {
    const failures: Record<string, unknown> = {};
    for (const path of ['/app/establishments', '/app/establishments/SC100006', '/app/inspection-plan', '/app/inspection-plan?page=2']) {
      await manager.goto(`${runtime.base}${path}`);
      expect(await manager.locator('h1').first().innerText(), path).not.toMatch(/problem|not found/i);
      if (path === '/app/inspection-plan') {
        // The unfiltered plan of the seeded register runs to more than one page: the pagination is checked too.
        expect(await manager.locator('nav.govuk-pagination').count()).toBe(1);
      }
      const violations = await visited.violationsOf(await snapshot(manager));
      if (violations.length > 0) failures[path] = violations;
    }
    // Log an inspection (an inspector's form): the register searched by name lists the matches to choose from.
    await inspector.goto(`${runtime.base}/app/inspections/new`);
    await inspector.locator('#establishment-register').fill('house');
    await inspector.getByRole('button', { name: 'Log the inspection' }).click();
    expect(await inspector.locator('.govuk-error-summary').innerText()).toMatch(/that match/);
    expect(await inspector.locator('input[name="establishment-register-match"]').count()).toBeGreaterThan(1);
    const searched = await visited.violationsOf(await snapshot(inspector));
    if (searched.length > 0) failures['log-inspection: register search'] = searched;
    expect(failures, JSON.stringify(failures, null, 1)).toEqual({});
  }, 120_000); // five pages: under a second each on a quiet 2-core machine, several seconds at a load average of 15-20

  it('finds no WCAG 2.2 A/AA violations on any other page visited', async () => {
    expect(visited.unchecked.length).toBeGreaterThanOrEqual(5);
    const failures = await visited.violations();
    expect(failures, JSON.stringify(failures, null, 1)).toEqual({});
  }, 120_000); // axe analyses every page seen (6): under a second a page on a quiet 2-core machine, several at load average 20
});
