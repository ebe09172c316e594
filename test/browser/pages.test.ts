/**
 * The web pages in a real browser against `npm start`, with one runtime, one browser and the users each signed in once
 * for the whole file (it was four files, then two, each starting its own runtime and Chromium and signing its users in
 * again: a start, a launch and the sign-ins were a third of a file's CPU).
 *
 * First the whole flow with JavaScript OFF (GOV.UK services must work without it): every page visited is also checked
 * with axe-core (WCAG 2.2 A/AA) as it was seen (error summaries after a POST too), replayed in a script-enabled page,
 * since axe runs as a script. Screenshots of each page land in test-results/screenshots with SCREENSHOTS=1. Then the
 * register pages: the register, an establishment and the inspection plan; a requirement recorded on an inspection;
 * the register forms and the enforcement form as a manager.
 *
 * Then signing in and out, CSRF and the links in emails (JavaScript off). The local sign-in drives the same session
 * code as AWS (functions/web/session.ts): the browser is sent to the identity provider's authorize endpoint (the local
 * one, with Cognito's endpoints), comes back with a code, and the web handler exchanges it (PKCE), verifies the ID
 * token and sets the __Host- session cookie. Last, what a new user's walk found, with JavaScript ON (where a content
 * security policy violation shows): the sign-in page and the pages run no script the policy blocks; a compliance
 * inspector signs in to the approvals, decides a family centre's case discussion with the form and reaches no other
 * page; the clock panel shows only when signed in.
 *
 * The order matters: the approval the first part decides is the only one then (the sign-in part's case review comes
 * later and stays undecided); the week the first part moves on leaves the register's pages as they were; the email
 * links opened are those of the sign-in part's inspection only (the emails of the others are told apart by their URN).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, londonDateOf } from '../../functions/core/calendar';
import { rfcInadequateOutcome } from '../support/outcomes';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process';
import {
  ACCOUNTS,
  apiCall,
  eventually,
  launchBrowser,
  logInspectionEndingToday,
  SeenPages,
  screenshot,
  signInAt,
  snapshot,
  type Account,
} from './browser';

const INSPECTOR = ACCOUNTS.inspector;
const MANAGER = ACCOUNTS.manager;
const COMPLIANCE = ACCOUNTS.compliance;

let runtime: RuntimeProcess;
let browser: Browser;
const visited = new SeenPages(() => browser);
/** Another origin (another port of 127.0.0.1: same site, so a SameSite=Lax cookie still rides along on its POST). */
let attacker: Server;
let attackerUrl = '';
/** The sign-in part's inspection and its case review (logged in that part's beforeAll). */
let approvalId = '';
let inspectionId = '';
const ROWAN_HOUSE_URN = 'SC765432';

beforeAll(async () => {
  // Chromium launches while the runtime starts (each assigned as soon as it is up, so afterAll ends whichever started).
  await Promise.all([startRuntimeProcess().then((started) => (runtime = started)), launchBrowser().then((launched) => (browser = launched))]);
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
}, 180_000); // the runtime takes seconds to start; minutes on a loaded shared machine

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  await new Promise((resolve) => attacker?.close(resolve));
});

