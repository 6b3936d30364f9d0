// Builds a synthetic clinic network for the scale benchmark (issue 5) into a database the API has
// already migrated: clinics x patients x sessions, with pre/post-dose observations, baseline and
// 24/72-h PHQ-9s, side effects, flags and audit rows. Deterministic (seeded), synthetic names only.
// One generator, two sinks (sinks.mjs): PostgreSQL (unnest-array inserts, 5,000 rows a statement)
// and SQLite (prepared statements in one transaction), so both databases hold the same shape of
// data. Each row is an array of the columns sinks.mjs lists for its table, in that order.
import { createHash } from 'node:crypto';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

const GIVEN = [
  'Ada',
  'Ben',
  'Cleo',
  'Dev',
  'Ema',
  'Finn',
  'Gia',
  'Hal',
  'Iris',
  'Jon',
  'Kai',
  'Lena',
  'Milo',
  'Nia',
  'Omar',
  'Pia',
  'Quinn',
  'Rosa',
  'Sam',
  'Tara',
  'Uma',
  'Vik',
  'Wren',
  'Xena',
  'Yuri',
  'Zoe',
];
const FAMILY = [
  'Abara',
  'Berg',
  'Costa',
  'Dahl',
  'Eze',
  'Fox',
  'Grant',
  'Holm',
  'Ito',
  'Jensen',
  'Kato',
  'Lund',
  'Mora',
  'Nash',
  'Ortiz',
  'Park',
  'Quist',
  'Roth',
  'Sato',
  'Tran',
  'Ueda',
  'Voss',
  'Wolfe',
  'Xu',
  'Young',
  'Zhou',
  'Amin',
  'Boyd',
  'Cruz',
  'Diaz',
];
const SIDE_EFFECTS = ['nausea', 'headache', 'dizziness', 'dissociation', 'anxiety', 'hypertension'];

