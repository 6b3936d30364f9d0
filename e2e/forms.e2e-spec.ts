/**
 * Issue 20 item 2 and part of 9, on a tablet (1024x768), as a nurse: item 9 can never be lost
 * (a PHQ-9 with item 9 blank is not saved silently: item 9 or "Not asked", then a confirmation
 * listing what is missing), Enter in a field never saves, Tab passes each item once, a digit sets
 * MOAA/S and arrows do not leave "Not assessed" for "No response", CADSS-6 items show their
 * wording.
 */
import type { Browser, Page } from 'playwright-core';
import { launch, openPage, screenshot } from './support/browser';
import {
  ACCOUNTS,
  api,
  goTo,
  login,
  shoot,
  signInAs,
  settled,
  startCourseFor,
} from './support/navigation';

const MINUTE = 60_000;

interface Flag {
  rule: string;
  status: string;
}

async function newPatient(token: string, clinicId: string, tag: string): Promise<string> {
  const suffix = String(Date.now()).slice(-6);
  const patient = await api<{ id: string }>('/patients', token, {
    clinicId,
    mrn: `FM-${tag}-${suffix}`,
    givenName: 'Iris',
    familyName: `Formtest${suffix}`,
    birthDate: '1981-06-02',
    sex: 'female',
    weightKg: 64,
  });
  await startCourseFor(token, patient.id);
  return patient.id;
}

/** The PHQ-9 item (1-10) holding the focused element, 0 for none. */
const focusedItem = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const item = document.activeElement?.closest('[data-testid^="phq9-item-"]');
    return Number(item?.getAttribute('data-testid')?.replace('phq9-item-', '') ?? 0);
  });

