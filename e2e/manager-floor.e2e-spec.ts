import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import path from 'node:path';
import { SCREENSHOTS, launch, openPage, screenshot } from './support/browser';
import { ACCOUNTS, PASSWORD, api, goTo, login, openPatientByMrn } from './support/navigation';
import { serverState } from './support/server';

/** The address the e2e server builds patients' links on (support/server.ts sets PUBLIC_URL). */
const PUBLIC_URL = 'https://clinic.example.test';
/** The demo's tolerance scenario (many sessions): the patient page printed below. */
const PRINTED_MRN = 'RC-00003';
const DESKTOP = { width: 1280, height: 800 };
const MANAGER = 'manager@riverside.demo.clinic';

interface BoardItem {
  patientId: string;
  sessionId: string;
}

/** Pages of a PDF made by Chromium (each page object is `/Type /Page`). */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;
}

/** A patient on today's board (the latest session in progress: its follow-ups still to come). */
async function patientOnTheBoard(): Promise<BoardItem & { token: string }> {
  const nurse = await login(ACCOUNTS.nurse);
  const board = await api<{ items: BoardItem[] }>(
    `/board?clinicId=${nurse.user.clinicIds[0]}`,
    nurse.token,
  );
  expect(board.items.length).toBeGreaterThan(0);
  const psychiatrist = await login(ACCOUNTS.psychiatrist);
  return { ...board.items[0], token: psychiatrist.token };
}

async function signInPsychiatrist(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email').fill(ACCOUNTS.psychiatrist);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.getByRole('heading', { name: 'Patients', level: 1 }).waitFor();
}

/** Opens the patient page and waits for the follow-up card of the 24-h questionnaire. */
async function openFollowUps(page: Page, patientId: string): Promise<void> {
  await goTo(page, `/patients/${patientId}`);
  await page.getByTestId('follow-up-24h').waitFor();
}

/** Dark pixels drawn on the QR canvas (0 when nothing was drawn). */
async function darkPixels(page: Page): Promise<number> {
  return page.getByTestId('qr-code').evaluate((canvas) => {
    const c = canvas as HTMLCanvasElement;
    if (c.width === 0 || c.height === 0) return 0;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 100 && data[i + 3] > 200) dark += 1;
    return dark;
  });
}

