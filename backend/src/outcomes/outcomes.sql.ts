/**
 * CLINICAL.md section 6 computed by the database in one statement, the same SQL on SQLite and
 * PostgreSQL (only the timestamp-to-milliseconds expression and the numeric casts differ). Times
 * are compared as whole epoch milliseconds, so window edges are exact on both databases.
 *
 * Cohort (CLINICAL.md s6 v2): treatment courses whose first session (the earliest given and not
 * entered in error) falls in the period and matches the clinic, drug, route, ordering psychiatrist,
 * protocol and kind filters; a patient's re-induction is a unit of its own. Session number k is
 * the session's place among the course's given sessions; a course's PHQ-9s are those from 30 days
 * (baselineWindowDays) before its first session until the patient's next course starts (shared
 * `courseRecords`), so its baseline is its own. A session without a course (none exist after the
 * v2 migration) is counted with the patient's other such sessions, as in v1. Entered-in-error
 * sessions, PHQ-9s and side effects take no part; invalid PHQ-9s neither (CLINICAL.md s1).
 *
 * CLINICAL.md s5/s6 v2: a response is a total <= ratio x the baseline and nothing else (a remission
 * above that line is not one); the response and remission rates and the time to first response
 * count only patients with a baseline >= OUTCOME_MIN_BASELINE (10); the others are counted apart.
 * The intention-to-treat denominator at session k is the counted patients who reached k plus those
 * who stopped (no session in DROPOUT_QUIET_DAYS) with fewer sessions: the `stopped` rows give the
 * latter by session count (shared `hadChanceToReach`).
 *
 * Scale: every step is a sort or a hash join, never a comparison of each session with each PHQ-9.
 * Windows are partitioned by course. A PHQ-9 is joined to the cohort courses of its patient (a
 * hash join on the patient; a patient has one or a few courses) and attributed to its session by a
 * running MAX over the course's sessions and PHQ-9s in time order (the latest session that started strictly before it); a follow-up window is complete
 * when the first PHQ-9 at or after its opening (a running MIN in reverse time order) is inside it.
 *
 * Flags: a session's flags count with the session's course; a patient's flags (no session) once
 * for a patient with a course in the cohort.
 *
 * The pure reference of the same maths is `courseOutcomeUnits` / `patientOutcome` /
 * `outcomesBySessionNumber` in `@clinic/shared`; the API tests check both give the same numbers on hand-computed cohorts.
 */
import {
  type ClinicThresholds,
  DAY_MS,
  DROPOUT_MIN_SESSIONS,
  DROPOUT_QUIET_DAYS,
  HOUR_MS,
  OUTCOME_MAX_SESSION_NUMBER,
  OUTCOME_MIN_BASELINE,
} from '@clinic/shared';

export type SqlDialect = 'sqlite' | 'postgres';

export interface OutcomeFilters {
  clinicIds: string[];
  /** Epoch ms: first session at or after. */
  fromMs: number | null;
  /** Epoch ms: first session before. */
  toMs: number | null;
  drug: string | null;
  route: string | null;
  clinicianId: string | null;
  /** The course's protocol (CLINICAL.md s6 v2). */
  protocolId: string | null;
  /** `initial` or `reinduction`: the two are reported apart (s6 v2). */
  kind: string | null;
}

/** One row of the statement's result: which metric, its keys and up to three numbers. */
export interface OutcomeRow {
  metric:
    | 'cohort'
    | 'baseline'
    | 'sessions'
    | 'by_k'
    | 'stopped'
    | 'responders'
    | 'median_k'
    | 'median_days_ms'
    | 'follow_up'
    | 'side_effect'
    | 'flag';
  k: number | null;
  key1: string | null;
  key2: string | null;
  x: number | null;
  y: number | null;
  z: number | null;
}

/** Totals are whole numbers; a cut-off such as 0.5 x 21 is compared with this tolerance (as in shared). */
const EPSILON = '0.000000001';

/**
 * Parameters by number, so a value may sit anywhere in the text and be used more than once:
 * `$n` on PostgreSQL, `@pn` named parameters on SQLite (better-sqlite3 binds them from one object).
 */
