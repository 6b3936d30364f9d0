import type { Browser, Locator, Page } from 'playwright-core';
import { launch, openPage, screenshot } from './support/browser';
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

/**
 * Issue 20, items 3, 4 and 6: the board cannot mislead (each tile with its own time, only a full
 * set counts as the scheduled check, out-of-range values marked in words), new critical flags
 * are seen (a visible alert, the card on top, no "next check in" reassurance), and the labels
 * (who acknowledged, which session a PHQ-9 counts from). A nurse on a tablet (1024x768).
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TABLET = { width: 1024, height: 768 };

const FULL_SET = {
  systolic: 124,
  diastolic: 78,
  heartRate: 76,
  spo2: 98,
  respiratoryRate: 14,
  moaas: 5,
  cadss6: [0, 0, 0, 0, 0, 0],
};

let counter = 0;

/** A new Riverside patient (the psychiatrist records it through the API). */
async function newPatient(token: string, clinicId: string, familyName: string): Promise<string> {
  counter += 1;
  const suffix = `${String(Date.now()).slice(-6)}${String(counter)}`;
  const patient = await api<{ id: string }>('/patients', token, {
    clinicId,
    mrn: `BF-${suffix}`,
    givenName: 'Floor',
    familyName: `${familyName}${suffix}`,
    birthDate: '1980-05-02',
    sex: 'female',
    weightKg: 70,
  });
  await startCourseFor(token, patient.id);
  return patient.id;
}

/** An IV ketamine session that started `minutesAgo` minutes ago, with a full pre-dose set. */
async function dosedMinutesAgo(
  token: string,
  patientId: string,
  minutesAgo: number,
): Promise<{ id: string; startedAt: number }> {
  const startedAt = Date.now() - minutesAgo * MINUTE;
  const session = await api<{ id: string }>(`/patients/${patientId}/sessions`, token, {
    drug: 'ketamine',
    route: 'iv',
    doseMg: 35,
    weightKg: 70,
    infusionMinutes: 40,
    startedAt: new Date(startedAt).toISOString(),
  });
  await api(`/sessions/${session.id}/observations`, token, {
    ...FULL_SET,
    recordedAt: new Date(startedAt - 5 * MINUTE).toISOString(),
  });
  return { id: session.id, startedAt };
}

const cardOf = (page: Page, sessionId: string): Locator =>
  page.locator(`[data-testid="board-card"][data-session-id="${sessionId}"]`);

const tile = (card: Locator, key: string): Locator => card.locator(`[data-reading="${key}"]`);

