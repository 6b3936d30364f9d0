/**
 * Issue 20 item 8 (and item 9's search) in the browser: a manager can answer "who looked at this
 * patient". A nurse finds a patient by "Family, Given" and opens the record; the manager picks
 * that patient by name in the audit log and sees the nurse's page view as one row, by name, with
 * every record it read. No name travels in a URL on the way.
 */
import type { Browser, Page } from 'playwright-core';
import { launch, openPage, screenshot, signIn } from './support/browser';
import { api, login, shoot } from './support/navigation';

interface Patient {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
}

/** Every API request URL the page sends (to check that no name is in one). */
function requestUrls(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/')) urls.push(decodeURIComponent(request.url()));
  });
  return urls;
}

describe('the audit log answers "who looked at this patient" in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  it('groups a nurse’s page view into one row, named, found by choosing the patient by name', async () => {
    const nurse = await login('nurse@riverside.demo.clinic');
    const nurseName = (nurse.user as unknown as { name: string }).name;
    const list = await api<{ items: Patient[] }>(
      `/patients?clinicId=${nurse.user.clinicIds[0]}&limit=200`,
      nurse.token,
    );
    // a patient whose "Family, Given" is theirs alone
    const key = (p: Patient) => `${p.familyName}, ${p.givenName}`;
    const patient = list.items.find(
      (p) => list.items.filter((other) => key(other) === key(p)).length === 1,
    );
    if (!patient) throw new Error('the demo clinic has no patient with a name of their own');
    const listed = key(patient);

    // The nurse searches the way the list shows the name, and opens the record.
    const asNurse = await openPage(browser);
    const nurseUrls = requestUrls(asNurse.page);
    await signIn(asNurse.page, 'nurse@riverside.demo.clinic');
    await asNurse.page.getByRole('link', { name: 'Patients' }).first().click();
    await asNurse.page.getByLabel('Search by name or MRN').fill(listed);
    const rows = asNurse.page.getByTestId('patients-table').locator('tbody tr');
    await asNurse.page.waitForFunction((mrn) => {
      const found = document.querySelectorAll('[data-testid="patients-table"] tbody tr');
      return found.length === 1 && (found[0]?.textContent ?? '').includes(mrn);
    }, patient.mrn);
    await rows.first().getByRole('link').click();
    await asNurse.page.getByTestId('course-summary').waitFor();
    await asNurse.page.waitForLoadState('networkidle');
    expect(asNurse.errors).toEqual([]);
    await asNurse.context.close();

    // The manager picks the patient by name and sees the nurse's page view as one row.
    const asManager = await openPage(browser, { width: 1280, height: 900 });
    const managerUrls = requestUrls(asManager.page);
    const page = asManager.page;
    await signIn(page, 'manager@riverside.demo.clinic');
    await page.getByRole('link', { name: 'Audit log' }).first().click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByTestId('audit-table').locator('tbody tr').first().waitFor();

    await page.getByLabel('Patient', { exact: true }).fill(listed);
    await page.getByRole('button', { name: 'Find patient' }).click();
    const result = page.locator('.picker__result', { hasText: patient.mrn });
    await result.waitFor();
    await result.click();
    await page.getByTestId('audit-patient-chosen').filter({ hasText: listed }).waitFor();

    const view = page
      .getByTestId('audit-row')
      .filter({ hasText: /Page view\s*Read/ })
      .filter({ hasText: nurseName })
      .first();
    await view.waitFor();
    const cells = (await view.locator('td').allTextContents()).map((t) =>
      t.replace(/\s+/g, ' ').trim(),
    );
    expect(cells[1]).toMatch(/^Page view Read \d+/);
    expect(cells[3]).toContain(nurseName);
    expect(cells[5]).toContain(listed);
    // the page read several records: all in this one row
    const count = Number(/^(\d+) records/.exec(cells[4] ?? '')?.[1] ?? '0');
    expect(count).toBeGreaterThan(1);
    // every row is about this patient, by name; no row shows an id instead of a name
    const patientsCells = await page
      .getByTestId('audit-table')
      .locator('tbody td:nth-child(6)')
      .allTextContents();
    expect(patientsCells.every((text) => text.includes(listed))).toBe(true);
    expect(patientsCells.some((text) => /Patient [0-9a-f]{8}/.test(text))).toBe(false);
    await screenshot(page, '60-audit-page-views');

    await view.locator('summary').click();
    const records = view.getByTestId('audit-records').locator('li');
    expect(await records.count()).toBe(count);
    await shoot(view, '61-audit-page-view-records');

    // "Who" is a list of the clinic's staff by name; choosing the nurse sends her id
    await page.getByLabel('Who', { exact: true }).selectOption({ label: `${nurseName} (Nurse)` });
    const byNurse = page.waitForResponse(
      (response) =>
        response.url().includes('/api/v1/audit/views?') && response.url().includes('actorId='),
    );
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    expect((await byNurse).status()).toBe(200);
    await page.getByTestId('audit-range').filter({ hasText: /^1–/ }).waitFor();
    const whoCells = await page
      .getByTestId('audit-table')
      .locator('tbody td:nth-child(4)')
      .allTextContents();
    expect(whoCells.every((text) => text.includes(nurseName))).toBe(true);

    // no name ever travelled in a URL (search and filters send names in bodies, ids in URLs)
    for (const url of [...nurseUrls, ...managerUrls]) {
      expect(url.toLowerCase()).not.toContain(patient.familyName.toLowerCase());
    }
    expect(asManager.errors).toEqual([]);
    await asManager.context.close();
  });
});