class Params {
  private readonly values: unknown[] = [];
  constructor(private readonly dialect: SqlDialect) {}
  add(value: unknown): string {
    this.values.push(value);
    const n = String(this.values.length);
    return this.dialect === 'postgres' ? `$${n}` : `@p${n}`;
  }
  /** What the driver takes: the list (PostgreSQL), or one object of named values (SQLite). */
  bound(): unknown[] {
    if (this.dialect === 'postgres') return this.values;
    return [Object.fromEntries(this.values.map((v, i) => [`p${String(i + 1)}`, v]))];
  }
}

/** The SQL and its parameters. `nowMs`: the instant dropout and closed windows are judged at. */
export function outcomesStatement(
  dialect: SqlDialect,
  filters: OutcomeFilters,
  thresholds: Map<string, ClinicThresholds>,
  nowMs: number,
): { sql: string; params: unknown[] } {
  const p = new Params(dialect);
  const pg = dialect === 'postgres';
  const ms = (column: string): string =>
    pg
      ? `CAST(EXTRACT(EPOCH FROM ${column}) * 1000 AS BIGINT)`
      : `CAST(ROUND(unixepoch(${column}, 'subsec') * 1000) AS INTEGER)`;
  const int = (sql: string): string => (pg ? `CAST(${sql} AS BIGINT)` : `CAST(${sql} AS INTEGER)`);
  const real = (sql: string): string =>
    pg ? `CAST(${sql} AS DOUBLE PRECISION)` : `CAST(${sql} AS REAL)`;
  const text = (sql: string): string => `CAST(${sql} AS VARCHAR(64))`;
  const uuid = (sql: string): string => (pg ? `CAST(${sql} AS UUID)` : sql);
  const clinicList = filters.clinicIds.map((id) => uuid(p.add(id))).join(', ');

  const thresholdRows = filters.clinicIds.map((id) => {
    const t = thresholds.get(id);
    if (!t) throw new Error(`No thresholds for clinic ${id}`);
    const r = t.response;
    return `(${[
      uuid(p.add(id)),
      real(p.add(r.responseRatio)),
      int(p.add(r.remissionBelow)),
      real(p.add(r.partialReductionMin)),
      int(p.add(r.baselineWindowDays * DAY_MS)),
      int(p.add(r.window24h.min * HOUR_MS)),
      int(p.add(r.window24h.max * HOUR_MS)),
      int(p.add(r.window72h.min * HOUR_MS)),
      int(p.add(r.window72h.max * HOUR_MS)),
    ].join(', ')})`;
  });

  const cohortFilters = [
    filters.fromMs === null ? null : `ks.start_ms >= ${int(p.add(filters.fromMs))}`,
    filters.toMs === null ? null : `ks.start_ms < ${int(p.add(filters.toMs))}`,
    filters.drug === null ? null : `ks.drug = ${p.add(filters.drug)}`,
    filters.route === null ? null : `ks.route = ${p.add(filters.route)}`,
    filters.clinicianId === null ? null : `ks.ordered_by = ${uuid(p.add(filters.clinicianId))}`,
    filters.protocolId === null ? null : `ks.protocol_id = ${uuid(p.add(filters.protocolId))}`,
    filters.kind === null ? null : `ks.kind = ${p.add(filters.kind)}`,
  ].filter((f): f is string => f !== null);
  const now = int(p.add(nowMs));
  const quietMs = int(p.add(DROPOUT_QUIET_DAYS * DAY_MS));
  const minSessions = int(p.add(DROPOUT_MIN_SESSIONS));
  const maxK = int(p.add(OUTCOME_MAX_SESSION_NUMBER));
  const minBaseline = int(p.add(OUTCOME_MIN_BASELINE));
  const nullText = text('NULL');
  const nullInt = int('NULL');
  const nullReal = real('NULL');
  const uuidNull = pg ? 'CAST(NULL AS UUID)' : 'NULL';
  // SQLite would evaluate a CTE again at each reference; PostgreSQL materializes the shared ones
  // itself and is faster left to choose.
  const mat = pg ? '' : ' MATERIALIZED';

  const sql = `
WITH t (clinic_id, ratio, remission_below, partial_min, baseline_ms, w24_min, w24_max, w72_min, w72_max) AS (
  VALUES ${thresholdRows.join(',\n         ')}
),
co AS${mat} (
  SELECT tc.id, tc.protocol_id, tc.kind,
    LEAD(${ms('tc.started_at')}) OVER (PARTITION BY tc.patient_id ORDER BY tc.started_at, tc.id) AS next_course_ms
  FROM treatment_courses tc
  WHERE tc.clinic_id IN (${clinicList})
),
ss AS${mat} (
  SELECT s.id, s.patient_id, COALESCE(s.course_id, s.patient_id) AS course_key, s.clinic_id, s.drug,
    s.route, s.ordered_by, ${ms('s.started_at')} AS start_ms, co.protocol_id, co.kind, co.next_course_ms
  FROM dosing_sessions s
  LEFT JOIN co ON co.id = s.course_id
  WHERE s.clinic_id IN (${clinicList}) AND s.entered_in_error_at IS NULL
    AND s.status IN ('in_progress', 'discharged')
),
ks AS${mat} (
  SELECT ss.*,
    ROW_NUMBER() OVER (PARTITION BY ss.course_key ORDER BY ss.start_ms, ss.id) AS k,
    LEAD(ss.start_ms) OVER (PARTITION BY ss.course_key ORDER BY ss.start_ms, ss.id) AS next_ms,
    COUNT(*) OVER (PARTITION BY ss.course_key) AS n,
    MAX(ss.start_ms) OVER (PARTITION BY ss.course_key) AS last_ms
  FROM ss
),
cohort AS${mat} (
  SELECT ks.course_key, ks.patient_id, ks.clinic_id, ks.start_ms AS first_ms, ks.n, ks.last_ms,
    ks.next_course_ms, t.ratio, t.remission_below, t.baseline_ms, t.w24_min, t.w24_max, t.w72_min,
    t.w72_max
  FROM ks
  JOIN t ON t.clinic_id = ks.clinic_id
  WHERE ks.k = 1${cohortFilters.map((f) => `\n    AND ${f}`).join('')}
),
kc AS${mat} (
  SELECT ks.id, ks.course_key, ks.k, ks.start_ms, ks.next_ms, c.first_ms, c.ratio,
    c.remission_below, c.w24_min, c.w24_max, c.w72_min, c.w72_max
  FROM ks
  JOIN cohort c ON c.course_key = ks.course_key
),
q AS (
  SELECT q.id, q.patient_id, q.total, q.recall, ${ms('q.administered_at')} AS at_ms
  FROM phq9_assessments q
  WHERE q.valid = TRUE AND q.total IS NOT NULL AND q.entered_in_error_at IS NULL
),
a AS${mat} (
  SELECT q.id, c.course_key, q.total, q.recall, q.at_ms, c.first_ms, c.baseline_ms
  FROM q
  JOIN cohort c ON c.patient_id = q.patient_id
  WHERE q.at_ms >= c.first_ms - c.baseline_ms
    AND (c.next_course_ms IS NULL OR q.at_ms < c.next_course_ms)
),
base AS${mat} (
  SELECT x.course_key, x.total FROM (
    SELECT a.course_key, a.total,
      ROW_NUMBER() OVER (PARTITION BY a.course_key ORDER BY a.at_ms DESC, a.id DESC) AS r
    FROM a
    WHERE a.recall = 'two_weeks' AND a.at_ms <= a.first_ms AND a.at_ms >= a.first_ms - a.baseline_ms
  ) x WHERE x.r = 1
),
win AS${mat} (
  SELECT kc.course_key, kc.k, kc.start_ms, kc.first_ms,
    COALESCE(kc.next_ms, kc.start_ms + kc.w72_max) AS end_ms, kc.ratio, kc.remission_below
  FROM kc
  WHERE kc.k <= ${maxK}
),
ev AS (
  SELECT kc.course_key, kc.start_ms AS tm, 0 AS kind, ${int('kc.k')} AS k, ${int('NULL')} AS total, ${uuidNull} AS id
  FROM kc
  UNION ALL
  SELECT a.course_key, a.at_ms, 1, ${int('NULL')}, a.total, a.id FROM a
),
att AS${mat} (
  SELECT ev.course_key, ev.tm AS at_ms, ev.total, ev.id,
    MAX(CASE WHEN ev.kind = 0 THEN ev.k END) OVER (
      PARTITION BY ev.course_key ORDER BY ev.tm, ev.kind DESC ROWS UNBOUNDED PRECEDING) AS k
  FROM ev
),
best AS${mat} (
  SELECT x.course_key, x.k, x.total, x.at_ms FROM (
    SELECT att.course_key, att.k, att.total, att.at_ms,
      ROW_NUMBER() OVER (PARTITION BY att.course_key, att.k ORDER BY att.total, att.at_ms, att.id) AS r
    FROM att
    JOIN win w ON w.course_key = att.course_key AND w.k = att.k
    WHERE att.total IS NOT NULL AND att.at_ms <= w.end_ms
  ) x WHERE x.r = 1
),
cat AS${mat} (
  SELECT w.course_key, w.k, w.first_ms, b.at_ms,
    CASE WHEN b.total IS NOT NULL AND bl.total > 0 AND b.total <= bl.total * w.ratio + ${EPSILON}
         THEN 1 ELSE 0 END AS resp,
    CASE WHEN b.total IS NOT NULL AND b.total < w.remission_below
         THEN 1 ELSE 0 END AS rem
  FROM win w
  JOIN base bl ON bl.course_key = w.course_key AND bl.total >= ${minBaseline}
  LEFT JOIN best b ON b.course_key = w.course_key AND b.k = w.k
),
first_resp AS${mat} (
  SELECT x.course_key, x.k, x.days_ms FROM (
    SELECT cat.course_key, cat.k, cat.at_ms - cat.first_ms AS days_ms,
      ROW_NUMBER() OVER (PARTITION BY cat.course_key ORDER BY cat.k) AS r
    FROM cat WHERE cat.resp = 1
  ) x WHERE x.r = 1
),
med_k AS (
  SELECT f.k, ROW_NUMBER() OVER (ORDER BY f.k) AS r, COUNT(*) OVER () AS n FROM first_resp f
),
med_days AS (
  SELECT f.days_ms, ROW_NUMBER() OVER (ORDER BY f.days_ms) AS r, COUNT(*) OVER () AS n FROM first_resp f
),
fu_ev AS${mat} (
  SELECT kc.course_key, kc.start_ms + kc.w24_min AS tm, 0 AS kind, kc.start_ms + kc.w24_max AS close_ms, 24 AS w
  FROM kc WHERE kc.start_ms + kc.w24_max < ${now}
  UNION ALL
  SELECT kc.course_key, kc.start_ms + kc.w72_min, 0, kc.start_ms + kc.w72_max, 72
  FROM kc WHERE kc.start_ms + kc.w72_max < ${now}
  UNION ALL
  SELECT a.course_key, a.at_ms, 1, ${int('NULL')}, 0 FROM a
),
fu AS${mat} (
  SELECT fu_ev.kind, fu_ev.w, fu_ev.close_ms,
    MIN(CASE WHEN fu_ev.kind = 1 THEN fu_ev.tm END) OVER (
      PARTITION BY fu_ev.course_key ORDER BY fu_ev.tm DESC, fu_ev.kind DESC ROWS UNBOUNDED PRECEDING) AS next_at
  FROM fu_ev
)
SELECT ${text("'cohort'")} AS metric, ${nullInt} AS k, ${nullText} AS key1, ${nullText} AS key2,
  ${real('COUNT(*)')} AS x,
  ${real(`SUM(CASE WHEN c.n < ${minSessions} AND ${now} - c.last_ms > ${quietMs} THEN 1 ELSE 0 END)`)} AS y,
  ${real('COUNT(DISTINCT c.patient_id)')} AS z
FROM cohort c
UNION ALL
SELECT ${text("'baseline'")}, ${nullInt}, ${nullText}, ${nullText},
  ${real(`SUM(CASE WHEN bl.total IS NOT NULL AND bl.total < ${minBaseline} THEN 1 ELSE 0 END)`)},
  ${real('SUM(CASE WHEN bl.total IS NULL THEN 1 ELSE 0 END)')}, ${nullReal}
FROM cohort c
LEFT JOIN base bl ON bl.course_key = c.course_key
UNION ALL
SELECT ${text("'sessions'")}, ${nullInt}, ${nullText}, ${nullText}, ${real('COUNT(*)')}, ${nullReal}, ${nullReal}
FROM kc
UNION ALL
SELECT ${text("'by_k'")}, ${int('cat.k')}, ${nullText}, ${nullText},
  ${real('COUNT(*)')}, ${real('SUM(cat.resp)')}, ${real('SUM(cat.rem)')}
FROM cat GROUP BY cat.k
UNION ALL
SELECT ${text("'stopped'")}, ${int('c.n')}, ${nullText}, ${nullText}, ${real('COUNT(*)')}, ${nullReal}, ${nullReal}
FROM cohort c
JOIN base bl ON bl.course_key = c.course_key AND bl.total >= ${minBaseline}
WHERE ${now} - c.last_ms > ${quietMs}
GROUP BY c.n
UNION ALL
SELECT ${text("'responders'")}, ${nullInt}, ${nullText}, ${nullText}, ${real('COUNT(*)')}, ${nullReal}, ${nullReal}
FROM first_resp
UNION ALL
SELECT ${text("'median_k'")}, ${nullInt}, ${nullText}, ${nullText}, ${real('AVG(m.k)')}, ${nullReal}, ${nullReal}
FROM med_k m WHERE m.r IN ((m.n + 1) / 2, (m.n + 2) / 2)
UNION ALL
SELECT ${text("'median_days_ms'")}, ${nullInt}, ${nullText}, ${nullText}, ${real('AVG(m.days_ms)')}, ${nullReal}, ${nullReal}
FROM med_days m WHERE m.r IN ((m.n + 1) / 2, (m.n + 2) / 2)
UNION ALL
SELECT ${text("'follow_up'")}, ${nullInt}, ${text("'24h'")}, ${nullText}, ${real('COUNT(*)')},
  ${real('SUM(CASE WHEN fu.next_at IS NOT NULL AND fu.next_at <= fu.close_ms THEN 1 ELSE 0 END)')}, ${nullReal}
FROM fu WHERE fu.kind = 0 AND fu.w = 24
UNION ALL
SELECT ${text("'follow_up'")}, ${nullInt}, ${text("'72h'")}, ${nullText}, ${real('COUNT(*)')},
  ${real('SUM(CASE WHEN fu.next_at IS NOT NULL AND fu.next_at <= fu.close_ms THEN 1 ELSE 0 END)')}, ${nullReal}
FROM fu WHERE fu.kind = 0 AND fu.w = 72
UNION ALL
SELECT ${text("'side_effect'")}, ${nullInt}, ${text('e.type')}, ${text('e.severity')}, ${real('COUNT(*)')}, ${nullReal}, ${nullReal}
FROM side_effects e
JOIN kc ON kc.id = e.session_id
WHERE e.entered_in_error_at IS NULL
GROUP BY e.type, e.severity
UNION ALL
SELECT ${text("'flag'")}, ${nullInt}, ${text('f.category')}, ${text('f.severity')}, ${real('COUNT(*)')}, ${nullReal}, ${nullReal}
FROM flags f
LEFT JOIN dosing_sessions fs ON fs.id = f.session_id
WHERE (f.session_id IS NOT NULL
    AND COALESCE(fs.course_id, fs.patient_id) IN (SELECT c.course_key FROM cohort c))
  OR (f.session_id IS NULL AND f.patient_id IN (SELECT c.patient_id FROM cohort c))
GROUP BY f.category, f.severity`;
  return { sql, params: p.bound() };
}

/** Rows as numbers (PostgreSQL returns BIGINT as strings; SQLite returns numbers). */
export function toOutcomeRows(raw: Record<string, unknown>[]): OutcomeRow[] {
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return raw.map((r) => ({
    metric: str(r['metric']) as OutcomeRow['metric'],
    k: num(r['k']),
    key1: str(r['key1']),
    key2: str(r['key2']),
    x: num(r['x']),
    y: num(r['y']),
    z: num(r['z']),
  }));
}
