/**
 * CLINICAL.md section 6 computed by the database in one statement, the same SQL on SQLite and
 * PostgreSQL (only the timestamp-to-milliseconds expression and the numeric casts differ). Times
 * are compared as whole epoch milliseconds, so window edges are exact on both databases.
 *
 * Cohort: patients whose first session (the earliest not entered in error) falls in the period and
 * matches the clinic, drug, route and ordering psychiatrist filters. Entered-in-error sessions,
 * PHQ-9s and side effects take no part; invalid PHQ-9s neither (CLINICAL.md s1).
 *
 * CLINICAL.md s5/s6 v2: a response is a total <= ratio x the baseline and nothing else (a remission
 * above that line is not one); the response and remission rates and the time to first response
 * count only patients with a baseline >= OUTCOME_MIN_BASELINE (10); the others are counted apart.
 * The intention-to-treat denominator at session k is the counted patients who reached k plus those
 * who stopped (no session in DROPOUT_QUIET_DAYS) with fewer sessions: the `stopped` rows give the
 * latter by session count (shared `hadChanceToReach`).
 *
 * Scale: every step is a sort or a hash join, never a comparison of each session with each PHQ-9.
 * A PHQ-9 is attributed to its session by a running MAX over the patient's sessions and PHQ-9s in
 * time order (the latest session that started strictly before it); a follow-up window is complete
 * when the first PHQ-9 at or after its opening (a running MIN in reverse time order) is inside it.
 *
 * The pure reference of the same maths is `patientOutcome` / `outcomesBySessionNumber` in
 * `@clinic/shared`; the API tests check both give the same numbers on hand-computed cohorts.
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
ss AS${mat} (
  SELECT s.id, s.patient_id, s.clinic_id, s.drug, s.route, s.ordered_by, ${ms('s.started_at')} AS start_ms
  FROM dosing_sessions s
  WHERE s.clinic_id IN (${clinicList}) AND s.entered_in_error_at IS NULL
    AND s.status IN ('in_progress', 'discharged')
),
ks AS${mat} (
  SELECT ss.*,
    ROW_NUMBER() OVER (PARTITION BY ss.patient_id ORDER BY ss.start_ms, ss.id) AS k,
    LEAD(ss.start_ms) OVER (PARTITION BY ss.patient_id ORDER BY ss.start_ms, ss.id) AS next_ms,
    COUNT(*) OVER (PARTITION BY ss.patient_id) AS n,
    MAX(ss.start_ms) OVER (PARTITION BY ss.patient_id) AS last_ms
  FROM ss
),
cohort AS${mat} (
  SELECT ks.patient_id, ks.clinic_id, ks.start_ms AS first_ms, ks.n, ks.last_ms,
    t.ratio, t.remission_below, t.baseline_ms, t.w24_min, t.w24_max, t.w72_min, t.w72_max
  FROM ks
  JOIN t ON t.clinic_id = ks.clinic_id
  WHERE ks.k = 1${cohortFilters.map((f) => `\n    AND ${f}`).join('')}
),
kc AS${mat} (
  SELECT ks.id, ks.patient_id, ks.k, ks.start_ms, ks.next_ms, c.first_ms, c.ratio,
    c.remission_below, c.w24_min, c.w24_max, c.w72_min, c.w72_max
  FROM ks
  JOIN cohort c ON c.patient_id = ks.patient_id
),
a AS${mat} (
  SELECT q.id, q.patient_id, q.total, q.recall, ${ms('q.administered_at')} AS at_ms,
    c.first_ms, c.baseline_ms
  FROM phq9_assessments q
  JOIN cohort c ON c.patient_id = q.patient_id
  WHERE q.valid = TRUE AND q.total IS NOT NULL AND q.entered_in_error_at IS NULL
),
base AS${mat} (
  SELECT x.patient_id, x.total FROM (
    SELECT a.patient_id, a.total,
      ROW_NUMBER() OVER (PARTITION BY a.patient_id ORDER BY a.at_ms DESC, a.id DESC) AS r
    FROM a
    WHERE a.recall = 'two_weeks' AND a.at_ms <= a.first_ms AND a.at_ms >= a.first_ms - a.baseline_ms
  ) x WHERE x.r = 1
),
win AS${mat} (
  SELECT kc.patient_id, kc.k, kc.start_ms, kc.first_ms,
    COALESCE(kc.next_ms, kc.start_ms + kc.w72_max) AS end_ms, kc.ratio, kc.remission_below
  FROM kc
  WHERE kc.k <= ${maxK}
),
ev AS (
  SELECT kc.patient_id, kc.start_ms AS tm, 0 AS kind, ${int('kc.k')} AS k, ${int('NULL')} AS total, ${uuidNull} AS id
  FROM kc
  UNION ALL
  SELECT a.patient_id, a.at_ms, 1, ${int('NULL')}, a.total, a.id FROM a
),
att AS${mat} (
  SELECT ev.patient_id, ev.tm AS at_ms, ev.total, ev.id,
    MAX(CASE WHEN ev.kind = 0 THEN ev.k END) OVER (
      PARTITION BY ev.patient_id ORDER BY ev.tm, ev.kind DESC ROWS UNBOUNDED PRECEDING) AS k
  FROM ev
),
best AS${mat} (
  SELECT x.patient_id, x.k, x.total, x.at_ms FROM (
    SELECT att.patient_id, att.k, att.total, att.at_ms,
      ROW_NUMBER() OVER (PARTITION BY att.patient_id, att.k ORDER BY att.total, att.at_ms, att.id) AS r
    FROM att
    JOIN win w ON w.patient_id = att.patient_id AND w.k = att.k
    WHERE att.total IS NOT NULL AND att.at_ms <= w.end_ms
  ) x WHERE x.r = 1
),
cat AS${mat} (
  SELECT w.patient_id, w.k, w.first_ms, b.at_ms,
    CASE WHEN b.total IS NOT NULL AND bl.total > 0 AND b.total <= bl.total * w.ratio + ${EPSILON}
         THEN 1 ELSE 0 END AS resp,
    CASE WHEN b.total IS NOT NULL AND b.total < w.remission_below
         THEN 1 ELSE 0 END AS rem
  FROM win w
  JOIN base bl ON bl.patient_id = w.patient_id AND bl.total >= ${minBaseline}
  LEFT JOIN best b ON b.patient_id = w.patient_id AND b.k = w.k
),
first_resp AS${mat} (
  SELECT x.patient_id, x.k, x.days_ms FROM (
    SELECT cat.patient_id, cat.k, cat.at_ms - cat.first_ms AS days_ms,
      ROW_NUMBER() OVER (PARTITION BY cat.patient_id ORDER BY cat.k) AS r
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
  SELECT kc.patient_id, kc.start_ms + kc.w24_min AS tm, 0 AS kind, kc.start_ms + kc.w24_max AS close_ms, 24 AS w
  FROM kc WHERE kc.start_ms + kc.w24_max < ${now}
  UNION ALL
  SELECT kc.patient_id, kc.start_ms + kc.w72_min, 0, kc.start_ms + kc.w72_max, 72
  FROM kc WHERE kc.start_ms + kc.w72_max < ${now}
  UNION ALL
  SELECT a.patient_id, a.at_ms, 1, ${int('NULL')}, 0 FROM a
),
fu AS${mat} (
  SELECT fu_ev.kind, fu_ev.w, fu_ev.close_ms,
    MIN(CASE WHEN fu_ev.kind = 1 THEN fu_ev.tm END) OVER (
      PARTITION BY fu_ev.patient_id ORDER BY fu_ev.tm DESC, fu_ev.kind DESC ROWS UNBOUNDED PRECEDING) AS next_at
  FROM fu_ev
)
SELECT ${text("'cohort'")} AS metric, ${nullInt} AS k, ${nullText} AS key1, ${nullText} AS key2,
  ${real('COUNT(*)')} AS x,
  ${real(`SUM(CASE WHEN c.n < ${minSessions} AND ${now} - c.last_ms > ${quietMs} THEN 1 ELSE 0 END)`)} AS y,
  ${nullReal} AS z
FROM cohort c
UNION ALL
SELECT ${text("'baseline'")}, ${nullInt}, ${nullText}, ${nullText},
  ${real(`SUM(CASE WHEN bl.total IS NOT NULL AND bl.total < ${minBaseline} THEN 1 ELSE 0 END)`)},
  ${real('SUM(CASE WHEN bl.total IS NULL THEN 1 ELSE 0 END)')}, ${nullReal}
FROM cohort c
LEFT JOIN base bl ON bl.patient_id = c.patient_id
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
JOIN base bl ON bl.patient_id = c.patient_id AND bl.total >= ${minBaseline}
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
JOIN cohort c ON c.patient_id = f.patient_id
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
