import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launch, openPage, screenshot, signIn } from './support/browser';
import { goTo } from './support/navigation';
import { ROOT } from './support/server';

describe('sign-in and the patient list in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  it('a psychiatrist signs in, sees their clinic patients, and searches by MRN', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, '01-sign-in');
    await signIn(page, 'psychiatrist@riverside.demo.clinic');
    await page.getByRole('heading', { name: 'Patients' }).waitFor();
    const rows = page.getByTestId('patients-table').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThanOrEqual(20);
    const mrns = await page
      .getByTestId('patients-table')
      .locator('tbody tr td:first-child')
      .allTextContents();
    // Riverside's patients only, never Northgate's (other test files add Riverside patients of their own)
    expect(mrns.some((m) => m.trim().startsWith('RC-'))).toBe(true);
    expect(mrns.filter((m) => m.trim().startsWith('NG-'))).toEqual([]);
    await screenshot(page, '02-patient-list-psychiatrist');

    await page.getByLabel('Search by name or MRN').fill('RC-00012');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="patients-table"] tbody tr').length === 1,
    );
    expect((await rows.first().textContent()) ?? '').toContain('RC-00012');
    await screenshot(page, '03-patient-search');

    // Only ids and the token may live in the browser: nothing in web storage, no cookies.
    const storage = await page.evaluate(() => ({
      local: localStorage.length,
      session: sessionStorage.length,
    }));
    expect(storage).toEqual({ local: 0, session: 0 });
    expect(await context.cookies()).toEqual([]);
    expect(page.url()).not.toMatch(/RC-00012/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a nurse sees a clear message for a wrong password, then signs in; sign-out and reload ask to sign in again', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, 'nurse@northgate.demo.clinic', 'not-the-password');
    await page.getByText('Email or password is incorrect').waitFor();
    await screenshot(page, '04-sign-in-error');
    await page.getByLabel('Password').fill('demo-password');
    await page.getByRole('button', { name: /sign in/i }).click();
    // A nurse starts on the live board; the patient list is one click away.
    await page.waitForURL((url) => url.pathname === '/board');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Patients' })
      .click();
    await page.getByTestId('patients-table').locator('tbody tr').first().waitFor();
    const mrns = await page
      .getByTestId('patients-table')
      .locator('tbody tr td:first-child')
      .allTextContents();
    expect(mrns.every((m) => m.trim().startsWith('NG-'))).toBe(true);
    await screenshot(page, '05-patient-list-nurse');

    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor(); // the token lived in memory only

    await signIn(page, 'nurse@northgate.demo.clinic');
    await page.waitForURL((url) => url.pathname === '/board');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    // the 401 of the wrong password is an expected console message from the browser's network layer
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await context.close();
  });

  it('an administrator sees no patient records', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, 'admin@demo.clinic');
    // Their home is the accounts screen; the navigation offers nothing clinical.
    await page.waitForURL((url) => url.pathname === '/admin/users');
    await page.getByTestId('users-table').waitFor();
    const links = await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link')
      .allTextContents();
    expect(links.map((text) => text.trim())).toEqual(['Users']);
    // The patients page shows a notice instead of records.
    await goTo(page, '/patients');
    await page
      .getByText(/administrators/i)
      .first()
      .waitFor();
    expect(await page.getByTestId('patients-table').count()).toBe(0);
    await screenshot(page, '06-admin');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is usable on a phone-sized screen without horizontal scrolling of the page', async () => {
    const { context, page, errors } = await openPage(browser, { width: 390, height: 844 });
    await signIn(page, 'manager@riverside.demo.clinic');
    // A manager starts on the outcomes; the patient list is in the navigation.
    await page.waitForURL((url) => url.pathname === '/manager/outcomes');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Patients' })
      .click();
    await page.getByRole('heading', { name: 'Patients' }).waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, '07-patient-list-narrow');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('start-up errors', () => {
  it('stops with one clear line, password masked, when DATABASE_URL cannot be used', () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'dist/backend/main.js')], {
      env: {
        ...process.env,
        DATABASE_URL: 'postgres://clinic:s3cret@127.0.0.1:1/clinic',
        PORT: '0',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Cannot start: the database at postgres:\/\/clinic:\*\*\*@127\.0\.0\.1:1\/clinic cannot be used/,
    );
    expect(result.stderr).not.toContain('s3cret');
  });

  it('stops with one line for an unsupported DATABASE_URL', () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'dist/backend/main.js')], {
      env: { ...process.env, DATABASE_URL: 'mysql://root@localhost/clinic' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^Cannot start: DATABASE_URL .* is not supported/),
    ]);
  });
});

describe('the Content-Security-Policy in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  it('the dashboard and the API documentation run under their Content-Security-Policy', async () => {
    const { context, page, errors } = await openPage(browser);
    const violations: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
    });
    const response = await page.goto('/');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.goto('/api/docs');
    await page.locator('.swagger-ui .opblock').first().waitFor();
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