/** A deterministic UUID (version-4 shaped) from a string. */
export function uuidOf(text) {
  const h = createHash('md5').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** mulberry32: small, fast, seeded. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const severityOf = (t) =>
  t <= 4
    ? 'minimal'
    : t <= 9
      ? 'mild'
      : t <= 14
        ? 'moderate'
        : t <= 19
          ? 'moderately_severe'
          : 'severe';
/** Nine items 0-3 adding up to `total`. */
const itemsOf = (total) =>
  Array.from({ length: 9 }, (_, j) => Math.min(3, Math.floor(total / 9) + (j < total % 9 ? 1 : 0)));

/**
 * Yields [table, row] for the whole network. `nowMs` anchors the calendar: first sessions spread
 * over the last two years. The first patient of each clinic has 50 sessions (the patient-page case).
 */
export function* network({ clinics, patientsPerClinic, sessionsPerPatient, nowMs, passwordHash }) {
  const at = (ms) => new Date(ms);
  const created = at(nowMs - 800 * DAY);
  const networkManager = uuidOf('user-network-manager');
  yield [
    'users',
    [
      networkManager,
      'manager@bench.network',
      'Network Manager',
      'manager',
      passwordHash,
      true,
      created,
    ],
  ];
  for (let c = 1; c <= clinics; c++) {
    const rnd = prng(c * 7919);
    const clinicId = uuidOf(`clinic-${c}`);
    yield ['clinics', [clinicId, `Bench Clinic ${c}`, 'America/New_York', created, 1]];
    yield ['user_clinics', [networkManager, clinicId]];
    const staff = {};
    for (const role of ['psychiatrist', 'nurse', 'manager']) {
      staff[role] = uuidOf(`user-${role}-${c}`);
      yield [
        'users',
        [
          staff[role],
          `${role}${c}@bench.clinic`,
          `Bench ${role} ${c}`,
          role,
          passwordHash,
          true,
          created,
        ],
      ];
      yield ['user_clinics', [staff[role], clinicId]];
    }
    for (let i = 1; i <= patientsPerClinic; i++) {
      const patientId = uuidOf(`patient-${c}-${i}`);
      const given = GIVEN[(c * 31 + i * 7) % GIVEN.length];
      const family = FAMILY[(c * 13 + i * 11) % FAMILY.length];
      const mrn = `B${String(c).padStart(3, '0')}-${String(i).padStart(5, '0')}`;
      const weight = 55 + Math.round(rnd() * 50);
      yield [
        'patients',
        [
          patientId,
          clinicId,
          mrn,
          given,
          family,
          `19${50 + Math.floor(rnd() * 50)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
          rnd() < 0.55 ? 'female' : 'male',
          weight,
          `${given} ${family} ${mrn}`.toLowerCase(),
          1,
          created,
          created,
        ],
      ];
      const n = i === 1 ? 50 : sessionsPerPatient;
      const first = nowMs - (90 + Math.floor(rnd() * 640)) * DAY;
      const baseline = 14 + Math.floor(rnd() * 11);
      const esketamine = rnd() < 0.2;
      const responder = rnd();
      yield [
        'phq9_assessments',
        phq9Row(
          uuidOf(`phq9-b-${patientId}`),
          patientId,
          clinicId,
          null,
          first - 2 * DAY,
          baseline,
          'two_weeks',
          null,
          'clinic',
        ),
      ];
      for (let k = 1; k <= n; k++) {
        const start = first + (k - 1) * (k <= 6 ? 3.5 : 7) * DAY;
        if (start > nowMs - 3 * HOUR) break;
        const sessionId = uuidOf(`session-${patientId}-${k}`);
        const dose = esketamine ? (k < 3 ? 56 : 84) : Math.round(weight * 0.5);
        yield [
          'dosing_sessions',
          [
            sessionId,
            patientId,
            clinicId,
            k,
            esketamine ? 'esketamine' : 'ketamine',
            esketamine ? 'intranasal' : 'iv',
            dose,
            esketamine ? null : dose / weight,
            weight,
            at(start),
            esketamine ? null : 40,
            '[]',
            '[]',
            'discharged',
            at(start + 110 * MINUTE),
            at(start + 125 * MINUTE),
            staff.psychiatrist,
            1,
            at(start),
            at(start + 125 * MINUTE),
          ],
        ];
        yield [
          'audit_log',
          [
            uuidOf(`audit-${sessionId}`),
            at(start),
            staff.psychiatrist,
            'psychiatrist',
            'create',
            'session',
            sessionId,
            patientId,
            clinicId,
            '10.0.0.1',
            'success',
          ],
        ];
        for (const minutes of [-5, 40, 80, 120]) {
          const sys = 118 + Math.floor(rnd() * 30) + (minutes === 40 ? 12 : 0);
          yield [
            'observations',
            [
              uuidOf(`obs-${sessionId}-${minutes}`),
              sessionId,
              patientId,
              clinicId,
              at(start + minutes * MINUTE),
              minutes,
              sys,
              70 + Math.floor(rnd() * 20),
              65 + Math.floor(rnd() * 30),
              95 + Math.floor(rnd() * 5),
              12 + Math.floor(rnd() * 6),
              minutes === 40 ? 4 : 5,
              minutes === 40 ? '[1,1,0,1,0,0]' : '[0,0,0,0,0,0]',
              minutes === 40 ? 3 : 0,
              at(start + minutes * MINUTE),
            ],
          ];
        }
        // Improvement over the course: responders fall towards a third of the baseline.
        const target = baseline * (1 - Math.min(0.75, k * 0.06 + responder * 0.4));
        if (rnd() < 0.9) {
          const total = Math.max(0, Math.min(27, Math.round(target + (rnd() - 0.5) * 4)));
          yield [
            'phq9_assessments',
            phq9Row(
              uuidOf(`phq9-24-${sessionId}`),
              patientId,
              clinicId,
              sessionId,
              start + (20 + rnd() * 8) * HOUR,
              total,
              '24_hours',
              24,
              rnd() < 0.7 ? 'self_report' : 'clinic',
            ),
          ];
        }
        if (rnd() < 0.4) {
          const total = Math.max(0, Math.min(27, Math.round(target + 1 + (rnd() - 0.5) * 4)));
          yield [
            'phq9_assessments',
            phq9Row(
              uuidOf(`phq9-72-${sessionId}`),
              patientId,
              clinicId,
              sessionId,
              start + (66 + rnd() * 10) * HOUR,
              total,
              '24_hours',
              72,
              'self_report',
            ),
          ];
        }
        if (rnd() < 0.2) {
          const type = SIDE_EFFECTS[Math.floor(rnd() * SIDE_EFFECTS.length)];
          yield [
            'side_effects',
            [
              uuidOf(`se-${sessionId}`),
              sessionId,
              patientId,
              clinicId,
              type,
              rnd() < 0.8 ? 'mild' : 'moderate',
              at(start + 30 * MINUTE),
              at(start + 35 * MINUTE),
            ],
          ];
        }
        if (rnd() < 0.05) {
          yield [
            'flags',
            [
              uuidOf(`flag-${sessionId}`),
              clinicId,
              patientId,
              sessionId,
              'bp.elevated',
              'hemodynamic',
              'warning',
              'resolved',
              'BP 162/96 at 40 min: at or above 160/100',
              '{}',
              '{}',
              at(start + 40 * MINUTE),
              at(start + 3 * HOUR),
              2,
              sessionId,
              '[]',
            ],
          ];
        }
      }
    }
  }
}

function phq9Row(id, patientId, clinicId, sessionId, ms, total, recall, hours, source) {
  const items = itemsOf(total);
  const at = new Date(ms);
  return [
    id,
    patientId,
    clinicId,
    sessionId,
    at,
    ...items,
    total,
    severityOf(total),
    false,
    true,
    false,
    recall,
    hours,
    at,
    source,
  ];
}
