import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { SCREENSHOTS, signIn } from './browser';
import { serverState } from './server';

/** The demo seed's accounts (Riverside clinic) and their shared password. */
export const ACCOUNTS = {
  psychiatrist: 'psychiatrist@riverside.demo.clinic',
  nurse: 'nurse@riverside.demo.clinic',
} as const;
export const PASSWORD = 'demo-password';

/** Signs in through the sign-in page as the demo account of `role`. */
export async function signInAs(page: Page, role: keyof typeof ACCOUNTS): Promise<void> {
  await signIn(page, ACCOUNTS[role], PASSWORD);
}

/**
 * Goes to a page of the app without reloading it: the session lives in memory only, so a full
 * page load would sign the user out. The router follows the history change like a link.
 */
export async function goTo(page: Page, url: string): Promise<void> {
  await page.evaluate((target) => {
    history.pushState(null, '', target);
    dispatchEvent(new PopStateEvent('popstate', { state: null }));
  }, url);
  await page.waitForURL((current) => current.pathname === url.split('?')[0]);
}

/** The live board is shown, with its cards, and connected to the stream. */
export async function boardIsLive(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Live board' }).waitFor();
  await page.getByTestId('board-card').first().waitFor();
  await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor();
}

/** Opens a patient from the list with the keyboard: search by MRN, Tab to the name, Enter. */
export async function openPatientByMrn(page: Page, mrn: string): Promise<void> {
  await page.getByLabel('Search by name or MRN').fill(mrn);
  const row = page.getByTestId('patients-table').locator('tbody tr', { hasText: mrn });
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="patients-table"] tbody tr').length === 1,
  );
  await row.getByRole('link').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('course-summary').waitFor();
}

/** A screenshot of one part of the page, at its real size (easier to read than the whole page). */
export async function shoot(part: Locator, name: string): Promise<void> {
  await part.scrollIntoViewIfNeeded();
  await part.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** What the API answered to a signed-in login. */
export interface Login {
  token: string;
  user: { clinicIds: string[] };
}

/** A request to the API of the server under test (GET, or POST with a JSON body). */
export async function call(path: string, token: string | null, body?: unknown): Promise<Response> {
  return fetch(`${serverState().baseUrl}/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The JSON answer of a request that must succeed (fails the test with the server's answer). */
export async function api<T>(path: string, token: string | null, body?: unknown): Promise<T> {
  const response = await call(path, token, body);
  if (!response.ok) {
    throw new Error(`${path}: ${String(response.status)} ${await response.text()}`);
  }
  return (await response.json()) as T;
}

/** Signs a demo account in through the API (for setting up data, not for the page). */
export const login = (email: string): Promise<Login> =>
  api<Login>('/auth/login', null, { email, password: PASSWORD });

/**
 * What `read` gives once the page has re-rendered after a key press or click (polled up to 5 s;
 * the dashboard renders on its next frame, which a loaded machine may delay past the press).
 * Returns the last value read, so the caller's expectation still fails with what was there.
 */
export async function settled<T>(read: () => Promise<T>, expected: T): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (value === expected) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return read();
}

/** The screening checklist of CLINICAL.md s9 (SCREENING_ITEMS of the shared contract). */
export const SCREENING_ITEMS = [
  'aneurysmal_vascular_disease',
  'arteriovenous_malformation',
  'intracerebral_haemorrhage',
  'hypersensitivity',
  'psychosis_or_mania',
  'pregnancy_or_breastfeeding',
  'uncontrolled_hypertension',
  'cardiac_or_cerebrovascular_disease',
  'substance_use_disorder',
  'raised_intracranial_pressure',
] as const;

/** The built-in protocols' fixed ids (BUILT_IN_PROTOCOL_IDS of the shared contract). */
const PROTOCOL_OF = {
  ketamine: '5e7a0000-0000-4000-8000-000000000004', // IV ketamine 0.5 mg/kg
  esketamine: '5e7a0000-0000-4000-8000-000000000001', // Esketamine (US label)
} as const;

/**
 * Set-up through the API (CLINICAL.md s8, s9): a screening with every item `no` (consent, and REMS
 * enrolment for esketamine), dated `screenedAt` (before the first session, default 10 days ago),
 * then an initial course on the built-in IV or esketamine protocol. The demo clinics work with
 * courses, so a new patient's first session needs one.
 */
export async function startCourseFor(
  token: string,
  patientId: string,
  drug: 'ketamine' | 'esketamine' = 'ketamine',
  screenedAt = new Date(Date.now() - 10 * 24 * 3_600_000),
): Promise<{ id: string }> {
  const at = screenedAt.toISOString();
  const screening = await api<{ id: string }>(`/patients/${patientId}/screenings`, token, {
    drug,
    screenedAt: at,
    answers: Object.fromEntries(SCREENING_ITEMS.map((item) => [item, 'no'])),
    concomitant: [],
    consentAt: at,
    remsEnrolledAt: drug === 'esketamine' ? at : null,
  });
  return api<{ id: string }>(`/patients/${patientId}/courses`, token, {
    protocolId: PROTOCOL_OF[drug],
    screeningId: screening.id,
    kind: 'initial',
  });
}
