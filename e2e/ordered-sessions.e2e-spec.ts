/**
 * Ordered, then started (issue 20; CLINICAL.md s3 v2): a psychiatrist orders a session for a
 * planned time (desktop); the patient is NOT on the board as dosed, but listed under "Expected
 * today" with the pre-dose checklist; a nurse on a tablet (1024x768) records the pre-dose vitals,
 * sees the checks pass and starts the dose; the patient is then on the board. Before saving an
 * order, the form shows the patient's open critical flag and asks to confirm.
 */
import type { Browser, Page } from 'playwright-core';
import { launch, openPage, screenshot, signIn } from './support/browser';
import {
  ACCOUNTS,
  api,
  boardIsLive,
  goTo,
  login,
  shoot,
  signInAs,
  startCourseFor,
} from './support/navigation';

const DESKTOP = { width: 1366, height: 900 };

describe('ordered sessions in Chromium', () => {
  let browser: Browser;
  let patientId = '';
  let patientName = '';
  beforeAll(async () => {
    browser = await launch();
    // A new patient of Riverside, with no session yet.
    const psychiatrist = await login(ACCOUNTS.psychiatrist);
    const patient = await api<{ id: string; givenName: string; familyName: string }>(
      '/patients',
      psychiatrist.token,
      {
        clinicId: psychiatrist.user.clinicIds[0],
        mrn: `E2E-ORD-${Date.now().toString(36).toUpperCase()}`,
        givenName: 'Orla',
        familyName: 'Planned',
        birthDate: '1979-02-11',
        sex: 'female',
        weightKg: 70,
      },
    );
    // The demo clinics work with treatment courses: a screened course before the first order.
    await startCourseFor(psychiatrist.token, patient.id);
    patientId = patient.id;
    patientName = `${patient.givenName} ${patient.familyName}`;
  });
  afterAll(() => browser.close());

  /** The expected row of the patient on the board. */
  const expectedRow = (page: Page) =>
    page.getByTestId('board-expected').locator('li.expected__item', { hasText: patientName });

  it('a psychiatrist orders a session for a planned time: not a dose, the patient is expected on the board', async () => {
    const { page, errors } = await openPage(browser, DESKTOP);
    await signIn(page, ACCOUNTS.psychiatrist);
    await page.waitForURL((url) => url.pathname === '/patients');

    await goTo(page, `/record/session/${patientId}`);
    await page.getByRole('heading', { name: 'Order a session' }).waitFor();
    await page.getByTestId('session-patient').getByText('Planned, Orla').waitFor();
    // The default is an order for a planned time; "already given" is the explicit other choice.
    expect(await page.getByLabel(/Order for a planned time/).isChecked()).toBe(true);
    expect(await page.getByLabel(/Already given at/).isChecked()).toBe(false);
    await page.getByLabel('Planned time', { exact: true }).waitFor();
    await page.getByLabel('Dose (mg)').fill('35');
    await page.getByTestId('dose-amount').getByText('0.50 mg/kg').waitFor();
    // No history and no flag: nothing to confirm.
    expect(await page.getByTestId('order-warnings').count()).toBe(0);
    await screenshot(page, 'ordered-01-order-form');
    await page.getByRole('button', { name: 'Order session' }).click();
    await page.waitForURL((url) => url.pathname === `/patients/${patientId}`);

    // The patient page lists it as ordered, not in progress.
    const status = page.getByTestId('session-order-status');
    await status.waitFor();
    expect((await status.textContent())?.trim()).toBe('Ordered (not started)');
    await screenshot(page, 'ordered-02-patient-page');

    // The board: under "Expected today" with the checklist failing (no reading yet), not on site.
    await goTo(page, '/board');
    await boardIsLive(page);
    const row = expectedRow(page);
    await row.waitFor();
    expect(await page.getByTestId('board-card').filter({ hasText: patientName }).count()).toBe(0);
    const failing = row.locator('[data-ok="false"]');
    expect(await failing.count()).toBe(2);
    expect(await row.locator('[data-check="predose_bp"]').textContent()).toContain(
      'No pre-dose BP in the 60 min before the dose',
    );
    await shoot(page.getByTestId('board-expected'), 'ordered-03-board-expected-psychiatrist');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a nurse on a tablet records the pre-dose vitals, sees the checks pass and starts the dose', async () => {
    const { page, errors } = await openPage(browser);
    await signInAs(page, 'nurse');
    await boardIsLive(page);
    const row = expectedRow(page);
    await row.waitFor();
    await row.getByTestId('expected-start-toggle').click();
    await page.getByTestId('observation-form').waitFor();
    await screenshot(page, 'ordered-04-nurse-start-open');

    // Starting without readings is refused with the reasons.
    await row.getByTestId('expected-start').click();
    const refused = row.getByTestId('expected-start-error');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('No pre-dose BP in the 60 min before the dose');
    await shoot(row, 'ordered-05-nurse-start-refused');

    // The pre-dose vitals, keyboard first, MOAA/S 5.
    await page.locator('#obs-systolic').fill('128');
    await page.locator('#obs-diastolic').fill('82');
    await page.locator('#obs-heart-rate').fill('74');
    await page.getByLabel(/Responds readily to name/).check();
    await page.getByRole('button', { name: 'Save observation' }).click();
    // The board reloads: every check passes.
    await row.locator('[data-check="predose_bp"][data-ok="true"]').waitFor();
    await row.locator('[data-check="predose_moaas"][data-ok="true"]').waitFor();
    expect(await row.locator('[data-ok="false"]').count()).toBe(0);
    await shoot(row, 'ordered-06-nurse-checks-pass');

    await row.getByTestId('expected-start').click();
    // Now on the board as dosed, no longer expected.
    const card = page.getByTestId('board-card').filter({ hasText: patientName });
    await card.waitFor();
    await row.waitFor({ state: 'detached' });
    await screenshot(page, 'ordered-07-board-after-start');
    // The one refused start above (422) is the browser's only complaint.
    expect(errors).toEqual([
      'console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)',
    ]);
    await page.context().close();
  });

  it('before saving, the order form shows an open critical flag and asks to confirm', async () => {
    const { page, errors } = await openPage(browser, DESKTOP);
    await signIn(page, ACCOUNTS.psychiatrist);
    await page.waitForURL((url) => url.pathname === '/patients');
    // RC-00004: PHQ-9 item 9 = 1 (phq9.item9_positive, critical, open) in the demo.
    const psychiatrist = await login(ACCOUNTS.psychiatrist);
    const found = await api<{ items: { id: string }[] }>(
      '/patients?search=RC-00004',
      psychiatrist.token,
    );
    const patientId = found.items[0]?.id ?? '';
    // Whatever other browser tests did to its flag on this shared server, a PHQ-9 with item 9 = 1
    // now makes sure the critical flag is open (a new trigger reopens or raises it).
    await api(`/patients/${patientId}/phq9`, psychiatrist.token, {
      administeredAt: new Date(Date.now() - 60_000).toISOString(),
      items: [1, 1, 1, 1, 1, 1, 1, 1, 1],
      recall: 'two_weeks',
    });
    await goTo(page, `/record/session/${patientId}`);
    await page.getByRole('heading', { name: 'Order a session' }).waitFor();
    const warnings = page.getByTestId('order-warnings');
    await warnings
      .getByText(/Open critical flag: PHQ-9 item 9 positive/)
      .first()
      .waitFor();
    // The dose is pre-filled from the course's protocol proposal (RC-00004's IV course).
    await page.getByTestId('dose-proposal').waitFor();
    expect(Number(await page.getByLabel('Dose (mg)').inputValue())).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Order session' }).click();
    await warnings.getByText('Confirm you have reviewed these warnings').waitFor();
    await page.getByRole('button', { name: 'Order anyway' }).waitFor();
    await shoot(warnings, 'ordered-08-order-warnings-confirm');
    // Review: nothing saved, still on the form.
    await page.getByRole('button', { name: 'Review the order' }).click();
    await page.getByRole('button', { name: 'Order anyway' }).waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toMatch(/^\/record\/session\//);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
