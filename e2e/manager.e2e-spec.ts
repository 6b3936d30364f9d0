import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { launch, openPage, screenshot, signIn } from './support/browser';

describe('the manager’s outcomes and audit log in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  it('the manager sees the outcomes with numerators, denominators and the published references, then the audit log', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, 'manager@riverside.demo.clinic');
    await page.getByRole('link', { name: 'Outcomes' }).first().click();
    await page.getByRole('heading', { name: 'Outcomes', level: 1 }).waitFor();
    await page.getByTestId('by-session-table').waitFor();

    const cohort = Number(await page.getByTestId('cohort-patients').textContent());
    expect(cohort).toBeGreaterThan(0);
    const firstRow = await page
      .getByTestId('by-session-table')
      .locator('tbody tr')
      .first()
      .locator('td')
      .allTextContents();
    // Four rates, then the patients who have not reached the session yet (issue 20).
    expect(firstRow).toHaveLength(5);
    for (const cell of firstRow.slice(0, 4)) {
      expect(cell.trim()).toMatch(/^\d+ \/ \d+ \((\d+\.\d %|no patients)\)$/);
    }
    expect(firstRow[4].trim()).toMatch(/^\d+$/);
    expect((await page.getByTestId('followup-24h').textContent())?.trim()).toMatch(
      /^\d+ \/ \d+ \(/,
    );
    expect((await page.getByTestId('dropout').textContent())?.trim()).toMatch(/^\d+ \/ \d+ \(/);

    const references = await page
      .getByTestId('references-table')
      .locator('tbody th')
      .allTextContents();
    expect(references.map((text) => text.trim())).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Published reference: Osmind ORKA-1/),
        expect.stringMatching(/^Published reference: Oliver 2022, after 6 infusions/),
        expect.stringMatching(/^Published reference: Oliver 2022, after 10 infusions/),
        expect.stringMatching(/^Published reference: Esketamine TRANSFORM-2/),
      ]),
    );
    expect(await page.locator('canvas[role="img"]').count()).toBe(2);
    await screenshot(page, '20-outcomes-manager');

    // Filters: esketamine only.
    await page.getByLabel('Drug').selectOption('esketamine');
    const filtered = page.waitForResponse(
      (response) =>
        response.url().includes('/api/v1/outcomes?') && response.url().includes('drug=esketamine'),
    );
    await page.getByRole('button', { name: 'Show' }).click();
    expect((await filtered).status()).toBe(200);
    await page.getByTestId('outcomes-report-of').filter({ hasText: 'Esketamine' }).waitFor();
    await screenshot(page, '21-outcomes-esketamine');

    // The report on screen as CSV: fetched with the session token, saved by the browser.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download these outcomes (CSV)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^outcomes_riverside-clinic_.+_esketamine\.csv$/);
    const csv = fs.readFileSync(await file.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'section,session_number,measure,key,numerator,denominator,percent,value',
    );
    expect(csv).toContain('by_session,1,response_itt,');
    await page.getByText(/^Outcomes downloaded: outcomes_/).waitFor();

    // The patient list: its reads are audited (one entry per patient listed).
    await page.getByRole('link', { name: 'Patients' }).first().click();
    await page.getByTestId('patients-table').locator('tbody tr').first().waitFor();

    // The audit log: readable rows, pages, a filter by patient from a row.
    await page.getByRole('link', { name: 'Audit log' }).first().click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const rows = page.getByTestId('audit-table').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(0);
    const range = (await page.getByTestId('audit-range').textContent())?.trim() ?? '';
    expect(range).toMatch(/^1–\d+ of [\d,]+$/);
    await screenshot(page, '22-audit-manager');

    if (await page.getByRole('button', { name: 'Next' }).isEnabled()) {
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByTestId('audit-range').filter({ hasText: /^51–/ }).waitFor();
    }

    await page
      .getByTestId('audit-table')
      .getByRole('button', { name: /show only this patient's entries/ })
      .first()
      .click();
    // the patient is shown by name as the filter's choice (the request carries only the id)
    const chosen = page.getByTestId('audit-patient-chosen').locator('span').first();
    await chosen.waitFor();
    const patientName = (await chosen.textContent())?.trim() ?? '';
    expect(patientName).toMatch(/^[^,]+, .+$/);
    await page.getByTestId('audit-range').filter({ hasText: /^1–/ }).waitFor();
    const patients = await page
      .getByTestId('audit-table')
      .locator('tbody td:nth-child(6)')
      .allTextContents();
    expect(patients.every((text) => text.includes(patientName))).toBe(true);
    await screenshot(page, '23-audit-filtered');

    expect(errors).toEqual([]);
    await context.close();
  });
});