describe('the clinic floor: a board that cannot mislead, alerts that are seen (issue 20)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  it('an HR-only entry at 13 min keeps BP at its own time and does not count as the 15-min check', async () => {
    const psychiatrist = await login(ACCOUNTS.psychiatrist);
    const nurse = await login(ACCOUNTS.nurse);
    const patientId = await newPatient(
      psychiatrist.token,
      psychiatrist.user.clinicIds[0] ?? '',
      'Heartrate',
    );
    const session = await dosedMinutesAgo(psychiatrist.token, patientId, 27);
    await api(`/sessions/${session.id}/observations`, nurse.token, {
      heartRate: 92,
      recordedAt: new Date(session.startedAt + 13 * MINUTE + 10_000).toISOString(),
    });

    const { context, page, errors } = await openPage(browser, TABLET);
    await signInAs(page, 'nurse');
    await boardIsLive(page);
    const card = cardOf(page, session.id);
    await card.waitFor();

    // Each tile with its own time: BP from the pre-dose set, HR from the 13-min entry.
    expect(await tile(card, 'bp').getByTestId('reading-at').textContent()).toBe('pre-dose');
    expect((await tile(card, 'bp').textContent()) ?? '').toContain('124/78');
    expect(await tile(card, 'heartRate').getByTestId('reading-at').textContent()).toBe('at 13 min');
    expect(((await card.textContent()) ?? '').includes('last at 13 min')).toBe(false);
    expect(await card.getByTestId('last-full-set').textContent()).toContain(
      'Last full check (BP, HR, SpO₂, MOAA/S) pre-dose',
    );

    // The 15-min check is still due, and late: the HR-only entry did not satisfy it.
    const due = card.getByTestId('next-due');
    expect(await due.textContent()).toContain('15-min check');
    expect(await due.textContent()).toContain('OVERDUE');
    await card.locator('[data-rule="monitoring.overdue"]').waitFor();

    await shoot(card, '40-board-hr-only-own-times');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('BP 188/112: the value is marked in words, a visible alert names the patient, the card moves to the top, no "next check in" reassurance; the acknowledgement shows who', async () => {
    const psychiatrist = await login(ACCOUNTS.psychiatrist);
    const nurse = await login(ACCOUNTS.nurse);
    const patientId = await newPatient(
      psychiatrist.token,
      psychiatrist.user.clinicIds[0] ?? '',
      'Severe',
    );
    const session = await dosedMinutesAgo(psychiatrist.token, patientId, 16);
    await api(`/sessions/${session.id}/observations`, nurse.token, {
      ...FULL_SET,
      recordedAt: new Date(session.startedAt + 15 * MINUTE).toISOString(),
    });
    const patient = await api<{ givenName: string; familyName: string }>(
      `/patients/${patientId}`,
      nurse.token,
    );
    const patientName = `${patient.givenName} ${patient.familyName}`;

    const { context, page, errors } = await openPage(browser, TABLET);
    await signInAs(page, 'nurse');
    await boardIsLive(page);
    const card = cardOf(page, session.id);
    await card.waitFor();
    // Before: all is well, and the board says when the next check is.
    expect(await card.getByTestId('next-due').textContent()).toContain('Next observation');
    expect(await page.getByTestId('critical-alert').count()).toBe(0);
    expect(await page.getByTestId('alert-sound-toggle').isChecked()).toBe(false);

    // Another tablet records BP 188/112; the board updates by itself.
    await api(`/sessions/${session.id}/observations`, nurse.token, {
      ...FULL_SET,
      systolic: 188,
      diastolic: 112,
      recordedAt: new Date().toISOString(),
    });
    const alert = page.getByTestId('critical-alert').filter({ hasText: patientName });
    await alert.waitFor({ timeout: 5_000 });
    const alertText = (await alert.textContent()) ?? '';
    expect(alertText).toContain('New critical flag');
    expect(alertText).toContain('Severe blood pressure');
    expect(alertText).toContain('188/112');
    expect(await alert.isVisible()).toBe(true);

    // The card is first, its BP marked in colour AND words, and no reassuring countdown.
    const first = page.getByTestId('board-card').first();
    expect(await first.getAttribute('data-session-id')).toBe(session.id);
    const bp = tile(card, 'bp');
    expect(await bp.getAttribute('data-mark')).toBe('critical');
    expect(await bp.getByTestId('reading-mark').textContent()).toContain('Severe, ≥ 180/110');
    const critical = card.getByTestId('critical-state');
    expect(await critical.textContent()).toContain('Critical: Severe blood pressure');
    expect(await critical.textContent()).toContain('open, not yet acknowledged');
    expect(((await card.textContent()) ?? '').includes('Next observation in')).toBe(false);
    await screenshot(page, '41-board-critical-alert');
    await shoot(card, '42-board-critical-card');

    // Dismissed: the banner goes, the card keeps its critical state.
    await alert.getByTestId('critical-alert-dismiss').click();
    await alert.waitFor({ state: 'detached' });
    expect(await critical.isVisible()).toBe(true);

    // The nurse acknowledges it (another tablet); the card and the patient page name who did.
    const flags = await api<{ items: { id: string; rule: string }[] }>(
      `/flags?patientId=${patientId}&status=open`,
      nurse.token,
    );
    const severe = flags.items.find((flag) => flag.rule === 'bp.severe');
    expect(severe).toBeDefined();
    await api(`/flags/${severe?.id ?? ''}/acknowledge`, nurse.token, { note: 'Doctor called' });
    const nurseName = (await api<{ name: string }>('/auth/me', nurse.token)).name;
    await critical.filter({ hasText: `acknowledged by ${nurseName}` }).waitFor({ timeout: 5_000 });
    await shoot(card, '43-board-critical-acknowledged');

    await goTo(page, `/patients/${patientId}`);
    const flagStatus = page
      .getByTestId('flag')
      .filter({ hasText: 'Severe blood pressure' })
      .getByTestId('flag-status');
    await flagStatus.waitFor();
    expect(await flagStatus.textContent()).toBe(`Acknowledged by ${nurseName}`);
    await shoot(
      page.getByTestId('flag').filter({ hasText: 'Severe blood pressure' }),
      '44-flag-acknowledged-by',
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the PHQ-9 history counts a PHQ-9 taken before session 2 from session 1, and says so', async () => {
    const psychiatrist = await login(ACCOUNTS.psychiatrist);
    const token = psychiatrist.token;
    const patientId = await newPatient(token, psychiatrist.user.clinicIds[0] ?? '', 'Attribution');
    const now = Date.now();
    const first = now - 80 * HOUR;
    const second = now - 2 * HOUR;
    const s1 = await api<{ id: string }>(`/patients/${patientId}/sessions`, token, {
      drug: 'ketamine',
      route: 'iv',
      doseMg: 35,
      weightKg: 70,
      infusionMinutes: 40,
      startedAt: new Date(first).toISOString(),
    });
    await api(`/sessions/${s1.id}/discharge`, token, {
      dischargedAt: new Date(first + 2 * HOUR).toISOString(),
      overrideReason: 'e2e: closing the session',
    });
    const s2 = await api<{ id: string }>(`/patients/${patientId}/sessions`, token, {
      drug: 'ketamine',
      route: 'iv',
      doseMg: 35,
      weightKg: 70,
      infusionMinutes: 40,
      startedAt: new Date(second).toISOString(),
    });
    await api(`/sessions/${s2.id}/discharge`, token, {
      dischargedAt: new Date(second + HOUR + 50 * MINUTE).toISOString(),
      overrideReason: 'e2e: closing the session',
    });
    // The pre-dose PHQ-9 of session 2, 72.1 h after session 1 started (54 min before session 2).
    await api(`/patients/${patientId}/phq9`, token, {
      administeredAt: new Date(first + 72.1 * HOUR).toISOString(),
      items: [1, 1, 1, 1, 1, 1, 1, 1, 0],
      recall: 'two_weeks',
      sessionId: s2.id,
    });

    const { context, page, errors } = await openPage(browser, TABLET);
    await signInAs(page, 'nurse');
    await boardIsLive(page);
    await goTo(page, `/patients/${patientId}`);
    const table = page.getByTestId('phq9-table');
    await table.waitFor();
    const row = table.locator('tbody tr').first();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('72.1 h after session 1');
    expect(text).toContain('pre-dose, session 2');
    expect(text.includes('after session 2')).toBe(false);
    await shoot(table, '45-phq9-history-attribution');
    expect(errors).toEqual([]);
    await context.close();
  });
});