describe('forms that cannot lose item 9, by keyboard, in Chromium (tablet)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  it('PHQ-9: Enter moves on and never saves, Tab passes each item once, item 9 blank is never saved silently', async () => {
    const { token, user } = await login(ACCOUNTS.psychiatrist);
    const patientId = await newPatient(token, user.clinicIds[0], 'P9');
    const { context, page, errors } = await openPage(browser);
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/phq9')) posts.push(request.url());
    });
    await signInAs(page, 'nurse');
    await page.getByRole('heading', { name: 'Live board' }).waitFor();
    await goTo(page, `/record/phq9/${patientId}`);
    await page.getByRole('heading', { name: 'PHQ-9 questionnaire' }).waitFor();
    await page.getByLabel('Recall period').selectOption('two_weeks');

    // Item 1 by digit, then Enter: focus moves to item 2; nothing is saved, nothing else chosen.
    const item1 = page.locator('[data-testid="phq9-item-1"] [role="radio"]');
    await item1.first().focus();
    await page.keyboard.press('1');
    expect(await settled(() => item1.nth(1).getAttribute('aria-checked'), 'true')).toBe('true');
    await page.keyboard.press('Enter');
    expect(await settled(() => focusedItem(page), 2)).toBe(2);
    expect(await page.locator('[data-testid="phq9-item-2"] [aria-checked="true"]').count()).toBe(0);

    // Items 2-8 by digit and Tab: each Tab lands on the next item (an answered item's Clear
    // button is no Tab stop), so a fast Tab cannot skip an item.
    const visited: number[] = [];
    for (let item = 2; item <= 8; item++) {
      const answer = page.locator(`[data-testid="phq9-item-${String(item)}"] [role="radio"]`);
      await page.keyboard.press(String(item % 3));
      await settled(() => answer.nth(item % 3).getAttribute('aria-checked'), 'true');
      await page.keyboard.press('Tab');
      visited.push(await settled(() => focusedItem(page), item + 1));
    }
    expect(visited).toEqual([3, 4, 5, 6, 7, 8, 9]);
    // Item 9 left blank: Tab goes to "Not asked", then to item 10.
    await page.keyboard.press('Tab');
    const focusedTestId = (): Promise<string | null | undefined> =>
      page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    expect(await settled(focusedTestId, 'phq9-item9-not-asked')).toBe('phq9-item9-not-asked');
    await page.keyboard.press('Tab');
    expect(await settled(() => focusedItem(page), 10)).toBe(10);

    // Enter in the time fields (day, then time) does not submit either (it moves to the next field).
    await page.getByLabel('Time given').focus();
    const focusedId = (): Promise<string | undefined> =>
      page.evaluate(() => document.activeElement?.id);
    await page.keyboard.press('Enter');
    expect(await settled(focusedId, 'phq9-time-time')).toBe('phq9-time-time');
    await page.keyboard.press('Enter');
    expect(await settled(focusedId, 'phq9-session')).toBe('phq9-session');
    expect(posts).toEqual([]);

    // Save with item 9 blank: refused at item 9 (answer it or choose "Not asked").
    await page.getByRole('button', { name: 'Save PHQ-9' }).click();
    await page.locator('#phq9-item9-error').waitFor();
    expect(posts).toEqual([]);

    // "Not asked", Save: a confirmation lists what is missing; nothing is sent yet.
    await page.getByTestId('phq9-item9-not-asked').check();
    await page.getByRole('button', { name: 'Save PHQ-9' }).click();
    const confirm = page.getByTestId('phq9-confirm');
    await confirm.waitFor();
    expect(await confirm.locator('li').allTextContents()).toEqual([
      'Item 9 (thoughts of self-harm): not asked. Suicidality is unknown; a warning flag asks for item 9 the same day.',
      'Item 10 (how difficult the problems made things): not answered; it is not scored.',
    ]);
    expect(posts).toEqual([]);
    await screenshot(page, 'forms-01-phq9-confirm-missing-tablet');
    await shoot(page.getByTestId('phq9-score'), 'forms-01b-phq9-confirm-tablet');

    // Saved only when confirmed; the warning flag asks for item 9.
    await page.getByTestId('phq9-confirm-save').click();
    await page.waitForURL((url) => url.pathname === `/patients/${patientId}`);
    expect(posts).toHaveLength(1);
    const flags = await api<{ items: Flag[] }>(`/flags?patientId=${patientId}`, token);
    expect(flags.items.filter((f) => f.rule === 'phq9.item9_unanswered')).toEqual([
      expect.objectContaining({ status: 'open' }),
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('observation form: a digit sets MOAA/S, ArrowUp from “Not assessed” chooses nothing, CADSS-6 items read as questions', async () => {
    const { token, user } = await login(ACCOUNTS.psychiatrist);
    const patientId = await newPatient(token, user.clinicIds[0], 'OB');
    const session = await api<{ id: string }>(`/patients/${patientId}/sessions`, token, {
      drug: 'ketamine',
      route: 'iv',
      doseMg: 32,
      infusionMinutes: 40,
      startedAt: new Date(Date.now() - 20 * MINUTE).toISOString(),
    });
    const { context, page, errors } = await openPage(browser);
    await signInAs(page, 'nurse');
    await page.getByRole('heading', { name: 'Live board' }).waitFor();
    await goTo(page, `/board/session/${session.id}`);
    const form = page.getByTestId('observation-form');
    await form.waitFor();

    const moaas = (value: string) => form.locator(`input[name="moaas"][value="${value}"]`);
    expect(await moaas('').isChecked()).toBe(true);
    await moaas('').focus();
    await page.keyboard.press('ArrowUp');
    expect(await moaas('').isChecked()).toBe(true);
    expect(await moaas('0').isChecked()).toBe(false);
    // Each read waits for the page to have handled the key (it failed under load).
    await page.keyboard.press('4');
    expect(await settled(() => moaas('4').isChecked(), true)).toBe(true);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('4');
    await page.keyboard.press('5');
    expect(await settled(() => moaas('5').isChecked(), true)).toBe(true);

    // CADSS-6: each item says what it asks, with its CADSS number.
    for (const [index, words] of [
      [0, 'slow motion'],
      [1, 'unreal'],
      [2, 'disconnected from own body'],
      [3, 'Sense of own body changed'],
      [4, 'loses track'],
      [5, 'detached'],
    ] as const) {
      const label = form.locator(`label[for="obs-cadss-${String(index)}"]`);
      expect(await label.textContent()).toContain(words);
    }
    expect(await form.getByText('Item 1', { exact: true }).count()).toBe(0);
    await shoot(form, 'forms-02-observation-moaas-cadss-tablet');

    // Saved with MOAA/S 5 as typed.
    await form.getByLabel('Systolic BP').fill('128');
    await form.getByLabel('Diastolic BP').fill('80');
    await form.getByRole('button', { name: 'Save observation' }).click();
    await page
      .getByTestId('observation-saved')
      .getByText(/Observation saved/)
      .waitFor();
    const saved = await api<{ observations: { moaas: number | null }[] }>(
      `/sessions/${session.id}`,
      token,
    );
    expect(saved.observations.map((o) => o.moaas)).toEqual([5]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
