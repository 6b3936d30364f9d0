import type { Browser } from 'playwright-core';
import { launch, openPage, screenshot } from './support/browser';
import {
  ACCOUNTS,
  api,
  goTo,
  login,
  settled,
  shoot,
  signInAs,
  startCourseFor,
} from './support/navigation';

const MINUTE = 60_000;
/** Tablet, portrait: the size the clinic's iPads show the dashboard at. */
const TABLET = { width: 768, height: 1024 };

describe('REMS forms in Chromium (tablet)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  it('a nurse opens the forms due, completes the missing fields of a form, marks it submitted, and it leaves the list', async () => {
    // Set-up through the API: an esketamine session recorded end to end 3 hours ago; only what
    // the records cannot give (monitoring provider, setting) is missing from its form.
    const psychiatrist = await login(ACCOUNTS.psychiatrist);
    const nurseLogin = await login(ACCOUNTS.nurse);
    const suffix = String(Date.now()).slice(-6);
    const familyName = `Rems${suffix}`;
    const patient = await api<{ id: string }>('/patients', psychiatrist.token, {
      clinicId: psychiatrist.user.clinicIds[0],
      mrn: `REMS-${suffix}`,
      givenName: 'Robin',
      familyName,
      birthDate: '1979-09-14',
      sex: 'female',
      weightKg: 70,
    });
    await startCourseFor(psychiatrist.token, patient.id, 'esketamine');
    const start = Date.now() - 3 * 60 * MINUTE;
    const at = (minutes: number) => new Date(start + minutes * MINUTE).toISOString();
    const session = await api<{ id: string }>(
      `/patients/${patient.id}/sessions`,
      psychiatrist.token,
      {
        drug: 'esketamine',
        route: 'intranasal',
        doseMg: 56,
        startedAt: at(0),
        lotNumber: 'SPR-E2E',
        concomitantMedications: ['none'],
      },
    );
    for (const minutes of [-5, 40, 90, 120]) {
      await api(`/sessions/${session.id}/observations`, nurseLogin.token, {
        recordedAt: at(minutes),
        systolic: 126,
        diastolic: 80,
        heartRate: 74,
        spo2: 98,
        respiratoryRate: 14,
        moaas: 5,
        cadss6: [0, 0, 0, 0, 0, 0],
      });
    }
    await api(`/sessions/${session.id}/discharge`, nurseLogin.token, { dischargedAt: at(125) });

    // The nurse: "REMS forms" in the navigation, the session among the forms due.
    const { page } = await openPage(browser, TABLET);
    await signInAs(page, 'nurse');
    await page.waitForURL((url) => url.pathname === '/board');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'REMS forms' })
      .click();
    await page.waitForURL((url) => url.pathname === '/rems');
    const row = page.getByTestId(`rems-due-row-${session.id}`);
    // Oldest first: the demo's earlier esketamine sessions come before this one; page on to it.
    await page.getByTestId('rems-due-table').waitFor();
    const range = page.getByTestId('rems-due-range');
    for (let pages = 0; (await row.count()) === 0 && pages < 20; pages++) {
      const before = await range.textContent();
      await page.getByRole('button', { name: 'Next' }).click();
      await settled(async () => (await range.textContent()) !== before, true);
    }
    await row.waitFor();
    expect((await row.textContent())?.replace(/\s+/g, ' ')).toContain(
      '2: Monitoring provider, Healthcare setting',
    );
    await screenshot(page, 'rems-01-forms-due-nurse-tablet');

    // The form: filled from the records, the two missing fields marked.
    await row.getByRole('link', { name: /Open the REMS form/ }).click();
    await page.waitForURL((url) => url.pathname === `/rems/sessions/${session.id}`);
    await page.getByTestId('rems-form-missing').waitFor();
    expect(
      (await page.getByTestId('rems-form-missing').textContent())?.replace(/\s+/g, ' '),
    ).toContain('2 missing: Monitoring provider, Healthcare setting');
    expect(await page.getByTestId('rems-field-lotNumber').textContent()).toContain('SPR-E2E');
    expect(await page.getByTestId('rems-field-bp.at40Min').textContent()).toContain(
      '126/80 mmHg at 40 min',
    );
    const submit = page.getByRole('button', { name: 'Mark submitted' });
    expect(await submit.isDisabled()).toBe(true);
    await screenshot(page, 'rems-02-form-missing-nurse-tablet');

    await page.getByRole('textbox', { name: 'Monitoring provider' }).fill('Nora Nurse, RN');
    await page
      .getByRole('textbox', { name: 'Healthcare setting' })
      .fill('Riverside Clinic, room 2');
    await page.getByRole('button', { name: 'Save provider and setting' }).click();
    await page.getByTestId('rems-form-complete').waitFor();
    expect(await page.getByTestId('rems-notice').textContent()).toContain(
      'Provider and setting saved.',
    );
    expect(await settled(() => submit.isDisabled(), false)).toBe(false);

    await page.getByRole('textbox', { name: 'REMS reference' }).fill(`REMS-${suffix}`);
    await submit.click();
    await page.getByTestId('rems-form-submitted').waitFor();
    expect(await page.getByTestId('rems-form-submitted').textContent()).toContain(
      `reference REMS-${suffix}`,
    );
    await shoot(page.getByTestId('rems-form-status'), 'rems-03-form-submitted-nurse-tablet');

    // Back to the list: the submitted form has left it.
    await goTo(page, '/rems');
    await page
      .locator('[data-testid="rems-due-table"], [data-testid="rems-due-empty"]')
      .first()
      .waitFor();
    expect(await page.getByTestId(`rems-due-row-${session.id}`).count()).toBe(0);
    await screenshot(page, 'rems-04-forms-due-after-nurse-tablet');
  });
});
