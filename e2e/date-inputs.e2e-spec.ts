/**
 * Issue 20 item 6 in Chromium on a tablet (1024x768): dates show day first (dd/mm/yyyy) and times
 * in 24 hours, whatever the browser's own locale (a native date or time input follows Chromium's
 * UI locale: mm/dd/yyyy and AM/PM). Typed text it cannot read is a field message, not a blank.
 */
import type { Browser } from 'playwright-core';
import { launch, openPage, screenshot, signIn } from './support/browser';
import { ACCOUNTS, api, goTo, login, settled, shoot, signInAs } from './support/navigation';

const DAY = /^\d{2}\/\d{2}\/\d{4}$/;
const TIME_24 = /^([01]\d|2[0-3]):[0-5]\d$/;

describe('date and time inputs, day first and 24-hour, in Chromium (tablet)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  it('PHQ-9 "Time given": dd/mm/yyyy and hh:mm boxes, a 12-hour time refused with the format', async () => {
    const { token, user } = await login(ACCOUNTS.psychiatrist);
    const suffix = String(Date.now()).slice(-6);
    const patient = await api<{ id: string }>('/patients', token, {
      clinicId: user.clinicIds[0],
      mrn: `DT-${suffix}`,
      givenName: 'Dora',
      familyName: `Datetest${suffix}`,
      birthDate: '1980-12-02',
      sex: 'female',
      weightKg: 60,
    });
    const { context, page, errors } = await openPage(browser);
    await signInAs(page, 'nurse');
    await page.getByRole('heading', { name: 'Live board' }).waitFor();
    await goTo(page, `/record/phq9/${patient.id}`);
    await page.getByRole('heading', { name: 'PHQ-9 questionnaire' }).waitFor();

    const day = page.getByLabel('Time given');
    const time = page.getByLabel('Time, 24-hour hh:mm');
    expect(await day.getAttribute('type')).toBe('text');
    expect(await day.getAttribute('inputmode')).toBe('numeric');
    expect(await day.inputValue()).toMatch(DAY);
    expect(await time.inputValue()).toMatch(TIME_24);
    expect(await page.locator('#phq9-time-day-format').textContent()).toBe('Day, dd/mm/yyyy');

    // Typed day first, short forms accepted and shown in the format once the box is left.
    await day.fill('2/12/2026');
    await time.fill('958');
    await time.press('Tab');
    expect(await settled(() => day.inputValue(), '02/12/2026')).toBe('02/12/2026');
    expect(await settled(() => time.inputValue(), '09:58')).toBe('09:58');

    // A 12-hour time is a field message, not "no time".
    await time.fill('10:58 PM');
    await time.press('Tab');
    expect(await page.locator('#phq9-time-error').textContent()).toContain(
      'Enter the time as 24-hour hh:mm',
    );
    expect(await time.getAttribute('aria-invalid')).toBe('true');
    await shoot(page.locator('app-field', { has: day }), 'date-inputs-01-phq9-time-error-tablet');
    await time.fill('22:58');
    await time.press('Tab');
    expect(await settled(() => page.locator('#phq9-time-error').count(), 0)).toBe(0);
    await screenshot(page, 'date-inputs-02-phq9-tablet');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('New patient: the birth date typed day first is saved as that day', async () => {
    const { context, page, errors } = await openPage(browser);
    await signInAs(page, 'psychiatrist');
    await page.waitForURL((url) => url.pathname === '/patients');
    await goTo(page, '/record/patient');
    await page.getByRole('heading', { name: 'New patient' }).waitFor();
    const suffix = String(Date.now()).slice(-6);
    const born = page.getByLabel('Birth date');
    expect(await born.getAttribute('placeholder')).toBe('dd/mm/yyyy');
    await page.getByLabel('MRN').fill(`DB-${suffix}`);
    await page.getByLabel('Given name').fill('Ada');
    await page.getByLabel('Family name').fill(`Daytest${suffix}`);
    await born.fill('3/11/1979');
    await page.getByLabel('Sex').selectOption('female');
    await page.getByLabel(/Weight \(kg\)/).fill('61');
    await shoot(page.locator('app-field', { has: born }), 'date-inputs-03-birth-date-tablet');
    const created = page.waitForResponse(
      (response) =>
        response.request().method() === 'POST' && response.url().endsWith('/api/v1/patients'),
    );
    await page.getByRole('button', { name: 'Create patient' }).click();
    const response = await created;
    expect(response.status()).toBe(201);
    expect(((await response.json()) as { birthDate: string }).birthDate).toBe('1979-11-03');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Audit log: "From day" and "To day" typed day first', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, 'manager@riverside.demo.clinic');
    await page.getByRole('link', { name: 'Audit log' }).first().click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const from = page.getByLabel('From day');
    await from.waitFor();
    expect(await from.getAttribute('placeholder')).toBe('dd/mm/yyyy');
    await from.fill('20/11/2026');
    await from.press('Tab');
    await page.getByLabel('To day (included)').fill('11/31/2026');
    await page.getByLabel('To day (included)').press('Tab');
    expect(await page.locator('#audit-to-error').textContent()).toContain(
      'Enter the day as dd/mm/yyyy',
    );
    await screenshot(page, 'date-inputs-04-audit-days-tablet');
    expect(errors).toEqual([]);
    await context.close();
  });
});
