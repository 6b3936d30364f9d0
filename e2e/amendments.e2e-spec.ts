import type { Browser, Page } from 'playwright-core';
import { launch, openPage, screenshot } from './support/browser';
import {
  ACCOUNTS,
  api,
  call,
  goTo,
  login,
  shoot,
  signInAs,
  startCourseFor,
} from './support/navigation';

const HOUR = 3_600_000;
/** Tablet, portrait: the size the clinic's iPads show the dashboard at. */
const TABLET = { width: 768, height: 1024 };

const IMG_PAYLOAD = '<img src=x onerror="window.__xss=1">';
const SCRIPT_PAYLOAD = '<script>window.__xss=2</script>';

function patientBody(clinicId: string, givenName: string, familyName: string, mrn: string) {
  return {
    clinicId,
    mrn,
    givenName,
    familyName,
    birthDate: '1979-02-11',
    sex: 'male',
    weightKg: 70,
  };
}

/** Nine PHQ-9 answers adding up to `total` (item 9 stays 0). */
function items(total: number): number[] {
  const answers = Array<number>(9).fill(0);
  let left = total;
  for (let i = 0; i < 8 && left > 0; i++) {
    answers[i] = Math.min(3, left);
    left -= answers[i];
  }
  return answers;
}

const xssFlag = (page: Page): Promise<unknown> =>
  page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);

