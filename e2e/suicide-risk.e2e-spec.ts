import type { Browser, Locator, Page } from 'playwright-core';
import { launch, openPage, screenshot } from './support/browser';
import { ACCOUNTS, api, goTo, login, shoot, signInAs } from './support/navigation';

const HOUR = 3_600_000;
/** Tablet, portrait: the size the clinic's iPads show the dashboard at. */
const TABLET = { width: 768, height: 1024 };

function record404s(page: Page): string[] {
  const urls: string[] = [];
  page.on('response', (response) => {
    if (response.status() === 404) urls.push(new URL(response.url()).pathname);
  });
  return urls;
}

describe('suicide-risk workflow in Chromium (tablet)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  it('a nurse screens an item-9 flag with the C-SSRS (moderate) and writes the safety plan; the psychiatrist then resolves the flag', async () => {
    // Set-up through the API: a patient whose PHQ-9 answers item 9 with "several days".
    const { token, user } = await login(ACCOUNTS.psychiatrist);
    const suffix = String(Date.now()).slice(-6);
    const familyName = `Risk${suffix}`;
    const patient = await api<{ id: string }>('/patients', token, {
      clinicId: user.clinicIds[0],
      mrn: `SR-${suffix}`,
      givenName: 'Rowan',
      familyName,
      birthDate: '1985-06-02',
      sex: 'female',
      weightKg: 64,
    });
    await api(`/patients/${patient.id}/phq9`, token, {
      administeredAt: new Date(Date.now() - HOUR).toISOString(),
      items: [2, 2, 1, 2, 1, 1, 1, 1, 1],
      recall: 'two_weeks',
    });

    // The nurse: the flags inbox shows the item-9 flag with "Screen with C-SSRS".
    const nurse = await openPage(browser, TABLET);
    const nurse404s = record404s(nurse.page);
    await signInAs(nurse.page, 'nurse');
    await nurse.page.waitForURL((url) => url.pathname === '/board');
    await goTo(nurse.page, '/flags');
    const flag = nurse.page.locator('[data-testid="flag-phq9.item9_positive"]', {
      hasText: familyName,
    });
    await flag.waitFor();
    await screenshot(nurse.page, 'suicide-risk-01-flags-inbox-nurse-tablet');
    await shoot(flag, 'suicide-risk-01b-item9-flag-nurse-tablet');
    await flag.getByTestId('flag-screen-cssrs').click();

    // The screener, linked to the PHQ-9 of the flag.
    await nurse.page.waitForURL((url) => url.pathname === `/patients/${patient.id}/cssrs/new`);
    expect(new URL(nurse.page.url()).searchParams.get('flagId')).toMatch(/^[0-9a-f-]{36}$/);
    await nurse.page.getByTestId('cssrs-phq9').waitFor();
    expect(await nurse.page.getByTestId('cssrs-phq9').textContent()).toContain(
      'Follows the PHQ-9 of',
    );
    expect(await nurse.page.locator('input[name="cssrs-q3"]').count()).toBe(0);
    await screenshot(nurse.page, 'suicide-risk-02-screener-empty-tablet');

    const answer = (question: string, value: 'Yes' | 'No') =>
      nurse.page.getByTestId(`cssrs-${question}`).getByLabel(value, { exact: true }).check();
    await answer('q1', 'Yes');
    await answer('q2', 'Yes');
    // Questions 3-5 appear after a yes to question 2.
    await nurse.page.getByTestId('cssrs-q3').waitFor();
    await answer('q3', 'Yes');
    // A yes to question 4 would be high risk: the emergency pathway shows at once.
    await answer('q4', 'Yes');
    const high = nurse.page.locator('[data-testid="cssrs-risk"][data-risk="high"]');
    await high.waitFor();
    expect(await high.getByRole('alert').textContent()).toContain(
      'Do not leave the patient alone until a psychiatrist has evaluated them',
    );
    await shoot(high, 'suicide-risk-03a-screener-high-while-answering-tablet');
    await answer('q4', 'No');
    await answer('q5', 'No');
    await answer('q6', 'No');
    expect(await nurse.page.locator('input[name="cssrs-q6-recent"]').count()).toBe(0);
    const risk = nurse.page.getByTestId('cssrs-risk');
    expect(await risk.getAttribute('data-risk')).toBe('moderate');
    expect((await nurse.page.getByTestId('cssrs-risk-level').textContent())?.trim()).toBe(
      'Moderate risk',
    );
    expect(await nurse.page.getByTestId('cssrs-risk-action').textContent()).toContain(
      'Psychiatrist review and a safety plan today.',
    );
    await screenshot(nurse.page, 'suicide-risk-03-screener-moderate-tablet');
    await shoot(risk, 'suicide-risk-03b-screener-risk-tablet');
    await nurse.page.getByRole('button', { name: 'Save screener' }).click();

    // Straight to the safety plan, with the next step.
    await nurse.page.waitForURL((url) => url.pathname === `/patients/${patient.id}/safety-plan`);
    const next = nurse.page.getByTestId('safety-plan-next-step');
    await next.waitFor();
    expect(await next.textContent()).toContain('Moderate risk');
    await nurse.page.getByTestId('safety-plan-version').getByText('No safety plan yet.').waitFor();
    expect(
      await nurse.page
        .locator('[data-testid="plan-professionalContacts"] input')
        .first()
        .inputValue(),
    ).toContain('988');
    await screenshot(nurse.page, 'suicide-risk-04-safety-plan-new-tablet');

    const row = (step: string, index: number): Locator =>
      nurse.page.locator(`[data-testid="plan-${step}"] input`).nth(index);
    await row('warningSigns', 0).fill('Not sleeping for two nights');
    await row('warningSigns', 0).press('Enter');
    await row('warningSigns', 1).fill('Staying in my room all day');
    await row('copingStrategies', 0).fill('Walk the dog round the park');
    await row('socialDistractions', 0).fill('Coffee with my neighbour');
    await row('helpContacts', 0).fill('Sister Ann, 555-0100');
    await nurse.page.getByRole('button', { name: 'Add professional or agency' }).click();
    await row('professionalContacts', 1).fill('Riverside Clinic, 555-0199');
    await nurse.page
      .getByLabel(/Making the environment safe/)
      .fill('Sister keeps the medicines; no firearms at home');
    await nurse.page.getByLabel(/Reasons for living/).fill('My children and my garden');
    await screenshot(nurse.page, 'suicide-risk-05-safety-plan-filled-tablet');
    await nurse.page.getByRole('button', { name: 'Save safety plan' }).click();
    await nurse.page.getByTestId('safety-plan-saved').getByText('version 1').waitFor();
    expect(await nurse.page.getByTestId('safety-plan-next').textContent()).toContain(
      'Still to do: the psychiatrist reviews the patient today.',
    );
    expect(await nurse.page.getByTestId('safety-plan-version').textContent()).toMatch(
      /Version 1 · last reviewed .+ by /,
    );
    await screenshot(nurse.page, 'suicide-risk-06-safety-plan-saved-tablet');

    // The patient page shows the latest screener and the plan.
    await goTo(nurse.page, `/patients/${patient.id}`);
    const summary = nurse.page.getByTestId('suicide-risk-summary');
    await summary.getByText('Version 1').waitFor();
    // Screened since the item-9 flag: recording another is no longer the first action.
    expect((await summary.getByTestId('suicide-risk-record').textContent())?.trim()).toBe(
      'Record C-SSRS screener',
    );
    expect(await summary.getByTestId('suicide-risk-latest').textContent()).toContain(
      'Moderate risk',
    );
    await shoot(summary, 'suicide-risk-07-patient-summary-tablet');
    // A patient without a plan yet is no failed request (the page reads the versions list).
    expect(nurse404s).toEqual([]);
    expect(nurse.errors).toEqual([]);
    await nurse.context.close();

    // The psychiatrist resolves the item-9 flag: the screener exists, so it goes through.
    const psychiatrist = await openPage(browser, TABLET);
    const psychiatrist404s = record404s(psychiatrist.page);
    await signInAs(psychiatrist.page, 'psychiatrist');
    await psychiatrist.page.waitForURL((url) => url.pathname === '/patients');
    await goTo(psychiatrist.page, '/flags');
    const item9 = psychiatrist.page.locator('[data-testid="flag-phq9.item9_positive"]', {
      hasText: familyName,
    });
    await item9.waitFor();
    await item9.getByRole('button', { name: 'Resolve', exact: true }).click();
    // The form sees the nurse's screener (the server still decides).
    await item9.getByTestId('flag-action-screener-done').getByText('Moderate risk').waitFor();
    await item9
      .getByLabel(/What was done/)
      .fill('C-SSRS moderate; seen by the psychiatrist today; safety plan v1 written');
    await shoot(item9, 'suicide-risk-08-resolve-item9-psychiatrist-tablet');
    await item9.getByRole('button', { name: 'Resolve flag' }).click();
    const resolved = psychiatrist.page
      .locator('[data-testid="flag-phq9.item9_positive"]', { hasText: familyName })
      .getByTestId('flag-status');
    await resolved.getByText('Resolved').waitFor();
    expect(await psychiatrist.page.getByTestId('flag-action-no-screener').count()).toBe(0);
    await screenshot(psychiatrist.page, 'suicide-risk-09-item9-resolved-psychiatrist-tablet');

    // The server agrees.
    const flags = await api<{ items: { rule: string; status: string }[] }>(
      `/flags?patientId=${patient.id}`,
      token,
    );
    expect(flags.items.find((f) => f.rule === 'phq9.item9_positive')?.status).toBe('resolved');
    expect(psychiatrist404s).toEqual([]);
    expect(psychiatrist.errors).toEqual([]);
    await psychiatrist.context.close();
  });
});