const api = (method: string, path: string, who: Account, body?: unknown) => apiCall(runtime.base, method, path, who, body);
const signIn = (context: BrowserContext, who: Account, start?: string) => signInAt(context, runtime.base, who, start);

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
    // The service's address, with or without the pages' prefix, opens the inspections.
    for (const path of ['/', '/app', '/app/']) {
      await inspector.goto(`${runtime.base}${path}`);
      expect(new URL(inspector.url()).pathname, path).toBe('/app/inspections');
    }
  });

  it('shows the GOV.UK error summary and an inline error for an impossible date', async () => {
    await inspector.goto(`${runtime.base}/app/inspections/new`);
    await seen(inspector, 'log-inspection');
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
    // As an inspector would: the form the error page gave back, with what was typed kept, the dates corrected and a
    // child added (the empty form was seen, and checked by axe, in the test above). The host authority kept is what
    // the LA alerts below go to (Leeds).
    await expect(inspector.locator('#process-2').isChecked()).resolves.toBe(true);
    await expect(inspector.locator('#establishment-name').inputValue()).resolves.toBe('Birch Lodge');
    await expect(inspector.locator('#establishment-urn').inputValue()).resolves.toBe('SC654321');
    await expect(inspector.locator('#establishment-kind').isChecked()).resolves.toBe(true);
    await expect(inspector.locator('#establishment-host-authority').inputValue()).resolves.toBe('E08000035');
    await expect(inspector.locator('#provider-name').inputValue()).resolves.toBe('Birch Care Ltd');
    await expect(inspector.locator('#provider-email').inputValue()).resolves.toBe('ri@birchcare.example');
    await fillDate(inspector, 'inspection-start', addCalendarDays(end, -2));
    await fillDate(inspector, 'inspection-end', end);
    await inspector.locator('#children-1-initials').fill('JK');
    await inspector.locator('#children-1-looked-after').check();
    await inspector.locator('#children-1-placing-authority').selectOption('E08000025');
    // A second child: the form comes back with what was typed and a row for them, where the cursor is.
    await Promise.all([inspector.waitForNavigation(), inspector.getByRole('button', { name: 'Add another child' }).click()]);
    await expect(inspector.evaluate('document.activeElement?.id')).resolves.toBe('children-2-initials');
    await expect(inspector.locator('#children-1-initials').inputValue()).resolves.toBe('JK');
    await expect(inspector.locator('#inspection-end-day').inputValue()).resolves.toBe(dateParts(end).day);
    await seen(inspector, 'log-inspection-another-child');
    await inspector.locator('#children-2-initials').fill('LM');
    await inspector.locator('#children-2-looked-after').check();
    await inspector.locator('#children-2-placing-authority').selectOption('E08000025');
    await inspector.getByRole('button', { name: 'Log the inspection' }).click();
    // Birch Lodge is on the local register under another URN: the form asks whether this is a different establishment,
    // with everything typed kept (both children too); ticked, it is logged.
    await expect(inspector.locator('#establishment-different-error').innerText()).resolves.toContain('The register has an establishment named "Birch Lodge": Birch Lodge (');
    await expect(inspector.locator('#children-2-initials').inputValue()).resolves.toBe('LM');
    await inspector.getByLabel('Yes, it is a different establishment').check();
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
    await Promise.all([inspector.waitForNavigation(), inspector.getByRole('button', { name: 'Record the outcome' }).click()]);
    // The inspection's page (the form's own address, `${inspectionUrl}/outcome`, contains its address too).
    expect(new URL(inspector.url()).pathname).toBe(new URL(inspectionUrl).pathname);
    // The alerts go out asynchronously (in about a second): wait until the ledger lists them, read through the API
    // (a page reloaded every 100 ms until then cost the browser a page load each time), then show the page again.
    const alerted = async () => {
      const ledger = await api('GET', `${new URL(inspectionUrl).pathname.replace('/app', '')}/notifications`, INSPECTOR);
      const emails = ledger.body.emails as { duty: string; recipient: { authorityName?: string } }[];
      return emails.filter((email) => email.duty === 'dcs-alert').map((email) => email.recipient.authorityName);
    };
    await eventually(async () => expect(await alerted()).toEqual(expect.arrayContaining(['Birmingham', 'Leeds'])), 30_000, 100);
    await inspector.reload();
    const body = await inspector.locator('body').innerText();
    expect(body).toMatch(/Birmingham/);
    expect(body).toMatch(/Leeds/);
    await seen(inspector, 'inspection-alerts');
  });

  it('lets a manager, not the inspector, approve the case review', async () => {
    const denied = await inspector.goto(`${runtime.base}/app/approvals`);
    expect(denied?.status()).toBe(403);

    // Signed in from the approvals, as from the link in an approval email: the sign-in comes back to them.
    manager = await signIn(await browser.newContext({ javaScriptEnabled: false }), MANAGER, '/app/approvals');
    await manager.waitForURL(`${runtime.base}/app/approvals`);
    await seen(manager, 'approvals');
    await manager.getByRole('link', { name: /Decide/ }).first().click();
    await seen(manager, 'approval-decision');
    // With JavaScript off a click submits the form and returns before the answer is shown: wait for that page (once,
    // on de36700, the summary was looked for on the page before it and not found).
    await Promise.all([manager.waitForNavigation(), manager.getByRole('button', { name: /Record|Submit|Confirm|Save/ }).first().click()]);
    await expect(manager.locator('.govuk-error-summary').isVisible()).resolves.toBe(true);
    await manager.locator('input[name="decision"][value="monitoring-visit"]').check();
    // The enforcement considered (§70): without it the decision is refused, and it was, unseen, until 2026-11-30.
    await manager.locator('input[name="enforcementActions"][value="none"]').check();
    await manager.locator('textarea[name="rationale"]').fill('Serious concerns: return with a monitoring visit inside 6 to 8 weeks.');
    await Promise.all([manager.waitForNavigation(), manager.getByRole('button', { name: /Record|Submit|Confirm|Save/ }).first().click()]);
    // Back on the queue (the decision page's own address contains /app/approvals too).
    expect(new URL(manager.url()).pathname).toBe('/app/approvals');

    // The clock panel: move a week on and see the timeline move.
    await manager.goto(inspectionUrl);
    const before = await manager.locator('body').innerText();
    // The panel's form moves the clock and returns to the page it was sent from: wait for that page, then check it is
    // this inspection's (the check was `toContain` on the address of the page already open, which held before the click).
    await Promise.all([manager.waitForNavigation(), manager.getByRole('button', { name: 'Move on 1 week' }).click()]);
    expect(manager.url().split(/[?#]/)[0]).toBe(inspectionUrl);
    const after = await manager.locator('body').innerText();
    expect(after).not.toBe(before);
    expect(after).toMatch(/monitoring visit/i);
    await seen(manager, 'inspection-after-a-week');
  }, 120_000); // a sign-in and a week of virtual time: seconds alone, more on a loaded machine

  it('finds no WCAG 2.2 A/AA violations on any page visited', async () => {
    expect(visited.unchecked.length).toBeGreaterThanOrEqual(8);
    const failures = await visited.violations();
    expect(failures, JSON.stringify(failures, null, 1)).toEqual({});
  }, 300_000); // axe analyses every page seen (11): under a second a page on a quiet 2-core machine, several at load average 20
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
    // Axe checks the register and this establishment as a manager (seen below): the same pages with the manager's links.
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
    // The register and an establishment, as a manager sees them (with the links to the forms), are seen on the way to
    // the forms and checked by axe with the other pages (they were loaded again for axe alone).
    await manager.goto(`${runtime.base}/app/establishments`);
    await expect(manager.locator('h1').first().innerText()).resolves.toBe('Establishments');
    await seen(manager, 'establishments');
    await manager.getByRole('link', { name: 'Import the register from a CSV' }).click();
    await seen(manager, 'register-import');
    await manager.goto(`${runtime.base}/app/establishments/SC100006`);
    await expect(manager.locator('h1').first().innerText()).resolves.toBe('Hazel Grove');
    await seen(manager, 'establishment');
    await manager.getByRole('link', { name: 'Change the register entry' }).click();
    await expect(manager.locator('#managerStatus-2').isChecked()).resolves.toBe(true);
    await seen(manager, 'register-edit');
    await manager.goto(`${runtime.base}/app/establishments/SC100006/enforcement-actions/new`);
    await seen(manager, 'enforcement-form');
  }, 90_000); // five pages on a loaded machine

  it('finds no WCAG 2.2 A/AA violations on the register pages: the Inspection plan with its pagination, and the register search', async () => {
    // Establishments and an establishment, as a manager, were seen by the test above: checked with the other pages below.
    const failures: Record<string, unknown> = {};
    for (const path of ['/app/inspection-plan', '/app/inspection-plan?page=2']) {
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
  }, 120_000); // three pages: under a second each on a quiet 2-core machine, several seconds at a load average of 15-20

  it('finds no WCAG 2.2 A/AA violations on any other page visited', async () => {
    expect(visited.unchecked).toEqual(expect.arrayContaining(['establishments', 'establishment']));
    expect(visited.unchecked.length).toBeGreaterThanOrEqual(7);
    const failures = await visited.violations();
    expect(failures, JSON.stringify(failures, null, 1)).toEqual({});
  }, 120_000); // axe analyses every page seen (8): under a second a page on a quiet 2-core machine, several at load average 20
});

