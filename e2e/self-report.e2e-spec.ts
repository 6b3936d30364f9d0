import type { Browser, Page } from 'playwright-core';
import { launch, openPage, screenshot } from './support/browser';
import { ACCOUNTS, PASSWORD, api, signInAs, startCourseFor } from './support/navigation';

const HOUR = 3_600_000;

interface FollowUp {
  id: string;
  kind: '24h' | '72h';
  status: string;
  link: string;
}

/** A new patient, dosed 13 h ago and discharged (psychiatrist override): the 24-h link is open. */
async function dosedPatient(): Promise<{ patientId: string; familyName: string; link: string }> {
  const login = await api<{ token: string; user: { clinicIds: string[] } }>('/auth/login', null, {
    email: ACCOUNTS.psychiatrist,
    password: PASSWORD,
  });
  const { token } = login;
  const suffix = String(Date.now()).slice(-6);
  const familyName = `Selfreport${suffix}`;
  const patient = await api<{ id: string }>('/patients', token, {
    clinicId: login.user.clinicIds[0],
    mrn: `SR-${suffix}`,
    givenName: 'Robin',
    familyName,
    birthDate: '1985-03-14',
    sex: 'female',
    weightKg: 70,
  });
  await startCourseFor(token, patient.id);
  const now = Date.now();
  const session = await api<{ id: string }>(`/patients/${patient.id}/sessions`, token, {
    drug: 'ketamine',
    route: 'iv',
    doseMg: 35,
    weightKg: 70,
    infusionMinutes: 40,
    startedAt: new Date(now - 13 * HOUR).toISOString(),
  });
  await api(`/sessions/${session.id}/discharge`, token, {
    dischargedAt: new Date(now - 11 * HOUR).toISOString(),
    overrideReason: 'test: self-report browser test',
  });
  const { items } = await api<{ items: FollowUp[] }>(`/sessions/${session.id}/followups`, token);
  const at24h = items.find((item) => item.kind === '24h');
  if (!at24h || at24h.status !== 'open') {
    throw new Error(`No open 24-h follow-up: ${JSON.stringify(items)}`);
  }
  return { patientId: patient.id, familyName, link: at24h.link };
}

/** In-app navigation (the token lives in memory: a full page load would sign the user out). */
async function navigate(page: Page, path: string): Promise<void> {
  await page.evaluate((url) => {
    history.pushState({}, '', url);
    dispatchEvent(new PopStateEvent('popstate', { state: {} }));
  }, path);
  await page.waitForURL((url) => url.pathname === path);
}

/** What Tab should reach: a radio of this group, or the button with this label. */
type Target = { radioGroup: string } | { button: string };

/** Presses Tab until the focused element is `target` (fails after `max` presses). */
async function tabTo(page: Page, target: Target, max = 12): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const reached = await page.evaluate((wanted) => {
      const el = document.activeElement;
      return 'radioGroup' in wanted
        ? el instanceof HTMLInputElement && el.type === 'radio' && el.name === wanted.radioGroup
        : el instanceof HTMLButtonElement && el.textContent.trim() === wanted.button;
    }, target);
    if (reached) return;
  }
  throw new Error(`Tab never reached ${JSON.stringify(target)}`);
}

describe('a patient answers the 24-h PHQ-9 from a phone, with the keyboard alone', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  it('records it, shows the crisis text, flags it for the nurse and charts it for the psychiatrist', async () => {
    const { patientId, familyName, link } = await dosedPatient();

    // The nurse's live board, open before the patient answers (1024 px tablet).
    const nurse = await openPage(browser, { width: 1024, height: 768 });
    await signInAs(nurse.page, 'nurse');
    await nurse.page.waitForURL((url) => url.pathname !== '/sign-in' && url.pathname !== '/');
    await navigate(nurse.page, '/board');
    await nurse.page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor();

    // The patient's phone (360 x 740), no sign-in: the link is the only key.
    const phone = await openPage(browser, { width: 360, height: 740 });
    const { page } = phone;
    await page.goto(new URL(link).pathname);
    await page.getByRole('heading', { name: 'Hello Robin' }).waitFor();
    await screenshot(page, 'self-report-1-form');

    // Items 1-8: "Not at all" (Space on the group's first option); item 9: "Several days" (arrow).
    for (let item = 1; item <= 9; item++) {
      await tabTo(page, { radioGroup: `item${String(item)}` });
      if (item === 9) {
        await page.keyboard.press('ArrowDown');
      } else {
        await page.keyboard.press('Space');
      }
      expect(
        await page.evaluate(
          (name) =>
            document.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value,
          `item${String(item)}`,
        ),
      ).toBe(item === 9 ? '1' : '0');
    }
    await screenshot(page, 'self-report-2-answered');
    await tabTo(page, { button: 'Review my answers' });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Check your answers' }).waitFor();
    await screenshot(page, 'self-report-3-review');
    await tabTo(page, { button: 'Send my answers' });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Thank you' }).waitFor();
    const crisis = page.getByRole('alert');
    await crisis.waitFor();
    expect(await crisis.textContent()).toContain('988');
    await screenshot(page, 'self-report-4-crisis');

    // The nurse's board, live (no reload): the patient is at home, so the critical item-9 flag
    // is listed above the on-site patients.
    const sentAt = Date.now();
    const flag = nurse.page.locator('[data-testid="attention-phq9.item9_positive"]', {
      hasText: familyName,
    });
    await flag.waitFor({ timeout: 5000 });
    // eslint-disable-next-line no-console
    console.log(
      `item-9 flag on the nurse's board ${String(Date.now() - sentAt)} ms after the thank-you page`,
    );
    expect(await flag.textContent()).toMatch(/critical/i);
    await screenshot(nurse.page, 'self-report-5-nurse-board');

    // The psychiatrist: the response chart's table lists the new 24-h point (~13 h).
    const psychiatrist = await openPage(browser, { width: 1280, height: 900 });
    await signInAs(psychiatrist.page, 'psychiatrist');
    await psychiatrist.page.waitForURL((url) => url.pathname === '/patients');
    await navigate(psychiatrist.page, `/patients/${patientId}`);
    const row = psychiatrist.page.getByTestId('response-chart-table').locator('tbody tr', {
      hasText: 'Session 1',
    });
    await row.waitFor({ state: 'attached' });
    const cells = await row.locator('td').allTextContents();
    expect(cells[3]).toMatch(/^\s*\d+ at 1[23](\.\d)? h/);
    expect(cells[3]).toMatch(/24-h|24 h/i);
    expect(cells[3]).toContain('from home');
    // The latest session's follow-up section: the 24-h questionnaire is now completed.
    const followUp = psychiatrist.page.getByTestId('follow-up-24h');
    await followUp.getByTestId('follow-up-status').filter({ hasText: 'Completed' }).waitFor();
    expect(await followUp.getByRole('button').count()).toBe(0);
    await screenshot(psychiatrist.page, 'self-report-6-psychiatrist-chart');

    expect([...phone.errors, ...nurse.errors, ...psychiatrist.errors]).toEqual([]);
    await Promise.all([phone.context.close(), nurse.context.close(), psychiatrist.context.close()]);
  });
});
