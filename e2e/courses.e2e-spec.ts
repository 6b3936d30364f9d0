import type { Browser, Page } from 'playwright-core';
import { launch, openPage, screenshot, signIn } from './support/browser';
import {
  ACCOUNTS,
  api,
  goTo,
  login,
  openPatientByMrn,
  PASSWORD,
  SCREENING_ITEMS,
  settled,
  shoot,
  signInAs,
} from './support/navigation';

/** Tablet, portrait: the size the clinic's iPads show the dashboard at. */
const TABLET = { width: 768, height: 1024 };

/** The patient page's course panel is there with its courses. */
async function coursePanel(page: Page): Promise<void> {
  await page.getByTestId('course-timeline').waitFor();
}

describe('Treatment courses in Chromium (CLINICAL.md s8, s9)', () => {
  let browser: Browser;
  let patientId = '';
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  it('a psychiatrist screens a new patient (a relative contraindication with a note), starts an IV course and orders its first session from the protocol proposal', async () => {
    const psychiatrist = await login(ACCOUNTS.psychiatrist);
    const suffix = String(Date.now()).slice(-6);
    const patient = await api<{ id: string }>('/patients', psychiatrist.token, {
      clinicId: psychiatrist.user.clinicIds[0],
      mrn: `CRS-${suffix}`,
      givenName: 'Corin',
      familyName: `Course${suffix}`,
      birthDate: '1981-04-22',
      sex: 'male',
      weightKg: 70,
    });
    patientId = patient.id;

    const { page } = await openPage(browser, TABLET);
    await signInAs(page, 'psychiatrist');
    await page.waitForURL((url) => url.pathname === '/patients');
    await goTo(page, `/patients/${patient.id}`);
    await coursePanel(page);
    // No course yet: the actions to screen and to start one.
    await page.getByTestId('course-action-screening').waitFor();
    await shoot(page.getByTestId('course-timeline'), 'courses-01-no-course-psychiatrist-tablet');

    // The screening: IV ketamine, everything "no" but uncontrolled hypertension, with the note.
    await page.getByTestId('course-action-screening').click();
    await page.waitForURL((url) => url.pathname === `/record/screening/${patient.id}`);
    await page.getByTestId('screening-form').waitFor();
    await page.locator('input[name="screening-drug"][value="ketamine"]').check();
    for (const item of SCREENING_ITEMS) {
      const answer = item === 'uncontrolled_hypertension' ? 'yes' : 'no';
      await page.locator(`input[name="screening-${item}"][value="${answer}"]`).check();
    }
    // A `yes` asks for the psychiatrist's decision.
    const note = page.getByTestId('screening-note-uncontrolled_hypertension');
    await note.waitFor();
    await note.fill(
      'Home readings 140-150/90; amlodipine started by the GP. Proceed with a pre-dose BP check, rest and repeat if above 140/90.',
    );
    await screenshot(page, 'courses-02-screening-form-psychiatrist-tablet');
    await page.getByRole('button', { name: 'Save screening' }).click();
    const result = page.getByTestId('screening-result');
    await result.waitFor();
    expect(await result.getAttribute('data-result')).toBe('eligible_with_warnings');
    expect(await page.getByTestId('screening-result-relative').textContent()).toMatch(
      /hypertension/i,
    );
    await shoot(result, 'courses-03-screening-saved-psychiatrist-tablet');

    // Start the course on the built-in IV protocol, the screening's warning shown.
    await page.getByTestId('screening-start-course').click();
    await page.waitForURL((url) => url.pathname === `/record/course/${patient.id}`);
    await page.getByTestId('course-form').waitFor();
    await page.getByTestId('course-relative').waitFor();
    const ivProtocol = page
      .getByTestId('course-protocol')
      .locator('label', { hasText: 'IV ketamine 0.5 mg/kg' })
      .first();
    await ivProtocol.locator('input[type="radio"]').check();
    await screenshot(page, 'courses-04-start-course-psychiatrist-tablet');
    await page.getByRole('button', { name: 'Start course' }).click();
    await page.waitForURL((url) => url.pathname === `/patients/${patient.id}`);
    await coursePanel(page);
    const course = page.getByTestId('course').first();
    await course.waitFor();
    expect(await course.getAttribute('data-phase')).toBe('induction');
    expect(await course.getByTestId('course-screening').textContent()).toMatch(/hypertension/i);
    const nextDue = course.getByTestId('course-next-due');
    await nextDue.waitFor();
    expect(await nextDue.textContent()).toContain('0.5 mg/kg');

    // "Order session": the proposal of the protocol pre-fills drug, route, date and dose.
    await page.getByRole('link', { name: 'Order session' }).click();
    await page.waitForURL((url) => url.pathname === `/record/session/${patient.id}`);
    const doseProposal = page.getByTestId('dose-proposal');
    await doseProposal.waitFor();
    expect(await doseProposal.textContent()).toContain('0.5 mg/kg');
    await page.getByTestId('date-proposal').waitFor();
    expect(await page.locator('#session-route').inputValue()).toBe('iv');
    // 0.5 mg/kg x 70 kg
    expect(await settled(() => page.locator('#session-dose').inputValue(), '35')).toBe('35');
    await page.locator('#session-lot').fill('KT-E2E-01');
    await screenshot(page, 'courses-05-order-from-proposal-psychiatrist-tablet');
    await page.getByRole('button', { name: 'Order session' }).click();

    // Back on the patient page: the course counts the ordered session and shows the next due date.
    await page.waitForURL((url) => url.pathname === `/patients/${patient.id}`);
    await coursePanel(page);
    const sessions = page.getByTestId('course').first().getByTestId('course-sessions');
    expect(
      await settled(
        async () => (await sessions.textContent())?.replace(/\s+/g, ' ').trim() ?? '',
        'Sessions: 0 given, 1 ordered and not yet given.',
      ),
    ).toBe('Sessions: 0 given, 1 ordered and not yet given.');
    await page.getByTestId('course').first().getByTestId('course-next-due').waitFor();
    await shoot(
      page.getByTestId('course-timeline'),
      'courses-06-course-ordered-psychiatrist-tablet',
    );
  });

  it.each([
    ['nurse', ACCOUNTS.nurse],
    ['manager', 'manager@riverside.demo.clinic'],
  ])(
    'a %s sees the course panel of a demo re-induction and the REMS forms due',
    async (role, email) => {
      const { page } = await openPage(browser, TABLET);
      await signIn(page, email, PASSWORD);
      await page.waitForURL((url) => url.pathname !== '/sign-in');
      // RC-00020: a first course ended months ago, the re-induction in progress.
      await goTo(page, '/patients');
      await openPatientByMrn(page, 'RC-00020');
      await coursePanel(page);
      const courses = page.getByTestId('course');
      await courses.first().waitFor();
      expect(await courses.count()).toBe(2);
      const phases = await courses.evaluateAll((els) =>
        els.map((e) => e.getAttribute('data-phase')),
      );
      expect(phases.sort()).toEqual(['ended', 'induction']);
      // Nurses and managers see the courses; only the psychiatrist manages them.
      expect(await page.getByTestId('course-actions').count()).toBe(0);
      await shoot(page.getByTestId('course-timeline'), `courses-07-reinduction-${role}-tablet`);

      // The patient created by the psychiatrist above: its course with the ordered session.
      if (patientId !== '') {
        await goTo(page, `/patients/${patientId}`);
        await coursePanel(page);
        await page.getByTestId('course').first().getByTestId('course-sessions').waitFor();
        await shoot(page.getByTestId('course-timeline'), `courses-08-new-course-${role}-tablet`);
      }

      // The REMS forms due: a handful of recent ones, the overdue one highlighted.
      await goTo(page, '/rems');
      await page.getByTestId('rems-due-table').waitFor();
      const rows = page.locator('[data-testid^="rems-due-row-"]');
      await rows.first().waitFor();
      expect(await rows.count()).toBeLessThanOrEqual(20);
      expect(await page.locator('.rems__row--overdue').count()).toBeGreaterThanOrEqual(1);
      await screenshot(page, `courses-09-rems-due-${role}-tablet`);
    },
  );
});
