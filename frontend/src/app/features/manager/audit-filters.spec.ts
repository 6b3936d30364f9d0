import {
  AUDIT_PAGE_SIZE,
  EMPTY_AUDIT_FILTERS,
  type AuditFilters,
  auditDetailLines,
  auditFilterErrors,
  auditQuery,
  pageRange,
} from './audit-filters';

const PATIENT = '0a710000-0000-4000-8000-000000000001';
const filters = (change: Partial<AuditFilters>): AuditFilters => ({
  ...EMPTY_AUDIT_FILTERS,
  ...change,
});

describe('auditFilterErrors', () => {
  it.each([
    ['no filter', {}, {}],
    ['a full patient id', { patientId: ` ${PATIENT} ` }, {}],
    ['part of an id', { patientId: '0a710000' }, { patientId: 'Choose the patient again.' }],
    ['a user id that is not one', { actorId: 'nurse' }, { actorId: 'Choose the user again.' }],
    ['one day', { from: '2026-11-26', to: '2026-11-26' }, {}],
    [
      'a period backwards',
      { from: '2026-11-26', to: '2026-11-25' },
      { to: 'The last day must not be before the first.' },
    ],
  ] as [string, Partial<AuditFilters>, object][])('%s', (_case, change, expected) => {
    expect(auditFilterErrors(filters(change))).toEqual(expected);
  });
});

describe('auditQuery', () => {
  it('sends the days as a local [from, day after to) range, and the page', () => {
    // Tests run in UTC: local midnight is 00:00Z.
    expect(
      auditQuery(
        'clinic',
        filters({ patientId: ` ${PATIENT}`, from: '2026-11-01', to: '2026-11-26' }),
        100,
      ),
    ).toEqual({
      clinicId: 'clinic',
      patientId: PATIENT,
      actorId: null,
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-27T00:00:00.000Z',
      limit: AUDIT_PAGE_SIZE,
      offset: 100,
    });
  });

  it('reads the days in the clinic’s time zone', () => {
    expect(
      auditQuery(
        'clinic',
        filters({ from: '2026-11-01', to: '2026-11-26' }),
        0,
        'America/New_York',
      ),
    ).toMatchObject({ from: '2026-11-01T04:00:00.000Z', to: '2026-11-27T05:00:00.000Z' });
  });

  it('leaves out what is not filtered', () => {
    expect(auditQuery('clinic', EMPTY_AUDIT_FILTERS, 0)).toMatchObject({
      patientId: null,
      actorId: null,
      from: null,
      to: null,
    });
  });
});

describe('pageRange', () => {
  it.each([
    [0, 50, 1234, '1–50 of 1,234'],
    [1200, 34, 1234, '1,201–1,234 of 1,234'],
    [0, 0, 0, '0 of 0'],
  ])('offset %i, %i shown of %i -> %s', (offset, count, total, label) => {
    expect(pageRange(offset, count, total)).toBe(label);
  });
});

describe('auditDetailLines', () => {
  it('has nothing for an entry without details', () => {
    expect(auditDetailLines(null)).toEqual([]);
  });

  it('says each changed field before and after, then the reason', () => {
    expect(
      auditDetailLines({
        change: 'user.update',
        reason: 'Moved to Northgate',
        before: { role: 'nurse', clinicIds: ['a', 'b'], disabledAt: null },
        after: { role: 'psychiatrist', clinicIds: [] },
      }),
    ).toEqual([
      'role: nurse → psychiatrist',
      'clinicIds: a, b → none',
      'disabledAt: none → none',
      'Reason: Moved to Northgate',
    ]);
  });

  it('shows a threshold path with its numbers, and a field only one side has', () => {
    expect(
      auditDetailLines({
        before: { 'discharge.spo2Min': 92 },
        after: { 'discharge.spo2Min': 94, 'doseLimits.ketamine.iv': { usualMax: 0.75 } },
      }),
    ).toEqual(['discharge.spo2Min: 92 → 94', 'doseLimits.ketamine.iv: none → {"usualMax":0.75}']);
  });
});
