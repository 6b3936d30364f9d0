import { SCREENING_ITEMS, type ScreeningAnswer, type ScreeningItem } from '../api/course-types';
import { evaluateScreening, screeningValidFor } from './screening';

const SCREENED = '2026-12-01T10:00:00.000Z';
const CONSENT = '2026-12-01T09:30:00.000Z';
const allNo = (): Record<ScreeningItem, ScreeningAnswer> =>
  Object.fromEntries(SCREENING_ITEMS.map((item) => [item, 'no'])) as Record<
    ScreeningItem,
    ScreeningAnswer
  >;
const answers = (
  changes: Partial<Record<ScreeningItem, ScreeningAnswer>>,
): Record<ScreeningItem, ScreeningAnswer> => ({ ...allNo(), ...changes });

describe('evaluateScreening (CLINICAL.md s9)', () => {
  it.each<
    [
      string,
      'ketamine' | 'esketamine',
      Partial<Record<ScreeningItem, ScreeningAnswer>>,
      string,
      ScreeningItem[],
      ScreeningItem[],
      ScreeningItem[],
    ]
  >([
    ['all no: eligible', 'esketamine', {}, 'eligible', [], [], []],
    // s9: aneurysmal vascular disease is absolute for esketamine (US PI s4)
    [
      'esketamine aneurysm: contraindicated',
      'esketamine',
      { aneurysmal_vascular_disease: 'yes' },
      'contraindicated',
      ['aneurysmal_vascular_disease'],
      [],
      [],
    ],
    [
      'esketamine AVM and haemorrhage: both absolute',
      'esketamine',
      { arteriovenous_malformation: 'yes', intracerebral_haemorrhage: 'yes' },
      'contraindicated',
      ['arteriovenous_malformation', 'intracerebral_haemorrhage'],
      [],
      [],
    ],
    // s9: for ketamine only hypersensitivity is absolute; the vascular items are relative
    [
      'ketamine aneurysm: relative, eligible with warnings',
      'ketamine',
      { aneurysmal_vascular_disease: 'yes' },
      'eligible_with_warnings',
      [],
      ['aneurysmal_vascular_disease'],
      [],
    ],
    [
      'ketamine hypersensitivity: contraindicated',
      'ketamine',
      { hypersensitivity: 'yes' },
      'contraindicated',
      ['hypersensitivity'],
      [],
      [],
    ],
    [
      'relative items (psychosis, hypertension): warnings',
      'esketamine',
      { psychosis_or_mania: 'yes', uncontrolled_hypertension: 'yes' },
      'eligible_with_warnings',
      [],
      ['psychosis_or_mania', 'uncontrolled_hypertension'],
      [],
    ],
    [
      'absolute and relative together: contraindicated, both listed',
      'esketamine',
      { hypersensitivity: 'yes', pregnancy_or_breastfeeding: 'yes' },
      'contraindicated',
      ['hypersensitivity'],
      ['pregnancy_or_breastfeeding'],
      [],
    ],
    [
      'unknown never blocks',
      'ketamine',
      { hypersensitivity: 'unknown', substance_use_disorder: 'unknown' },
      'eligible',
      [],
      [],
      ['hypersensitivity', 'substance_use_disorder'],
    ],
  ])('%s', (_name, drug, changes, result, absolute, relative, unknown) => {
    const notes = Object.fromEntries(
      Object.entries(changes)
        .filter(([, a]) => a === 'yes')
        .map(([item]) => [item, 'Discussed; decision documented']),
    );
    const out = evaluateScreening(drug, answers(changes), notes, CONSENT, CONSENT, SCREENED);
    expect(out).toEqual({
      result,
      absolute,
      relative,
      unknown,
      validUntil: '2026-12-31T10:00:00.000Z',
      missing: [],
    });
  });

  it.each<[string, Parameters<typeof evaluateScreening>, string[]]>([
    [
      'a yes without a note names notes.<item>',
      ['ketamine', answers({ psychosis_or_mania: 'yes' }), null, CONSENT, null, SCREENED],
      ['notes.psychosis_or_mania'],
    ],
    [
      'a blank note is no note',
      [
        'ketamine',
        answers({ psychosis_or_mania: 'yes' }),
        { psychosis_or_mania: '   ' },
        CONSENT,
        null,
        SCREENED,
      ],
      ['notes.psychosis_or_mania'],
    ],
    ['no consent', ['ketamine', allNo(), {}, null, null, SCREENED], ['consentAt']],
    // s9: REMS enrolment is required for esketamine only
    [
      'esketamine without REMS enrolment',
      ['esketamine', allNo(), {}, CONSENT, null, SCREENED],
      ['remsEnrolledAt'],
    ],
    ['ketamine needs no REMS enrolment', ['ketamine', allNo(), {}, CONSENT, null, SCREENED], []],
    [
      'an item not answered',
      [
        'ketamine',
        (({ hypersensitivity: _omit, ...rest }) => rest)(allNo()),
        {},
        CONSENT,
        null,
        SCREENED,
      ],
      ['answers.hypersensitivity'],
    ],
  ])('missing: %s', (_name, args, missing) => {
    expect(evaluateScreening(...args).missing).toEqual(missing);
  });
});

describe('screeningValidFor (CLINICAL.md s9: valid 30 days)', () => {
  it.each<[string, string, boolean]>([
    ['at the screening', SCREENED, true],
    ['one minute before it', '2026-12-01T09:59:00.000Z', false],
    ['29 days after', '2026-12-30T10:00:00.000Z', true],
    ['exactly 30 days after (end included)', '2026-12-31T10:00:00.000Z', true],
    ['30 days and one minute after', '2026-12-31T10:01:00.000Z', false],
  ])('a session %s: %s', (_name, start, valid) => {
    expect(screeningValidFor({ screenedAt: SCREENED }, start)).toBe(valid);
  });
});
