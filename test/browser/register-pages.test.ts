/**
 * The register pages in a real browser against `npm start`, with JavaScript OFF as in pages.test.ts (a file of its
 * own so that the two run side by side): the register, an establishment and the inspection plan; a requirement
 * recorded on an inspection; the register forms and the enforcement form as a manager. Every page seen is checked
 * with axe-core (WCAG 2.2 A/AA) as it was seen, replayed in a script-enabled context.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, londonDateOf } from '../../functions/core/calendar';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process';
import { ACCOUNTS, apiCall, launchBrowser, screenshot, SeenPages, snapshot, type Account, signInAt } from './browser';

const INSPECTOR = ACCOUNTS.inspector;
const MANAGER = ACCOUNTS.manager;

let runtime: RuntimeProcess;
let browser: Browser;
let inspectionId = '';
const visited = new SeenPages(() => browser);
const seen = (page: Page, name: string) => visited.seen(page, name);

const signIn = (context: BrowserContext, who: Account) => signInAt(context, runtime.base, who);

beforeAll(async () => {
  // Chromium launches while the runtime starts (each assigned as soon as it is up, so afterAll ends whichever started).
  await Promise.all([startRuntimeProcess().then((started) => (runtime = started)), launchBrowser().then((launched) => (browser = launched))]);
  // An inspection to record a requirement on (pages.test.ts logs one with the form).
  const now = (await apiCall(runtime.base, 'GET', '/_local/clock', MANAGER)).body.now as string;
  const end = londonDateOf(now);
  const logged = await apiCall(runtime.base, 'POST', '/inspections', INSPECTOR, {
    idempotencyKey: `browser-register-${process.pid}`,
    process: 'full-inspection',
    establishment: { urn: 'SC654321', name: 'Birch Lodge', kind: 'childrens-home', hostAuthority: 'E08000035' },
    provider: { name: 'Birch Care Ltd', email: 'ri@birchcare.example' },
    inspectorId: 'local-inspector-ines',
    dates: { inspectionStart: addCalendarDays(end, -2), inspectionEnd: end },
    children: [{ initials: 'JK', placement: { lookedAfter: true, placingAuthority: 'E08000025' } }],
  });
  expect(logged.status, JSON.stringify(logged.body)).toBe(201);
  inspectionId = logged.body.id as string;
}, 180_000); // the runtime takes seconds to start; minutes on a loaded shared machine

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

describe('the register pages, without JavaScript', () => {
  let inspector: Page;
  let manager: Page;

  it('shows the register, an establishment with its vacancy warnings, and the inspection plan filtered to overdue windows', async () => {
    inspector = await signIn(await browser.newContext({ javaScriptEnabled: false }), INSPECTOR);
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
  }, 90_000); // a sign-in and three pages on a loaded machine

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
    manager = await signIn(await browser.newContext({ javaScriptEnabled: false }), MANAGER);
    await manager.goto(`${runtime.base}/app/establishments`);
    await manager.getByRole('link', { name: 'Import the register from a CSV' }).click();
    await seen(manager, 'register-import');
    await manager.goto(`${runtime.base}/app/establishments/SC100006`);
    await manager.getByRole('link', { name: 'Change the register entry' }).click();
    await expect(manager.locator('#managerStatus-2').isChecked()).resolves.toBe(true);
    await seen(manager, 'register-edit');
    await manager.goto(`${runtime.base}/app/establishments/SC100006/enforcement-actions/new`);
    await seen(manager, 'enforcement-form');
  }, 90_000); // a sign-in and five pages on a loaded machine

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
    expect(visited.pages.size).toBeGreaterThanOrEqual(5);
    const failures = await visited.violations();
    expect(failures, JSON.stringify(failures, null, 1)).toEqual({});
  }, 120_000); // axe analyses every page seen (6): under a second a page on a quiet 2-core machine, several at load average 20
});