interface StoredEmail {
  subject: string;
  destination: { to: string[] };
  body: { text?: string; html?: string };
}

/** The emails sent about the sign-in part's inspection (Rowan House): every subject ends with the URN it is about. */
async function emails(): Promise<StoredEmail[]> {
  const all = ((await (await fetch(`${runtime.ses}/store`)).json()) as { emails: StoredEmail[] }).emails;
  return all.filter((email) => email.subject.endsWith(`, URN ${ROWAN_HOUSE_URN}`));
}

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

describe('signing in and out in a browser', () => {
  beforeAll(async () => {
    // An inspection judged inadequate: its case review waits for a manager (approval request email).
    inspectionId = await logInspectionEndingToday(runtime.base, {
      idempotencyKey: `browser-sign-in-${process.pid}`,
      process: 'full-inspection',
      establishment: { urn: ROWAN_HOUSE_URN, name: 'Rowan House', kind: 'childrens-home', hostAuthority: 'E08000035' },
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
  }, 60_000); // an inadequate outcome, then its case review in the queue: a second, more on a loaded machine

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
    // The inspector signed in by the first part (a session here and one at the provider), on the last page it saw.
    const page = inspector;
    const context = page.context();
    await page.getByRole('button', { name: 'Sign out' }).click();

    expect(new URL(page.url()).pathname).toBe('/app/auth/signed-out');
    await expect(page.locator('h1').innerText()).resolves.toBe('You have signed out');
    expect((await context.cookies()).some((cookie) => cookie.name === '__Host-sccif-session')).toBe(false);
    await screenshot(page, 'signed-out');
    await page.goto(`${runtime.base}/app/inspections`);
    expect(new URL(page.url()).pathname).toBe('/_local/auth/oauth2/authorize');
  }, 90_000); // a page load takes seconds on a loaded 2-core machine

  it('refuses a cross-site form that rides on the session cookie: 403, the decision not recorded', async () => {
    // The manager signed in by the first part: the attacker's page opens beside the service's, in the same browser.
    const page = await manager.context().newPage();
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
  /** The inspector signed in with JavaScript on by the first test, signed out by the next. */
  let walker: Page;

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
    const page = (walker = await signInWatched(context, INSPECTOR));
    await page.waitForURL(`${runtime.base}/app/inspections`);
    await page.goto(`${runtime.base}/app/inspections/${centreId}`);
    await expect(page.locator('h1').innerText()).resolves.toBe('Alder Family Centre');
    // The status that says what is awaited and of whom, read by axe too (WCAG 2.2 A/AA). The pages run no script, so
    // the page as seen is checked in the axe page, as the pages above are (axe-core is not loaded again, 0.4 s a page).
    await expect(page.locator('main').innerText()).resolves.toContain('Awaiting the case discussion decision from a social care compliance inspector');
    await expect(visited.violationsOf(await snapshot(page))).resolves.toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 90_000);

  it("keeps the same-origin policy, as a user's browser does (browser.ts leaves out the packaged flags that turn it off)", async () => {
    // A page of the runtime cannot read another origin that does not allow it (/health sends no CORS header).
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${runtime.base}/health`);
    const otherOrigin = runtime.base.replace('127.0.0.1', 'localhost');
    await expect(page.evaluate(`fetch('${otherOrigin}/health').then(() => 'read', () => 'refused')`)).resolves.toBe('refused');
  });

  it('shows no clock panel once signed out (its button needs a session)', async () => {
    // The inspector the test above signed in (the panel shows to every user signed in to the local runtime): a sign-in
    // of its own was about a fifth of this part's Chromium CPU (1.2 of 5.3 s), and signing in with JavaScript on is
    // tested above.
    const page = walker;
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
    await expect(visited.violationsOf(await snapshot(page))).resolves.toEqual([]);
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