describe('entered in error and hostile text in Chromium (tablet)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  it('a psychiatrist marks a PHQ-9 entered in error: the charts drop it, the history keeps it marked with the reason', async () => {
    const { token, user } = await login(ACCOUNTS.psychiatrist);
    const suffix = String(Date.now()).slice(-6);
    const familyName = `Amend${suffix}`;
    const patient = await api<{ id: string }>(
      '/patients',
      token,
      patientBody(user.clinicIds[0], 'Jonas', familyName, `AE-${suffix}`),
    );
    await startCourseFor(token, patient.id);
    const now = Date.now();
    const dose = now - 30 * HOUR;
    await api(`/patients/${patient.id}/phq9`, token, {
      administeredAt: new Date(dose - 48 * HOUR).toISOString(),
      items: items(20),
      recall: 'two_weeks',
    });
    const session = await api<{ id: string }>(`/patients/${patient.id}/sessions`, token, {
      drug: 'ketamine',
      route: 'iv',
      doseMg: 35,
      infusionMinutes: 40,
      startedAt: new Date(dose).toISOString(),
    });
    await api(`/sessions/${session.id}/discharge`, token, {
      dischargedAt: new Date(dose + 2 * HOUR).toISOString(),
      overrideReason: 'e2e: closing the session',
    });
    // The 24-h questionnaire, which turns out to be another patient's answers.
    const wrong = await api<{ id: string }>(`/patients/${patient.id}/phq9`, token, {
      administeredAt: new Date(dose + 24 * HOUR).toISOString(),
      items: items(7),
      recall: '24_hours',
      sessionId: session.id,
    });

    const { context, page, errors } = await openPage(browser, TABLET);
    await signInAs(page, 'psychiatrist');
    await page.waitForURL((url) => url.pathname === '/patients');
    await goTo(page, `/patients/${patient.id}`);
    await page.getByTestId('course-summary').waitFor();

    const courseChart = page.getByTestId('course-chart').locator('canvas');
    expect(await courseChart.getAttribute('aria-label')).toContain('2 PHQ-9 scores');
    expect(await page.getByTestId('response-chart-table').textContent()).toContain('7 at 24 h');

    const history = page.getByTestId('phq9-table');
    const row = history.locator('tbody tr').first();
    expect(await row.locator('td').nth(1).textContent()).toContain('7');
    const mark = row.getByRole('button', { name: /Mark the PHQ-9 of .* entered in error/ });
    await mark.click();
    const form = page.getByTestId('mark-in-error-form');
    await form.waitFor();
    expect(await form.textContent()).toContain('leaves the scores, the charts');
    // An empty reason is refused before anything is sent.
    await form.getByRole('button', { name: 'Mark PHQ-9 entered in error' }).click();
    await form.getByText('Give the reason the record is wrong').waitFor();
    await page.getByLabel(/Why is it wrong\?/).fill('Answers of another patient (same surname)');
    await screenshot(page, 'amendments-01-mark-phq9-tablet');
    await shoot(page.locator('section', { has: history }), 'amendments-01b-mark-phq9-form-tablet');
    await form.getByRole('button', { name: 'Mark PHQ-9 entered in error' }).click();

    // The record reloads in place: the history keeps the PHQ-9, marked; the charts drop it.
    const note = row.getByTestId('entered-in-error');
    await note.waitFor();
    expect((await note.textContent())?.replace(/\s+/g, ' ')).toMatch(
      /Entered in error “Answers of another patient \(same surname\)” .+, \d{1,2} \w+ \d{4}, \d{2}:\d{2}/,
    );
    expect(await row.getAttribute('class')).toContain('row--entered-in-error');
    await page
      .getByTestId('patient-announcement')
      .getByText('PHQ-9 marked entered in error.')
      .waitFor();
    await page.waitForFunction(
      () =>
        document
          .querySelector('[data-testid="course-chart"] canvas')
          ?.getAttribute('aria-label')
          ?.includes('1 PHQ-9 score ') ?? false,
    );
    expect(await page.getByTestId('response-chart-table').textContent()).not.toContain('7 at 24 h');
    await screenshot(page, 'amendments-02-phq9-marked-tablet');
    await shoot(page.locator('section', { has: history }), 'amendments-02b-phq9-history-tablet');
    await shoot(page.locator('.charts'), 'amendments-02c-charts-tablet');

    // The server agrees: the response has no 24-h point, the list still has the record, marked.
    const response = await api<{ sessions: { at24h: unknown }[] }>(
      `/patients/${patient.id}/response`,
      token,
    );
    expect(response.sessions[0].at24h).toBeNull();
    const list = await api<{ items: { id: string; enteredInError: { reason: string } | null }[] }>(
      `/patients/${patient.id}/phq9`,
      token,
    );
    expect(list.items.find((a) => a.id === wrong.id)?.enteredInError?.reason).toBe(
      'Answers of another patient (same surname)',
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it('renders names and notes holding markup as text on the patient page, the patient list and the board', async () => {
    const { token, user } = await login(ACCOUNTS.psychiatrist);
    const suffix = String(Date.now()).slice(-6);
    const mrn = `XS-${suffix}`;
    const familyName = `Xss${suffix}`;
    // Names with < > may be refused by the API; if so, the refusal names the field, and the
    // patient is created with the other characters that matter in HTML (quotes and ampersand).
    const hostile = await call(
      '/patients',
      token,
      patientBody(user.clinicIds[0], IMG_PAYLOAD, familyName, mrn),
    );
    let givenName = IMG_PAYLOAD;
    let patientId: string;
    if (hostile.status === 201) {
      patientId = ((await hostile.json()) as { id: string }).id;
    } else {
      expect(hostile.status).toBe(400);
      expect(JSON.stringify(await hostile.json())).toMatch(/givenName/);
      givenName = `O'Brien "Jo" & Co`;
      patientId = (
        await api<{ id: string }>(
          '/patients',
          token,
          patientBody(user.clinicIds[0], givenName, familyName, mrn),
        )
      ).id;
    }
    await startCourseFor(token, patientId);
    // Free text keeps what was typed, markup included: it must show as text.
    const session = await api<{ id: string }>(`/patients/${patientId}/sessions`, token, {
      drug: 'ketamine',
      route: 'iv',
      doseMg: 35,
      infusionMinutes: 40,
      startedAt: new Date(Date.now() - 20 * 60_000).toISOString(),
      notes: SCRIPT_PAYLOAD,
    });
    await api(`/patients/${patientId}/risk-events`, token, {
      type: 'craving',
      occurredAt: new Date(Date.now() - HOUR).toISOString(),
      notes: SCRIPT_PAYLOAD,
    });
    await api(`/sessions/${session.id}/side-effects`, token, {
      type: 'nausea',
      severity: 'mild',
      onsetAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      notes: IMG_PAYLOAD,
    });

    const { context, page, errors } = await openPage(browser, TABLET);
    await signInAs(page, 'psychiatrist');
    await page.waitForURL((url) => url.pathname === '/patients');

    // The patient list and its search.
    await page.getByLabel('Search by name or MRN').fill(familyName);
    const listed = page.getByTestId('patients-table').locator('tbody tr', { hasText: mrn });
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="patients-table"] tbody tr').length === 1,
    );
    expect(await listed.textContent()).toContain(givenName);
    await screenshot(page, 'amendments-03-hostile-text-patient-list-tablet');

    // The patient page: header, risk events and side effects show the markup as text.
    await goTo(page, `/patients/${patientId}`);
    await page.getByTestId('course-summary').waitFor();
    expect(await page.locator('h1').textContent()).toContain(givenName);
    expect(await page.getByTestId('risk-events-table').textContent()).toContain(SCRIPT_PAYLOAD);
    expect(await page.getByTestId('side-effects-table').textContent()).toContain(IMG_PAYLOAD);
    await screenshot(page, 'amendments-04-hostile-text-patient-page-tablet');
    await shoot(page.locator('.record-columns'), 'amendments-04b-hostile-text-records-tablet');

    // The nurse's board lists the patient on site.
    const nurse = await openPage(browser, TABLET);
    await signInAs(nurse.page, 'nurse');
    await nurse.page.waitForURL((url) => url.pathname === '/board');
    const card = nurse.page.locator('[data-testid="board-card"]', { hasText: familyName });
    await card.waitFor();
    expect(await card.textContent()).toContain(givenName);
    await screenshot(nurse.page, 'amendments-05-hostile-text-board-tablet');
    await shoot(card, 'amendments-05b-hostile-text-board-card-tablet');

    for (const p of [page, nurse.page]) {
      // No element was made from the text, and no script of it ran.
      expect(await p.locator('img[src="x"]').count()).toBe(0);
      expect(
        await p.evaluate(() =>
          Array.from(document.querySelectorAll('script')).some((s) =>
            s.textContent?.includes('__xss'),
          ),
        ),
      ).toBe(false);
      expect(await xssFlag(p)).toBeUndefined();
    }
    expect(errors).toEqual([]);
    expect(nurse.errors).toEqual([]);
    await nurse.context.close();
    await context.close();
  });
});