describe('the manager floor (issue 20 items 5, 7 and 9-print) in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  it('follow-up links: the QR code draws, copying says "Copied" (or selects the link when refused), email and SMS only with contact details', async () => {
    const { patientId, token } = await patientOnTheBoard();
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: serverState().baseUrl,
    });
    await signInPsychiatrist(page);
    await openFollowUps(page, patientId);
    const card = page.getByTestId('follow-up-24h');

    // The QR code is drawn (dark modules on the canvas), no error.
    await card.getByRole('button', { name: 'Show QR code' }).click();
    const qr = card.getByTestId('qr-code');
    await qr.waitFor({ state: 'visible' });
    await page.waitForFunction(() => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid="qr-code"]');
      return c !== null && c.width >= 100;
    });
    expect(await darkPixels(page)).toBeGreaterThan(1000);
    expect(await qr.getAttribute('aria-label')).toBe('QR code for the 24-hour questionnaire link');
    expect(await card.getByTestId('qr-code-error').count()).toBe(0);

    // Copy: visible feedback, and the link is on the configured public address.
    await card.getByRole('button', { name: 'Copy link' }).click();
    await card.getByTestId('follow-up-copied').filter({ hasText: 'Copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.startsWith(`${PUBLIC_URL}/r/`)).toBe(true);

    // Channels: the demo patients have no email address or phone number on record.
    expect(await card.getByRole('button', { name: /^Send by/ }).count()).toBe(0);
    await card.getByTestId('follow-up-no-contact').waitFor();
    await screenshot(page, '90-follow-ups-qr-copied-no-contact');

    // With an email address on record, email is offered (and still not SMS).
    const patient = await api<{ version: number }>(`/patients/${patientId}`, token);
    const patched = await fetch(`${serverState().baseUrl}/api/v1/patients/${patientId}`, {
      method: 'PATCH',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'if-match': `"${String(patient.version)}"`,
      },
      body: JSON.stringify({ email: 'patient@example.test' }),
    });
    expect(patched.status).toBe(200);
    await goTo(page, '/patients');
    await openFollowUps(page, patientId);
    await card.getByRole('button', { name: 'Send by email' }).waitFor();
    expect(await card.getByRole('button', { name: 'Send by SMS' }).count()).toBe(0);
    expect(await card.getByTestId('follow-up-no-contact').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();

    // A browser that refuses the clipboard: the link is shown, selected, with what to do.
    const refused = await openPage(browser, DESKTOP);
    await refused.page.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', {
        value: { writeText: () => Promise.reject(new DOMException('Denied', 'NotAllowedError')) },
      });
    });
    await signInPsychiatrist(refused.page);
    await openFollowUps(refused.page, patientId);
    const refusedCard = refused.page.getByTestId('follow-up-24h');
    await refusedCard.getByRole('button', { name: 'Copy link' }).click();
    await refusedCard.getByTestId('follow-up-copy-fallback').waitFor();
    const box = refusedCard.getByRole('textbox', { name: '24-hour questionnaire link' });
    const selected = await box.evaluate((input) => {
      const i = input as HTMLInputElement;
      return {
        focused: document.activeElement === i,
        selection: i.value.slice(i.selectionStart ?? 0, i.selectionEnd ?? 0),
        value: i.value,
      };
    });
    expect(selected.focused).toBe(true);
    expect(selected.selection).toBe(selected.value);
    expect(selected.value.startsWith(`${PUBLIC_URL}/r/`)).toBe(true);
    await screenshot(refused.page, '91-follow-ups-copy-refused');
    await refused.context.close();
  });

  it('outcomes: the report leaves the screen when the filters change, the CSV is named and headed by clinic, period and filters, and the ITT curve counts only patients who could reach each session', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await page.goto('/');
    await page.getByLabel('Email').fill(MANAGER);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.getByRole('link', { name: 'Outcomes' }).first().click();
    const table = page.getByTestId('by-session-table');
    await table.waitFor();
    expect(await page.getByTestId('outcomes-report-of').textContent()).toContain(
      'Riverside Clinic',
    );

    // Intention to treat: patients still in treatment who have not reached session k are not
    // counted as non-responders at k (they are shown apart), so the denominator shrinks with k.
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => Array.from((tr as HTMLTableRowElement).cells, (c) => c.textContent.trim())),
      );
    const denominator = (cell: string): number => Number(/^\d+ \/ (\d+)/.exec(cell)?.[1]);
    const numerator = (cell: string): number => Number(/^(\d+) \//.exec(cell)?.[1]);
    const first = rows[0];
    const last = rows[rows.length - 1];
    expect(rows).toHaveLength(12);
    expect(Number(last[5])).toBeGreaterThan(0); // not yet reached session 12
    expect(denominator(last[1])).toBeLessThan(denominator(first[1]));
    for (const row of rows) {
      // ITT denominator + not yet reached = every counted patient; never below the completers.
      expect(denominator(row[1]) + Number(row[5])).toBe(denominator(first[1]) + Number(first[5]));
      expect(denominator(row[1])).toBeGreaterThanOrEqual(denominator(row[2]));
      expect(numerator(row[1])).toBe(numerator(row[2]));
    }
    await screenshot(page, '92-outcomes-itt');

    // Changing a filter takes the old report off the screen until "Show".
    await page.getByLabel('Drug').selectOption('esketamine');
    await page.getByTestId('outcomes-stale').waitFor();
    expect(await table.count()).toBe(0);
    expect(await page.getByTestId('cohort-patients').count()).toBe(0);
    expect(await page.getByTestId('outcomes-csv').isDisabled()).toBe(true);
    await screenshot(page, '93-outcomes-filters-changed');

    // While the new report loads, no old numbers either.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/api\/v1\/outcomes\?/, async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByTestId('outcomes-loading').waitFor();
    expect(await table.count()).toBe(0);
    release();
    await table.waitFor();
    await page.unroute(/\/api\/v1\/outcomes\?/);
    expect(await page.getByTestId('outcomes-report-of').textContent()).toContain('Esketamine');

    // The CSV: named and headed with the clinic, the period and the filters.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download these outcomes (CSV)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(
      /^outcomes_riverside-clinic_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}_esketamine\.csv$/,
    );
    const csv = fs.readFileSync(await file.path(), 'utf8').split('\r\n');
    expect(csv[0]).toBe('section,session_number,measure,key,numerator,denominator,percent,value');
    expect(csv.slice(1, 6)).toEqual([
      'report,,clinic,,,,,Riverside Clinic',
      expect.stringMatching(/^report,,first_session_from,,,,,\d{4}-\d{2}-\d{2}$/),
      expect.stringMatching(/^report,,first_session_to,,,,,\d{4}-\d{2}-\d{2}$/),
      'report,,drug,,,,,esketamine',
      'report,,route,,,,,all',
    ]);
    await page.getByText(/^Outcomes downloaded: outcomes_riverside-clinic_/).waitFor();
    await screenshot(page, '94-outcomes-esketamine-csv');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('prints the patient page without the app around it, charts on paper, in at most 3 pages', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInPsychiatrist(page);
    await openPatientByMrn(page, PRINTED_MRN);
    await page.getByTestId('response-chart').waitFor();
    await page.waitForLoadState('networkidle');

    await page.emulateMedia({ media: 'print' });
    for (const hidden of [
      page.getByRole('navigation', { name: 'Main' }),
      page.getByRole('banner'),
      page.getByRole('navigation', { name: 'Breadcrumb' }),
      page.getByRole('button', { name: 'Copy link' }).first(),
    ]) {
      expect(await hidden.isVisible()).toBe(false);
    }
    expect(await page.locator('button:visible').count()).toBe(0);
    expect(await page.getByRole('heading', { level: 1 }).isVisible()).toBe(true);
    const chartWidth = await page
      .getByTestId('response-chart')
      .evaluate((frame) => frame.getBoundingClientRect().width);
    expect(chartWidth).toBeGreaterThan(0);
    await screenshot(page, '95-patient-print-media');

    // Chromium's print to PDF (8 pages with the navigation before the print stylesheet).
    const pages: Record<string, number> = {};
    for (const format of ['A4', 'Letter'] as const) {
      const pdf = await page.pdf({ format });
      fs.writeFileSync(path.join(SCREENSHOTS, `96-patient-print-${format}.pdf`), pdf);
      pages[format] = pdfPages(pdf);
    }
    for (const format of ['A4', 'Letter']) {
      expect({ format, pages: pages[format] > 0 && pages[format] <= 3 }).toEqual({
        format,
        pages: true,
      });
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
