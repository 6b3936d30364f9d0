import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser } from 'playwright-core';
import type { CourseSummaryDto, ListResponse, PatientDto } from '@clinic/shared';
import { launch, openPage, SCREENSHOTS, screenshot } from './support/browser';
import { ACCOUNTS, api, login, openPatientByMrn, signInAs } from './support/navigation';
import { readPdf } from './support/pdf-text';

/** Desktop: the size the clinic prints from. */
const DESKTOP = { width: 1280, height: 900 };

/** MediaBox of each paper size, in points (1/72 in): A4 210 x 297 mm, Letter 8.5 x 11 in. */
const PAPER = { A4: [0, 0, 595, 842], Letter: [0, 0, 612, 792] } as const;

/** A one-page PDF as Chromium writes it: a Type0 font with a ToUnicode CMap, FlateDecode streams. */
function handMadePdf(): Buffer {
  const cmap = [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '1 begincodespacerange <0000> <FFFF> endcodespacerange',
    '3 beginbfchar <0001> <0051> <0002> <002C> <0003> <0041> endbfchar',
    '2 beginbfrange <0010> <0029> <0061> <0030> <0031> [<00E9> <D83DDE00>] endbfrange',
    'endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
  // "Quill, Ada" (a gap of 300/1000 em before "Ada"), é and an emoji (a surrogate pair), "fia".
  const content =
    'BT /F1 12 Tf 72 700 Td [<0001> <0024> <0018> <001B> <001B> <0002> -300 <0003> <0013> <0010>] TJ ET\n' +
    'BT /F1 12 Tf 72 680 Td <00300031> Tj ET\n' +
    // A ligature glyph with no CMap entry, given by its ActualText.
    'BT /F1 12 Tf 72 660 Td /Span<</ActualText (fi) >> BDC <0099> Tj EMC <0010> Tj ET';
  const parts: Buffer[] = [];
  const add = (text: string | Buffer): void => {
    parts.push(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
  };
  const stream = (id: number, data: Buffer, dict = ''): void => {
    add(
      `${String(id)} 0 obj\n<< /Length ${String(data.length)} /Filter /FlateDecode ${dict}>>\nstream\n`,
    );
    add(data);
    add('\nendstream\nendobj\n');
  };
  add('%PDF-1.4\n');
  add('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n');
  add('2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n');
  add(
    '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] ' +
      '/Resources << /Font << /F1 4 0 R >> /XObject << /X1 7 0 R >> >> /Contents 5 0 R >>\nendobj\n',
  );
  add('4 0 obj\n<< /Type /Font /Subtype /Type0 /BaseFont /Sans /ToUnicode 6 0 R >>\nendobj\n');
  stream(5, zlib.deflateSync(Buffer.from(content, 'latin1')));
  stream(6, zlib.deflateSync(Buffer.from(cmap, 'latin1')));
  stream(
    7,
    zlib.deflateSync(Buffer.alloc(24)),
    '/Type /XObject /Subtype /Image /Width 4 /Height 2 ',
  );
  add('trailer\n<< /Root 1 0 R >>\n%%EOF\n');
  return Buffer.concat(parts);
}

describe('the PDF text extractor (e2e/support/pdf-text.ts)', () => {
  it('reads pages, MediaBox, images and the text through the ToUnicode CMap (bfchar, bfrange)', () => {
    const pdf = readPdf(handMadePdf());
    expect(pdf.pages).toHaveLength(1);
    expect(pdf.pages[0].mediaBox).toEqual([0, 0, 612, 792]);
    expect(pdf.images).toEqual([{ id: 7, width: 4, height: 2 }]);
    expect(pdf.pages[0].text.split('\n').filter(Boolean)).toEqual(['Quill, Ada', 'é😀', 'fia']);
  });
});

const DAY = 24 * 3_600_000;

/**
 * A demo patient of the psychiatrist's clinic whose latest course has 3 sessions, a baseline and
 * PHQ-9s (the chart has lines). The demo as seeded before it had treatment courses has none: then
 * a synthetic patient is recorded through the API like the demo's (a baseline PHQ-9, three IV
 * sessions given and discharged, a 24-hour PHQ-9 after each), whose sessions make its course.
 */
async function patientWithACourse(): Promise<{ patient: PatientDto; summary: CourseSummaryDto }> {
  const psychiatrist = await login(ACCOUNTS.psychiatrist);
  const clinicId = psychiatrist.user.clinicIds[0];
  const patients = await api<ListResponse<PatientDto>>(
    `/patients?clinicId=${clinicId}&limit=200`,
    psychiatrist.token,
  );
  const summaryOf = (id: string): Promise<CourseSummaryDto | null> =>
    api<CourseSummaryDto>(`/patients/${id}/course-summary`, psychiatrist.token).catch(() => null);
  for (const patient of patients.items) {
    const summary = await summaryOf(patient.id);
    if (
      summary !== null &&
      summary.response.sessions.length >= 3 &&
      summary.response.baseline !== null
    ) {
      return { patient, summary };
    }
  }

  const suffix = String(Date.now()).slice(-6);
  const patient = await api<PatientDto>('/patients', psychiatrist.token, {
    clinicId,
    mrn: `SUM-${suffix}`,
    givenName: 'Morgan',
    familyName: `Summary${suffix}`,
    birthDate: '1981-03-22',
    sex: 'male',
    weightKg: 70,
  });
  const at = (days: number): string => new Date(Date.now() - days * DAY).toISOString();
  const phq9 = (administeredAt: string, total: number, recall: string) =>
    api(`/patients/${patient.id}/phq9`, psychiatrist.token, {
      administeredAt,
      items: Array.from({ length: 9 }, (_, i) =>
        i < 8 ? Math.min(3, Math.max(0, total - i * 3)) : 0,
      ),
      recall,
    });
  await phq9(at(10), 21, 'two_weeks');
  for (const [days, after] of [
    [9, 15],
    [7, 11],
    [5, 7],
  ] as const) {
    const session = await api<{ id: string; startedAt: string }>(
      `/patients/${patient.id}/sessions`,
      psychiatrist.token,
      { drug: 'ketamine', route: 'iv', doseMg: 35, infusionMinutes: 40, startedAt: at(days) },
    );
    await api(`/sessions/${session.id}/discharge`, psychiatrist.token, {
      dischargedAt: at(days - 2 / 24),
      overrideReason: 'Recorded afterwards for the course summary test',
    });
    await phq9(at(days - 1), after, '24_hours');
  }
  const summary = await summaryOf(patient.id);
  if (summary === null) throw new Error('The course summary of the recorded patient failed');
  return { patient, summary };
}

describe('the course summary prints (Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  it('a psychiatrist opens a demo patient’s course summary and prints it to PDF on A4 and Letter', async () => {
    const { patient, summary } = await patientWithACourse();
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAs(page, 'psychiatrist');
    // A psychiatrist starts at the patient list.
    await page.waitForURL((url) => url.pathname === '/patients');
    await openPatientByMrn(page, patient.mrn);

    // The course panel's link, for this course.
    const course = page.locator(`[data-testid="course"][data-course-id="${summary.course.id}"]`);
    await course.getByTestId('course-summary-link').click();
    await page.waitForURL(
      (url) =>
        url.pathname === `/patients/${patient.id}/course-summary` &&
        url.searchParams.get('courseId') === summary.course.id,
    );
    await page.getByRole('heading', { level: 1, name: 'Treatment course summary' }).waitFor();
    expect(await page.getByTestId('course-summary-patient').textContent()).toContain(
      patient.familyName,
    );

    // The chart, drawn once and turned into an image.
    const chart = page.getByTestId('response-print-chart');
    await chart.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="response-print-chart"]');
      return img !== null && img.complete && img.naturalWidth > 0;
    });
    expect(await chart.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1920);
    expect(await chart.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await screenshot(page, 'course-summary-screen');

    // "Print" opens the browser's print dialog (stubbed: a headless browser has none).
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    await page.getByRole('button', { name: 'Print' }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

    // Print media: no navigation chrome, no buttons; the document and its chart.
    await page.emulateMedia({ media: 'print' });
    for (const hidden of [
      page.getByRole('navigation', { name: 'Main' }),
      page.getByRole('banner'),
      page.getByRole('link', { name: 'Back to the patient record' }),
    ]) {
      expect(await hidden.isVisible()).toBe(false);
    }
    expect(await page.locator('button:visible').count()).toBe(0);
    expect(await chart.isVisible()).toBe(true);
    await screenshot(page, 'course-summary-print-media');

    for (const format of ['A4', 'Letter'] as const) {
      const file = await page.pdf({ format });
      fs.writeFileSync(path.join(SCREENSHOTS, `course-summary-${format}.pdf`), file);
      const pdf = readPdf(file);
      expect({ format, pages: pdf.pages.length > 0 }).toEqual({ format, pages: true });
      // Chromium writes A4 as 595.92 x 842.88 (8.27 x 11.7 in): the paper within a point.
      for (const p of pdf.pages) {
        expect({ format, mediaBox: p.mediaBox.map(Math.floor) }).toEqual({
          format,
          mediaBox: PAPER[format],
        });
      }
      const text = pdf.text.replace(/\s+/g, ' ');
      expect(text).toContain('Treatment course summary');
      expect(text).toContain(patient.familyName);
      expect(text).toContain(patient.givenName);
      expect(text).toContain(patient.mrn);
      // The chart: an image XObject of the drawing's size (960 x 440 CSS px at 2x).
      expect(pdf.images).toContainEqual(expect.objectContaining({ width: 1920, height: 880 }));
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
