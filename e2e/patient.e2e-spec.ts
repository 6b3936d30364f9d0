import type { Browser, Page } from 'playwright-core';
import { launch, openPage, screenshot } from './support/browser';
import { ACCOUNTS, openPatientByMrn, signInAs } from './support/navigation';
import { serverState } from './support/server';

/** The demo's tolerance scenario: many sessions, each with 24-h and 72-h PHQ-9s. */
const TOLERANCE_MRN = 'RC-00003';

async function navLabels(page: Page): Promise<string[]> {
  const links = await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link')
    .allTextContents();
  return links.map((label) => label.trim());
}

/** Waits until the response chart holds exactly these sessions visible (read back from Chart.js). */
async function visibleSessionsAre(page: Page, expected: string): Promise<void> {
  await page.waitForFunction(
    (value) =>
      document.querySelector<HTMLElement>('[data-testid="response-chart"]')?.dataset[
        'visibleSessions'
      ] === value,
    expected,
  );
}

describe('the patient page and the 24-72 h response chart in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  it('keeps Chart.js out of the initial bundle: it loads with the patient page only', async () => {
    const { baseUrl } = serverState();
    const index = await (await fetch(`${baseUrl}/`)).text();
    const initial = [...index.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map((match) => match[1]);
    expect(initial.length).toBeGreaterThan(0);
    for (const file of initial) {
      const source = await (await fetch(`${baseUrl}/${file.replace(/^\//, '')}`)).text();
      // "lttb" is Chart.js's decimation algorithm: present in its chunk only.
      expect({ file, chartJs: source.includes('lttb') }).toEqual({ file, chartJs: false });
    }
  });

  it('a psychiatrist opens a patient from the list: course summary, response chart, toggles, text alternative', async () => {
    const { context, page, errors } = await openPage(browser);
    await signInAs(page, 'psychiatrist');
    await page.getByRole('heading', { name: 'Patients', level: 1 }).waitFor();
    expect(await navLabels(page)).toEqual(['Patients', 'Flags', 'REMS forms', 'Protocols']);
    await screenshot(page, '30-shell-psychiatrist');

    await openPatientByMrn(page, TOLERANCE_MRN);
    expect(new URL(page.url()).pathname).toMatch(/^\/patients\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Nettle, Max');
    expect(await page.getByTestId('patient-demographics').textContent()).toContain(TOLERANCE_MRN);

    // Course summary.
    const summary = page.getByTestId('course-summary');
    const sessionCount = Number(
      (await summary.locator('.tile').first().locator('.tile__value').textContent())?.trim(),
    );
    expect(sessionCount).toBeGreaterThanOrEqual(6);
    expect(await summary.textContent()).toMatch(/Baseline PHQ-9\s*\d+/);
    expect(await summary.textContent()).toMatch(/Best change\s*−\d/);
    expect(await page.getByTestId('response-status').textContent()).toMatch(
      /Remission|Response|Partial response|No response/,
    );
    expect(await page.getByTestId('sessions-table').locator('tbody tr').count()).toBe(sessionCount);

    // The response chart: a drawn canvas with one dataset per session.
    const chart = page.getByTestId('response-chart');
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector<HTMLElement>('[data-testid="response-chart"]')?.dataset[
            'sessionDatasets'
          ] ?? 0,
        ) > 0,
    );
    expect(Number(await chart.getAttribute('data-session-datasets'))).toBe(sessionCount);
    const all = Array.from({ length: sessionCount }, (_, i) => String(i + 1)).join(' ');
    expect(await chart.getAttribute('data-visible-sessions')).toBe(all);
    const painted = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>(
        '[data-testid="response-chart"] canvas',
      );
      const context2d = canvas?.getContext('2d');
      if (!canvas || !context2d) return 0;
      const { data } = context2d.getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
      return count / (canvas.width * canvas.height);
    });
    expect(painted).toBeGreaterThan(0.05);
    expect(await page.getByTestId('course-chart').locator('canvas').count()).toBe(1);
    await screenshot(page, '31-patient-page-psychiatrist');

    // Toggle the first session off with the keyboard (Space on its checkbox), then on again.
    const first = page.getByRole('checkbox', { name: /^Session 1\b/ });
    await first.focus();
    await page.keyboard.press('Space');
    expect(await first.isChecked()).toBe(false);
    await visibleSessionsAre(page, all.replace(/^1 /, ''));
    await page.getByRole('button', { name: 'Latest only' }).click();
    await visibleSessionsAre(page, String(sessionCount));
    await page.getByTestId('response-chart').scrollIntoViewIfNeeded();
    await screenshot(page, '32-response-chart-latest-only');
    await page.getByRole('button', { name: 'All sessions' }).click();
    await visibleSessionsAre(page, all);

    // The text alternative lists each session's 24-h point.
    const table = page.getByTestId('response-chart-table');
    expect(await table.locator('tbody tr').count()).toBe(sessionCount);
    const at24h = (await table.locator('tbody tr td:nth-child(5)').allTextContents()).map((t) =>
      t.trim(),
    );
    expect(at24h.filter((text) => /^\d+ at \d+(\.\d)? h \(/.test(text)).length).toBe(sessionCount);
    expect(
      await page.locator('[data-testid="response-chart"] canvas').getAttribute('aria-label'),
    ).toMatch(/^Response chart: PHQ-9 total by hours since dose/);

    // The tolerance flag, with the proxy-rule note visible; the psychiatrist's actions.
    const flags = page.getByTestId('flags-list');
    expect(await flags.textContent()).toContain(
      'Diminishing response at the same or a higher dose',
    );
    expect(await page.getByTestId('flag-rule-note').first().textContent()).toContain(
      'not a published checklist',
    );
    expect(
      (await page.locator('.patient-header__actions a').allTextContents()).map((t) => t.trim()),
    ).toEqual(['Order session', 'Record PHQ-9']);
    await page.getByTestId('phq9-table').scrollIntoViewIfNeeded();
    await screenshot(page, '33-patient-page-tables');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the patient page paints fast and nothing shifts (Lighthouse-style LCP and CLS)', async () => {
    const { context, page, errors } = await openPage(browser);
    // Observers from the first byte. The token lives in memory only, so the patient page is
    // always reached inside the app after sign-in: a soft navigation. Chromium reports each
    // soft navigation ('soft-navigation') with its own largest contentful paint
    // ('interaction-contentful-paint') and attributes layout shifts to it (navigationId).
    await page.addInitScript(() => {
      interface Timed {
        type: string;
        name: string;
        startTime: number;
        duration: number;
        value: number;
        hadRecentInput: boolean;
        navigationId: string;
      }
      const entries: Timed[] = [];
      (window as unknown as { __entries: Timed[] }).__entries = entries;
      for (const type of [
        'largest-contentful-paint',
        'soft-navigation',
        'interaction-contentful-paint',
        'layout-shift',
      ]) {
        if (!PerformanceObserver.supportedEntryTypes.includes(type)) continue;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            const e = entry as PerformanceEntry & Partial<Timed>;
            entries.push({
              type,
              name: e.name,
              startTime: e.startTime,
              duration: e.duration,
              value: e.value ?? 0,
              hadRecentInput: e.hadRecentInput ?? false,
              navigationId: String(e.navigationId ?? ''),
            });
          }
        }).observe({
          type,
          buffered: true,
          includeSoftNavigationObservations: true,
        } as PerformanceObserverInit);
      }
    });
    await signInAs(page, 'psychiatrist');
    await page.getByLabel('Search by name or MRN').fill(TOLERANCE_MRN);
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="patients-table"] tbody tr').length === 1,
    );
    const softNavigationSupported = await page.evaluate(() =>
      PerformanceObserver.supportedEntryTypes.includes('soft-navigation'),
    );
    expect(softNavigationSupported).toBe(true);

    const clickedAt = await page.evaluate(() => performance.now());
    await page.getByTestId('patients-table').getByRole('link').click();
    await page.getByTestId('course-summary').waitFor();
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector<HTMLElement>('[data-testid="response-chart"]')?.dataset[
            'sessionDatasets'
          ] ?? 0,
        ) > 0,
    );
    await page.waitForTimeout(1500);

    const entries = await page.evaluate(
      () =>
        (
          window as unknown as {
            __entries: {
              type: string;
              name: string;
              startTime: number;
              duration: number;
              value: number;
              hadRecentInput: boolean;
              navigationId: string;
            }[];
          }
        ).__entries,
    );
    const navigation = entries.find(
      (entry) => entry.type === 'soft-navigation' && /\/patients\/[0-9a-f-]{36}$/.test(entry.name),
    );
    expect(navigation).toBeDefined();
    const ofPatientPage = entries.filter(
      (entry) => entry.navigationId === navigation?.navigationId,
    );
    // The largest contentful paint of the patient page, from the click on the patient's name.
    const paints = ofPatientPage.filter((entry) => entry.type === 'interaction-contentful-paint');
    expect(paints.length).toBeGreaterThan(0);
    const lcp = Math.max(
      ...paints.map((entry) => entry.startTime + entry.duration - (navigation?.startTime ?? 0)),
    );
    const cls = ofPatientPage
      .filter((entry) => entry.type === 'layout-shift' && !entry.hadRecentInput)
      .reduce((sum, entry) => sum + entry.value, 0);
    const documentLcp = entries.filter((entry) => entry.type === 'largest-contentful-paint').at(-1);
    // eslint-disable-next-line no-console
    console.log(
      `Patient page (soft navigation from the list): LCP ${lcp.toFixed(0)} ms after the click (click at ${clickedAt.toFixed(0)} ms), CLS ${cls.toFixed(4)}; the document's own LCP (sign-in page) ${documentLcp ? documentLcp.startTime.toFixed(0) : '-'} ms`,
    );
    expect(lcp).toBeLessThan(1500);
    expect(cls).toBeLessThan(0.1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a nurse has no Outcomes or Audit log, is turned away from /manager/outcomes, and may record a PHQ-9 but not order a session', async () => {
    const { context, page, errors } = await openPage(browser);
    // Typed into the address bar: sign-in first, then the role guard sends the nurse home.
    await page.goto('/manager/outcomes');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).searchParams.get('returnUrl')).toBe('/manager/outcomes');
    await page.getByLabel('Email').fill(ACCOUNTS.nurse);
    await page.getByLabel('Password').fill('demo-password');
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL((url) => url.pathname === '/board');
    expect(await navLabels(page)).toEqual(['Board', 'Patients', 'Flags', 'REMS forms']);
    await screenshot(page, '34-shell-nurse');

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Patients' })
      .click();
    await page.getByRole('heading', { name: 'Patients', level: 1 }).waitFor();
    await openPatientByMrn(page, TOLERANCE_MRN);
    expect(
      (await page.locator('.patient-header__actions a').allTextContents()).map((t) => t.trim()),
    ).toEqual(['Record PHQ-9']);
    await screenshot(page, '35-patient-page-nurse');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('signs out after the idle timeout, warning a minute before; "Stay signed in" keeps the session', async () => {
    const { context, page, errors } = await openPage(browser);
    // A 65 s idle timeout from the server: the warning shows 5 s after the last activity.
    await page.route('**/api/v1/auth/login', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as Record<string, unknown>;
      await route.fulfill({ response, json: { ...body, idleTimeoutSeconds: 65 } });
    });
    await signInAs(page, 'psychiatrist');
    await page.getByTestId('patients-table').waitFor();

    const warning = page.getByRole('alertdialog');
    await warning.waitFor({ timeout: 15_000 });
    expect(await warning.textContent()).toMatch(/You will be signed out in \d+ s/);
    const stay = page.getByRole('button', { name: 'Stay signed in' });
    expect(await stay.evaluate((button) => button === document.activeElement)).toBe(true);
    await screenshot(page, '36-idle-warning');

    // Enter answers it (the button has the focus) and slides the server session too.
    const keepAlive = page.waitForRequest((request) => request.url().endsWith('/api/v1/auth/me'));
    await page.keyboard.press('Enter');
    await keepAlive;
    await warning.waitFor({ state: 'hidden' });

    // Then nothing: the warning again, and the sign-out 65 s after the last activity.
    await warning.waitFor({ timeout: 15_000 });
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 75_000 });
    expect(await page.getByTestId('sign-in-error').textContent()).toContain(
      'You were signed out because there was no activity',
    );
    expect(await page.getByTestId('patients-table').count()).toBe(0);
    await screenshot(page, '37-signed-out-idle');
    expect(errors).toEqual([]);
    await context.close();
  }, 150_000);
});
