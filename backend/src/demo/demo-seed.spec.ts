import 'reflect-metadata';
import { DataSource, In } from 'typeorm';
import {
  cadss6Total,
  BUILT_IN_PROTOCOL_IDS,
  checkDose,
  computeCourseResponse,
  courseBaselineOf,
  DAY_MS,
  DEFAULT_THRESHOLDS,
  evaluateRules,
  localDate,
  MINUTE_MS,
  minimumMonitoringEnd,
  minutesSinceDose,
  nextObservationDue,
  type PatientResponseDto,
  REMS_DEADLINE_DAYS,
  RULE_IDS,
  SCREENING_VALID_DAYS,
  type RuleId,
  scorePhq9,
} from '@clinic/shared';
import { Phq9Assessment } from '../assessments/phq9-assessment.entity';
import { RiskEvent } from '../assessments/risk-event.entity';
import { Clinic } from '../clinics/clinic.entity';
import { Protocol } from '../courses/protocol.entity';
import { Screening } from '../courses/screening.entity';
import { TreatmentCourse } from '../courses/treatment-course.entity';
import { RemsFormRecord } from '../rems/rems-form.entity';
import { AuditEntry } from '../common/audit/audit-entry.entity';
import { Flag } from '../flags/flag.entity';
import { Patient } from '../patients/patient.entity';
import { DosingSession } from '../sessions/dosing-session.entity';
import { Observation } from '../sessions/observation.entity';
import { SideEffect } from '../sessions/side-effect.entity';
import { loadPatientRecords } from '../signals/patient-records';
import { CssrsScreening } from '../suicide-risk/cssrs-screening.entity';
import { SafetyPlan } from '../suicide-risk/safety-plan.entity';
import { User, UserClinic } from '../users/user.entity';
import { dataSourceOptions } from '../database/data-source';
import { ENTITIES } from '../features';
import { DEMO_CLINICS, DEMO_SCENARIOS, seedDemoData } from './demo-seed';

const T = DEFAULT_THRESHOLDS;
const NOW = new Date('2026-03-10T15:30:00.000Z');

async function openDb(): Promise<DataSource> {
  const ds = new DataSource(
    dataSourceOptions(
      { kind: 'sqlite', displayUrl: 'sqlite::memory:', location: ':memory:' },
      ENTITIES,
    ),
  );
  await ds.initialize();
  await ds.runMigrations();
  return ds;
}

interface Loaded {
  clinics: Clinic[];
  users: User[];
  userClinics: UserClinic[];
  patients: Patient[];
  sessions: DosingSession[];
  orders: DosingSession[];
  observations: Observation[];
  sideEffects: SideEffect[];
  riskEvents: RiskEvent[];
  phq9: Phq9Assessment[];
  audit: AuditEntry[];
  flags: Flag[];
  courses: TreatmentCourse[];
  screenings: Screening[];
  protocols: Protocol[];
  remsForms: RemsFormRecord[];
}

async function load(ds: DataSource): Promise<Loaded> {
  return {
    clinics: await ds.getRepository(Clinic).find({ order: { name: 'ASC' } }),
    users: await ds.getRepository(User).find({ order: { email: 'ASC' } }),
    userClinics: await ds.getRepository(UserClinic).find(),
    patients: await ds.getRepository(Patient).find({ order: { mrn: 'ASC' } }),
    // The doses given; today's orders (v2) are checked apart.
    sessions: await ds
      .getRepository(DosingSession)
      .find({ where: { status: In(['in_progress', 'discharged']) }, order: { startedAt: 'ASC' } }),
    orders: await ds.getRepository(DosingSession).find({
      where: { status: In(['ordered', 'cancelled']) },
      order: { plannedAt: 'ASC' },
    }),
    observations: await ds.getRepository(Observation).find({ order: { recordedAt: 'ASC' } }),
    sideEffects: await ds.getRepository(SideEffect).find(),
    riskEvents: await ds.getRepository(RiskEvent).find({ order: { occurredAt: 'ASC' } }),
    phq9: await ds.getRepository(Phq9Assessment).find({ order: { administeredAt: 'ASC' } }),
    audit: await ds.getRepository(AuditEntry).find(),
    flags: await ds.getRepository(Flag).find(),
    courses: await ds.getRepository(TreatmentCourse).find({ order: { startedAt: 'ASC' } }),
    screenings: await ds.getRepository(Screening).find(),
    protocols: await ds.getRepository(Protocol).find(),
    remsForms: await ds.getRepository(RemsFormRecord).find(),
  };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** The patient's records as the per-course response functions read them (CLINICAL.md s5 v2). */
function recordsOf(data: Loaded, patientId: string) {
  return {
    courses: data.courses.filter((c) => c.patientId === patientId),
    sessions: data.sessions.filter((s) => s.patientId === patientId),
    phq9: data.phq9.filter((a) => a.patientId === patientId),
  };
}

/** The response of each of the patient's courses, oldest first. */
function courseResponses(data: Loaded, patientId: string): PatientResponseDto[] {
  const records = recordsOf(data, patientId);
  return records.courses.map((c) => computeCourseResponse(records, c.id)!);
}

/** The response of the patient's latest course (the one the patient page opens on). */
function responseOf(data: Loaded, patientId: string): PatientResponseDto {
  const responses = courseResponses(data, patientId);
  return responses[responses.length - 1];
}

/** The PHQ-9s of one course (from 30 days before its first session to the next course's start). */
function courseRecordsPhq9(
  records: ReturnType<typeof recordsOf>,
  courseId: string,
): Phq9Assessment[] {
  const courses = records.courses;
  const index = courses.findIndex((c) => c.id === courseId);
  const first = records.sessions.find((s) => s.courseId === courseId)!.startedAt.getTime();
  const until = courses[index + 1]?.startedAt.getTime() ?? Infinity;
  return records.phq9.filter((a) => {
    const ms = a.administeredAt.getTime();
    return ms >= first - 30 * DAY_MS && ms < until;
  });
}

/** CLINICAL.md s4 tolerance.diminishing_response, as worded there. */
function diminishing(response: PatientResponseDto): boolean {
  const withPoint = response.sessions.filter((s) => s.at24h !== null && s.preDoseTotal !== null);
  if (withPoint.length < T.tolerance.sessions) return false;
  const last = withPoint.slice(-T.tolerance.sessions);
  const gains = last.map((s) => s.preDoseTotal! - s.at24h!.total);
  return (
    gains.every((g, i) => i === 0 || g < gains[i - 1]) &&
    gains[gains.length - 1] < gains[0] * T.tolerance.ratio &&
    last[last.length - 1].doseMg >= last[0].doseMg
  );
}

/** Patients with a third session within any rolling 7 days. */
function frequentPatients(data: Loaded): Set<string> {
  const out = new Set<string>();
  for (const [patientId, sessions] of groupBy(data.sessions, (s) => s.patientId)) {
    for (let i = 2; i < sessions.length; i++) {
      if (sessions[i].startedAt.getTime() - sessions[i - 2].startedAt.getTime() < 7 * DAY_MS) {
        out.add(patientId);
      }
    }
  }
  return out;
}

function mrnOf(data: Loaded, patientId: string): string {
  return data.patients.find((p) => p.id === patientId)!.mrn;
}

function markedDissociation(o: Observation): boolean {
  return (
    o.cadss6 !== null &&
    (cadss6Total(o.cadss6) >= T.dissociation.markedTotal ||
      o.cadss6.some((item) => item === T.dissociation.markedItem))
  );
}

/** Invariants that must hold whatever `now` is. */
function checkInvariants(data: Loaded, now: Date): void {
  const nowMs = now.getTime();
  const notFuture = (label: string, value: Date | null): void => {
    if (value !== null && value.getTime() > nowMs) {
      throw new Error(`${label} ${value.toISOString()} is after now ${now.toISOString()}`);
    }
  };
  data.clinics.forEach((c) => notFuture('clinic.createdAt', c.createdAt));
  data.users.forEach((u) => notFuture('user.createdAt', u.createdAt));
  for (const p of data.patients) {
    notFuture('patient.createdAt', p.createdAt);
    notFuture('patient.updatedAt', p.updatedAt);
  }
  for (const s of data.sessions) {
    for (const key of ['startedAt', 'createdAt', 'updatedAt', 'readyAt', 'dischargedAt'] as const) {
      notFuture(`session.${key}`, s[key]);
    }
  }
  // Today's orders (v2): two of the first clinic, planned on its local day, not started, no reading.
  expect(data.orders).toHaveLength(2);
  for (const order of data.orders) {
    const clinic = data.clinics.find((c) => c.id === order.clinicId)!;
    expect(clinic.name).toBe(DEMO_CLINICS[0].name);
    expect(order.status).toBe('ordered');
    expect(order.plannedAt).not.toBeNull();
    expect(order.startedAt.getTime()).toBe(order.plannedAt!.getTime());
    expect(localDate(order.plannedAt!, clinic.timezone)).toBe(localDate(now, clinic.timezone));
    notFuture('order.createdAt', order.createdAt);
    const given = data.sessions.filter((s) => s.patientId === order.patientId);
    expect(order.sessionNumber).toBe(given.length + 1);
    expect(given.every((s) => s.status === 'discharged')).toBe(true);
    expect(data.observations.filter((o) => o.sessionId === order.id)).toEqual([]);
  }
  for (const o of data.observations) {
    notFuture('observation.recordedAt', o.recordedAt);
    notFuture('observation.createdAt', o.createdAt);
  }
  for (const e of data.sideEffects) {
    notFuture('sideEffect.onsetAt', e.onsetAt);
    notFuture('sideEffect.createdAt', e.createdAt);
  }
  for (const e of data.riskEvents) {
    notFuture('riskEvent.occurredAt', e.occurredAt);
    notFuture('riskEvent.createdAt', e.createdAt);
  }
  for (const a of data.phq9) {
    notFuture('phq9.administeredAt', a.administeredAt);
    notFuture('phq9.createdAt', a.createdAt);
  }
  data.audit.forEach((a) => notFuture('audit.at', a.at));

  const observationsBySession = groupBy(data.observations, (o) => o.sessionId);
  const sessionsByPatient = groupBy(data.sessions, (s) => s.patientId);
  expect(sessionsByPatient.size).toBe(data.patients.length);
  const patientById = new Map(data.patients.map((p) => [p.id, p]));
  for (const [patientId, sessions] of sessionsByPatient) {
    // Numbered 1..n in start order, 6-12 sessions, only the newest may be in progress.
    expect(sessions.map((s) => s.sessionNumber)).toEqual(sessions.map((_, i) => i + 1));
    expect(sessions.length).toBeGreaterThanOrEqual(6);
    expect(sessions.length).toBeLessThanOrEqual(12);
    sessions.slice(0, -1).forEach((s) => expect(s.status).toBe('discharged'));
    for (let i = 1; i < sessions.length; i++) {
      const firstObservation = observationsBySession.get(sessions[i].id)![0].recordedAt;
      expect(firstObservation.getTime()).toBeGreaterThan(sessions[i - 1].dischargedAt!.getTime());
    }
    const patient = patientById.get(patientId)!;
    expect(patient.createdAt.getTime()).toBeLessThan(sessions[0].createdAt.getTime());
    for (const s of sessions) {
      // Derived values come from the shared functions.
      const check = checkDose({
        drug: s.drug,
        route: s.route,
        doseMg: s.doseMg,
        weightKg: s.weightKg,
      });
      expect(check.errors).toEqual([]);
      expect(s.doseMgPerKg).toBe(check.doseMgPerKg);
      expect(s.doseWarnings).toEqual(check.warnings);
      const observations = observationsBySession.get(s.id) ?? [];
      expect(observations.length).toBeGreaterThanOrEqual(2);
      expect(observations[0].recordedAt.getTime()).toBeLessThan(s.startedAt.getTime());
      for (const o of observations) {
        expect(o.minutesSinceDose).toBe(minutesSinceDose(s.startedAt, o.recordedAt));
        expect(o.cadss6Total).toBe(o.cadss6 ? cadss6Total(o.cadss6) : null);
        // A reading without a BP only at NG-00040's pre-dose check (checkScenarios).
        if (o.systolic !== null || o.diastolic !== null) {
          expect(o.diastolic!).toBeLessThan(o.systolic!);
        }
      }
      if (s.status === 'discharged' && s.dischargeOverrideReason !== null) {
        // Discharged before ready (scenario RC-00017): by the psychiatrist, before the minimum
        // monitoring time, with the criteria not met (readyAt null, as the API would store it).
        expect(s.readyAt).toBeNull();
        expect(s.dischargedAt!.getTime()).toBeLessThan(minimumMonitoringEnd(s)!.getTime());
      } else if (s.status === 'discharged') {
        expect(s.readyAt).not.toBeNull();
        expect(s.readyAt!.getTime()).toBeLessThanOrEqual(s.dischargedAt!.getTime());
        const last = observations[observations.length - 1];
        expect(last.moaas).toBe(5);
        expect(last.cadss6Total).toBe(0);
      }
    }
  }
  for (const a of data.phq9) {
    const score = scorePhq9([
      a.item1,
      a.item2,
      a.item3,
      a.item4,
      a.item5,
      a.item6,
      a.item7,
      a.item8,
      a.item9,
    ]);
    expect([a.total, a.severity, a.prorated, a.valid, a.item9Positive]).toEqual([
      score.total,
      score.severity,
      score.prorated,
      score.valid,
      score.item9Positive,
    ]);
  }

  // Today's board: 3-5 sessions in progress per clinic, started 5-100 min ago.
  for (const clinic of data.clinics) {
    const live = data.sessions.filter(
      (s) => s.clinicId === clinic.id && s.status === 'in_progress',
    );
    expect(live.length).toBeGreaterThanOrEqual(3);
    expect(live.length).toBeLessThanOrEqual(5);
    for (const s of live) {
      const elapsed = (nowMs - s.startedAt.getTime()) / MINUTE_MS;
      expect(elapsed).toBeGreaterThanOrEqual(5);
      expect(elapsed).toBeLessThanOrEqual(100);
      expect(s.dischargedAt).toBeNull();
    }
  }
  // Twice-weekly cap and no accidental tolerance pattern outside the named scenarios.
  expect([...frequentPatients(data)].map((id) => mrnOf(data, id))).toEqual(['RC-00002']);
  const tolerant = data.patients
    .filter((p) => courseResponses(data, p.id).some(diminishing))
    .map((p) => p.mrn);
  expect(tolerant).toEqual(['RC-00003']);
}

/** The named scenarios of demo-seed.ts, on the documented patients. */
function checkScenarios(data: Loaded, now: Date): void {
  const patient = (mrn: string): Patient => data.patients.find((p) => p.mrn === mrn)!;
  const sessionsOf = (mrn: string): DosingSession[] =>
    data.sessions.filter((s) => s.patientId === patient(mrn).id);
  const observationsOf = (s: DosingSession): Observation[] =>
    data.observations.filter((o) => o.sessionId === s.id);

  // Dissociation: marked at 40 min, still > 0 at the end of the minimum monitoring time.
  const marked = data.observations.filter(markedDissociation);
  expect(new Set(marked.map((o) => mrnOf(data, o.patientId)))).toEqual(new Set(['RC-00001']));
  expect(marked.some((o) => o.minutesSinceDose === 40)).toBe(true);
  const dissociative = sessionsOf('RC-00001').find((s) => s.id === marked[0].sessionId)!;
  expect(dissociative.drug).toBe('esketamine');
  expect(
    observationsOf(dissociative).some(
      (o) => o.minutesSinceDose >= T.minMonitoringMinutes.esketamine && (o.cadss6Total ?? 0) > 0,
    ),
  ).toBe(true);

  // Misuse: 3 sessions within 7 days, dose above 1.5 x the first, risk events, urinary symptoms.
  const misuse = sessionsOf('RC-00002');
  const first = misuse[0].doseMgPerKg!;
  expect(Math.max(...misuse.map((s) => s.doseMgPerKg!))).toBeGreaterThan(
    first * T.misuse.doseEscalationFactor,
  );
  const requests = data.riskEvents.filter(
    (e) => e.patientId === patient('RC-00002').id && e.type === 'early_session_request',
  );
  expect(requests).toHaveLength(2);
  expect(requests[1].occurredAt.getTime() - requests[0].occurredAt.getTime()).toBeLessThan(
    30 * DAY_MS,
  );
  expect(
    data.riskEvents.some((e) => e.patientId === patient('RC-00002').id && e.type === 'craving'),
  ).toBe(true);
  // Risk events: RC-00002's, and the non-clinic use disclosed by RC-00018.
  expect(
    data.riskEvents
      .filter((e) => e.patientId !== patient('RC-00002').id)
      .map((e) => [mrnOf(data, e.patientId), e.type]),
  ).toEqual([['RC-00018', 'reported_nonclinic_use']]);
  const urinary = data.sideEffects.filter(
    (e) => e.type === 'urinary_symptoms' || e.type === 'craving',
  );
  expect(urinary.map((e) => [mrnOf(data, e.patientId), e.type])).toEqual([
    ['RC-00002', 'urinary_symptoms'],
  ]);
  // Nobody else leaves the course's dose plan: the first dose is the plan's, none above its
  // maximum (mg/kg doses are drawn up in whole mg: within 0.01 mg/kg), no dose warning.
  for (const [courseId, sessions] of groupBy(data.sessions, (s) => s.courseId!)) {
    if (sessions[0].patientId === patient('RC-00002').id) continue;
    const course = data.courses.find((c) => c.id === courseId)!;
    const plan = data.protocols.find((p) => p.id === course.protocolId)!.dosePlan;
    const doseOf = (s: DosingSession): number => (plan.unit === 'mg' ? s.doseMg : s.doseMgPerKg!);
    expect(doseOf(sessions[0])).toBeLessThanOrEqual(plan.first + 0.01);
    for (const s of sessions) {
      expect(doseOf(s)).toBeLessThanOrEqual(plan.max + 0.01);
      expect(s.doseWarnings).toEqual([]);
    }
  }

  // Tolerance: falling 24-h gains at the same dose.
  const tolerance = responseOf(data, patient('RC-00003').id);
  expect(diminishing(tolerance)).toBe(true);
  const lastThree = tolerance.sessions.filter((s) => s.at24h !== null).slice(-3);
  expect(new Set(lastThree.map((s) => s.doseMg)).size).toBe(1);

  // Item 9: exactly two positive PHQ-9s, on RC-00004 (item 9 = 1) and RC-00005 (item 9 = 2).
  const item9 = data.phq9.filter((a) => a.item9Positive);
  expect(item9.map((a) => [mrnOf(data, a.patientId), a.item9]).sort()).toEqual([
    ['RC-00004', 1],
    ['RC-00005', 2],
  ]);

  // Pre-dose BP > 140/90 only for RC-00006; BP 182/104 at 40 min on RC-00007 only.
  // The pre-dose reading: the last with a BP at or before the dose start (CLINICAL.md s3).
  const preDose = data.sessions.flatMap((s) => {
    const before = observationsOf(s).filter(
      (o) => o.recordedAt.getTime() <= s.startedAt.getTime() && o.systolic !== null,
    );
    return before.length === 0 ? [] : [{ s, o: before[before.length - 1] }];
  });
  // v2: a session without a pre-dose BP only today on NG-00040 (monitoring.no_predose).
  const withPreDose = new Set(preDose.map(({ s }) => s.id));
  const noPreDose = data.sessions.filter((s) => !withPreDose.has(s.id));
  expect(noPreDose.map((s) => [mrnOf(data, s.patientId), s.status])).toEqual([
    ['NG-00040', 'in_progress'],
  ]);
  const elevated = preDose.filter(
    ({ o }) => o.systolic! > T.bp.predoseSystolic || o.diastolic! > T.bp.predoseDiastolic,
  );
  expect(new Set(elevated.map(({ s }) => mrnOf(data, s.patientId)))).toEqual(new Set(['RC-00006']));
  const severe = data.observations.filter(
    (o) => o.systolic! >= T.bp.severeSystolic || o.diastolic! >= T.bp.severeDiastolic,
  );
  expect(
    severe.map((o) => [mrnOf(data, o.patientId), o.minutesSinceDose, o.systolic, o.diastolic]),
  ).toEqual([['RC-00007', 40, 182, 104]]);

  // Worsening: RC-00011's latest PHQ-9 is >= baseline + 5; no one else has any such PHQ-9
  // against the baseline of its course (a re-induction has its own).
  const worse = data.patients.filter((p) => {
    const records = recordsOf(data, p.id);
    return records.courses.some((c) => {
      const baseline = courseBaselineOf(records, c.id);
      return courseRecordsPhq9(records, c.id).some(
        (a) => a.valid && baseline !== null && a.total! >= baseline.total! + T.phq9.worseningPoints,
      );
    });
  });
  expect(worse.map((p) => p.mrn)).toEqual(['RC-00011']);
  const worsening = data.phq9.filter((a) => a.patientId === patient('RC-00011').id && a.valid);
  expect(worsening[worsening.length - 1].total).toBeGreaterThanOrEqual(
    responseOf(data, patient('RC-00011').id).baseline!.total + T.phq9.worseningPoints,
  );

  // One reading each: MOAA/S <= 1, SpO2 < 92 or RR < 10, heart rate > 120, each on its patient.
  const readings = (test: (o: Observation) => boolean): [string, number][] =>
    data.observations.filter(test).map((o) => [mrnOf(data, o.patientId), o.minutesSinceDose]);
  expect(readings((o) => o.moaas! <= T.sedation.deepAtOrBelow)).toEqual([['RC-00012', 30]]);
  const deep = data.observations.find((o) => o.moaas! <= T.sedation.deepAtOrBelow)!;
  expect(sessionsOf('RC-00012').find((s) => s.id === deep.sessionId)!.sessionNumber).toBe(3);
  expect(
    readings(
      (o) => o.spo2! < T.respiratory.spo2Below || o.respiratoryRate! < T.respiratory.rateBelow,
    ),
  ).toEqual([['RC-00014', 40]]);
  expect(readings((o) => o.heartRate! > T.hrTachycardia)).toEqual([['RC-00015', 40]]);
  // v2: BP below 90/50 and heart rate below 50 only in NG-00038's vasovagal episode (session 2).
  expect(
    readings(
      (o) =>
        (o.systolic !== null && o.systolic < T.hypotension.systolicBelow) ||
        (o.diastolic !== null && o.diastolic < T.hypotension.diastolicBelow),
    ),
  ).toEqual([['NG-00038', 60]]);
  expect(readings((o) => o.heartRate !== null && o.heartRate < T.bradycardiaBelow)).toEqual([
    ['NG-00038', 60],
  ]);
  const vasovagal = data.observations.find((o) => o.heartRate! < T.bradycardiaBelow)!;
  expect(sessionsOf('NG-00038').find((s) => s.id === vasovagal.sessionId)!.sessionNumber).toBe(2);
  // v2: one serious side effect (NG-00037, hospitalisation, moderate: serious is not severe) and
  // one PHQ-9 with item 9 not answered (NG-00039, entered by the nurse, prorated).
  expect(
    data.sideEffects
      .filter((e) => e.serious)
      .map((e) => [mrnOf(data, e.patientId), e.seriousCriterion, e.severity]),
  ).toEqual([['NG-00037', 'hospitalisation', 'moderate']]);
  expect(data.sideEffects.filter((e) => !e.serious && e.seriousCriterion !== null)).toEqual([]);
  const unanswered = data.phq9.filter((a) => a.item9 === null);
  expect(unanswered.map((a) => [mrnOf(data, a.patientId), a.source, a.prorated, a.recall])).toEqual(
    [['NG-00039', 'clinic', true, '24_hours']],
  );
  // MOAA/S 3 in the scenarios only where their tables put it (RC-00001, RC-00012).
  const scenarioMrns = new Set(DEMO_SCENARIOS.map((x) => x.mrn));
  expect(
    new Set(
      readings((o) => o.moaas! <= T.sedation.moderateAtOrBelow)
        .map(([mrn]) => mrn)
        .filter((mrn) => scenarioMrns.has(mrn)),
    ),
  ).toEqual(new Set(['RC-00001', 'RC-00012']));

  // A BP rise >= 40/25 over the pre-dose reading: RC-00007 (severe) and RC-00016 only.
  const rises = preDose.filter(({ s, o }) =>
    observationsOf(s).some(
      (x) =>
        x.recordedAt.getTime() > s.startedAt.getTime() &&
        (x.systolic! - o.systolic! >= T.bp.riseSystolic ||
          x.diastolic! - o.diastolic! >= T.bp.riseDiastolic),
    ),
  );
  expect(rises.map(({ s }) => [mrnOf(data, s.patientId), s.sessionNumber])).toEqual(
    expect.arrayContaining([
      ['RC-00007', 2],
      ['RC-00016', 4],
    ]),
  );
  expect(rises).toHaveLength(2);

  // Dissociation left at the end of minimum monitoring: RC-00001's latest session only.
  const unresolved = data.sessions.filter((s) =>
    observationsOf(s).some(
      (o) =>
        o.recordedAt.getTime() >= minimumMonitoringEnd(s)!.getTime() && (o.cadss6Total ?? 0) > 0,
    ),
  );
  expect(unresolved.map((s) => s.id)).toEqual([dissociative.id]);

  // Discharged before ready with an override: RC-00017's latest session only.
  const overridden = data.sessions.filter((s) => s.dischargeOverrideReason !== null);
  expect(overridden.map((s) => [mrnOf(data, s.patientId), s.sessionNumber])).toEqual([
    ['RC-00017', sessionsOf('RC-00017').length],
  ]);

  // Today's board: only NG-00004's next scheduled observation (40 min) is more than 10 min late.
  const overdue = data.sessions
    .filter((s) => s.status === 'in_progress')
    .map((s) => ({ s, due: nextObservationDue(s, observationsOf(s), T, now) }))
    .filter(({ due }) => due?.overdue);
  expect(overdue.map(({ s, due }) => [mrnOf(data, s.patientId), due!.slotMinutes])).toEqual([
    ['NG-00004', 40],
  ]);

  // Missing items: prorated ones (NG-00039's item 9 among them) and one invalid.
  expect(data.phq9.filter((a) => a.prorated)).toHaveLength(4);
  expect(data.phq9.filter((a) => !a.valid)).toHaveLength(1);
}

/**
 * Treatment courses (CLINICAL.md s8, s9) and REMS forms (API.md "REMS and printing"): every
 * session in a clinical course with a screening and a protocol of its drug and route, numbered
 * within the course; phases consistent with the protocol; per clinic courses in induction and in
 * maintenance, a re-induction after an ended course, REMS forms due (one overdue) and submitted;
 * the override course on NG-00036.
 */
function checkCourses(data: Loaded, now: Date): void {
  const nowMs = now.getTime();
  const mrn = (patientId: string): string => mrnOf(data, patientId);
  const sessionsOf = (courseId: string): DosingSession[] =>
    data.sessions.filter((s) => s.courseId === courseId);
  expect(data.sessions.filter((s) => s.courseId === null)).toEqual([]);
  for (const order of data.orders) {
    const course = data.courses.find((c) => c.id === order.courseId)!;
    expect(course.phase).not.toBe('ended');
    expect(order.courseSessionNumber).toBe(sessionsOf(course.id).length + 1);
  }
  for (const course of data.courses) {
    expect(course.origin).toBe('clinical');
    const sessions = sessionsOf(course.id);
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.map((s) => s.courseSessionNumber)).toEqual(sessions.map((_, i) => i + 1));
    const first = sessions[0].startedAt.getTime();
    // The protocol: of the drug and route; built-in or the clinic's own.
    const protocol = data.protocols.find((p) => p.id === course.protocolId)!;
    expect([protocol.drug, protocol.route]).toEqual([course.drug, course.route]);
    expect(protocol.clinicId === null || protocol.clinicId === course.clinicId).toBe(true);
    for (const s of sessions) expect([s.drug, s.route]).toEqual([course.drug, course.route]);
    // The screening: before the course's start, valid for its first session, signed.
    const screening = data.screenings.find((x) => x.id === course.screeningId)!;
    expect(screening.patientId).toBe(course.patientId);
    expect(screening.drug).toBe(course.drug);
    expect(screening.screenedAt.getTime()).toBeLessThanOrEqual(course.startedAt.getTime());
    expect(course.startedAt.getTime()).toBeLessThan(first);
    expect(first - screening.screenedAt.getTime()).toBeLessThan(SCREENING_VALID_DAYS * DAY_MS);
    expect(screening.consentAt.getTime()).toBeLessThanOrEqual(first);
    expect(screening.remsEnrolledAt !== null).toBe(course.drug === 'esketamine');
    expect(course.overrideReason !== null).toBe(screening.result === 'contraindicated');
    // The phase: maintenance from the induction count's session (the API's move), else induction;
    // ended with a reason, after the last session and not in the future.
    const count = protocol.induction.sessions;
    expect(course.maintenanceAt?.getTime() ?? null).toBe(
      sessions.length >= count ? sessions[count - 1].startedAt.getTime() : null,
    );
    if (course.phase === 'ended') {
      expect(course.endReason).not.toBeNull();
      expect(course.endedAt!.getTime()).toBeGreaterThan(
        sessions[sessions.length - 1].startedAt.getTime(),
      );
      expect(course.endedAt!.getTime()).toBeLessThanOrEqual(nowMs);
    } else {
      expect(course.endedAt).toBeNull();
      expect(course.phase).toBe(course.maintenanceAt === null ? 'induction' : 'maintenance');
    }
  }
  // At most one course of a patient has not ended; a re-induction follows an ended course.
  for (const [patientId, courses] of groupBy(data.courses, (c) => c.patientId)) {
    expect(courses.filter((c) => c.phase !== 'ended').length).toBeLessThanOrEqual(1);
    courses.slice(0, -1).forEach((c) => expect(c.phase).toBe('ended'));
    expect(courses.map((c) => c.kind)).toEqual(
      courses.map((_, i) => (i === 0 ? 'initial' : 'reinduction')),
    );
    void patientId;
  }
  for (const clinic of data.clinics) {
    const courses = data.courses.filter((c) => c.clinicId === clinic.id);
    const initial = courses.filter((c) => c.kind === 'initial');
    expect(initial.some((c) => c.phase === 'induction')).toBe(true);
    expect(initial.some((c) => c.phase === 'maintenance')).toBe(true);
    expect(initial.some((c) => c.phase === 'ended')).toBe(true);
    // One re-induction: its own baseline within 30 days before its first session, its own numbers.
    const reinductions = courses.filter((c) => c.kind === 'reinduction');
    expect(reinductions).toHaveLength(1);
    const re = reinductions[0];
    const records = recordsOf(data, re.patientId);
    const before = records.courses.find((c) => c.kind === 'initial')!;
    expect(before.phase).toBe('ended');
    expect(before.endedAt!.getTime()).toBeLessThan(re.startedAt.getTime());
    const reFirst = sessionsOf(re.id)[0];
    expect(reFirst.courseSessionNumber).toBe(1);
    expect(reFirst.sessionNumber).toBe(sessionsOf(before.id).length + 1);
    const baseline = courseBaselineOf(records, re.id)!;
    expect(baseline).not.toBeNull();
    expect(baseline.administeredAt.getTime()).toBeGreaterThan(before.endedAt!.getTime());
    expect(baseline.administeredAt.getTime()).toBeGreaterThanOrEqual(
      reFirst.startedAt.getTime() - 30 * DAY_MS,
    );
    expect(courseBaselineOf(records, before.id)!.id).not.toBe(baseline.id);
  }
  expect(data.courses.filter((c) => c.kind === 'reinduction').map((c) => mrn(c.patientId))).toEqual(
    expect.arrayContaining(['RC-00020', 'NG-00021']),
  );
  // The clinics' own protocols: an IM protocol each, and Northgate's IV copy, in use.
  const own = data.protocols.filter((p) => p.clinicId !== null);
  expect(own.every((p) => p.basedOnId === BUILT_IN_PROTOCOL_IDS.ketamineIv)).toBe(true);
  const northgate = data.clinics.find((c) => c.name === DEMO_CLINICS[1].name)!;
  const ivCopy = own.find((p) => p.clinicId === northgate.id && p.route === 'iv')!;
  expect(data.courses.some((c) => c.protocolId === ivCopy.id)).toBe(true);
  // The override: NG-00036 only, hypersensitivity answered yes.
  const overridden = data.courses.filter((c) => c.overrideReason !== null);
  expect(overridden.map((c) => mrn(c.patientId))).toEqual(['NG-00036']);
  expect(data.screenings.find((x) => x.id === overridden[0].screeningId)!.absolute).toEqual([
    'hypersensitivity',
  ]);

  // REMS forms: submitted ones after their session, by the clinic's nurse with provider, setting
  // and reference; per clinic a handful due, exactly one of them overdue.
  const given = data.sessions.filter((s) => s.drug === 'esketamine');
  for (const form of data.remsForms) {
    const session = given.find((s) => s.id === form.sessionId)!;
    expect(session.status).toBe('discharged');
    expect(form.submittedAt!.getTime()).toBeGreaterThan(session.startedAt.getTime());
    expect(form.submittedAt!.getTime()).toBeLessThanOrEqual(nowMs);
    expect(form.reference).toMatch(/^REMS-[0-9A-F]{8}$/);
    expect(form.monitoringProvider).not.toBeNull();
    expect(form.setting).not.toBeNull();
  }
  const submitted = new Set(data.remsForms.map((f) => f.sessionId));
  for (const clinic of data.clinics) {
    const ofClinic = given.filter((s) => s.clinicId === clinic.id);
    const due = ofClinic.filter((s) => !submitted.has(s.id));
    const overdue = due.filter((s) => nowMs - s.startedAt.getTime() > REMS_DEADLINE_DAYS * DAY_MS);
    expect(overdue).toHaveLength(1);
    expect(due.length).toBeGreaterThan(overdue.length);
    expect(due.length).toBeLessThanOrEqual(15);
    expect(ofClinic.length - due.length).toBeGreaterThan(30);
  }
}

/** Rules that realistic data raises beyond the scenarios (demo-seed.ts header); the rest are theirs. */
const INCIDENTAL: readonly RuleId[] = [
  'sedation.moderate',
  'nonresponse.after_induction',
  'followup.missed',
];

/**
 * The shared rules engine over the seeded records at `now` (the API test runs the same through
 * SignalsService): every rule fires; each scenario patient carries exactly its rules; the rules
 * reserved to the scenarios fire nowhere else.
 */
async function checkSignals(ds: DataSource, data: Loaded, now: Date): Promise<void> {
  const rulesByMrn = new Map<string, Set<RuleId>>();
  for (const p of data.patients) {
    const records = await loadPatientRecords(ds.manager, p.id);
    rulesByMrn.set(p.mrn, new Set(evaluateRules(records, T, now).map((c) => c.rule)));
  }
  const raised = new Set([...rulesByMrn.values()].flatMap((rules) => [...rules]));
  expect(RULE_IDS.filter((id) => !raised.has(id))).toEqual([]);
  for (const scenario of DEMO_SCENARIOS) {
    expect([scenario.mrn, [...rulesByMrn.get(scenario.mrn)!].sort()]).toEqual([
      scenario.mrn,
      [...scenario.rules].sort(),
    ]);
  }
  for (const rule of RULE_IDS.filter((id) => !INCIDENTAL.includes(id))) {
    const carriers = [...rulesByMrn].filter(([, rules]) => rules.has(rule)).map(([mrn]) => mrn);
    const planned = DEMO_SCENARIOS.filter((x) => x.rules.includes(rule)).map((x) => x.mrn);
    expect([rule, carriers.sort()]).toEqual([rule, planned.sort()]);
  }
}

describe('seedDemoData', () => {
  let ds: DataSource;
  let data: Loaded;
  let result: { patients: number; sessions: number } | null;

  beforeAll(async () => {
    ds = await openDb();
    const started = performance.now();
    result = await seedDemoData(ds, 'demo-password', NOW);
    const ms = Math.round(performance.now() - started);
    data = await load(ds);
    process.stdout.write(
      `demo seed: ${ms} ms (argon2 hash included) for ${data.patients.length} patients, ${data.sessions.length} sessions, ` +
        `${data.observations.length} observations, ${data.phq9.length} PHQ-9s, ${data.sideEffects.length} side effects, ` +
        `${data.riskEvents.length} risk events\n`,
    );
  }, 60_000);

  afterAll(async () => {
    await ds.destroy();
  });

  it('creates the clinics, the staff and ~40 patients per clinic', () => {
    expect(data.clinics.map((c) => [c.name, c.timezone])).toEqual(
      DEMO_CLINICS.map((c) => [c.name, c.timezone]).sort(([a], [b]) => a.localeCompare(b)),
    );
    expect(data.users.map((u) => u.email)).toEqual([
      'admin@demo.clinic',
      'manager@northgate.demo.clinic',
      'manager@riverside.demo.clinic',
      'nurse@northgate.demo.clinic',
      'nurse@riverside.demo.clinic',
      'psychiatrist@northgate.demo.clinic',
      'psychiatrist@riverside.demo.clinic',
    ]);
    expect(new Set(data.users.map((u) => u.passwordHash)).size).toBe(1);
    expect(data.users.find((u) => u.email === 'admin@demo.clinic')!.role).toBe('admin');
    expect(data.userClinics).toHaveLength(6);
    expect(data.patients.length).toBeGreaterThanOrEqual(75);
    expect(data.patients.length).toBeLessThanOrEqual(90);
    // every session row: the doses given and today's orders
    expect(result).toEqual({
      patients: data.patients.length,
      sessions: data.sessions.length + data.orders.length,
    });
    for (const p of data.patients) {
      expect(p.mrn).toMatch(/^(RC|NG)-\d{5}$/);
      expect(p.searchText).toBe(`${p.givenName} ${p.familyName} ${p.mrn}`.toLowerCase());
      expect(p.weightKg!).toBeGreaterThanOrEqual(50);
      expect(p.weightKg!).toBeLessThanOrEqual(120);
      expect(Number(p.birthDate.slice(0, 4))).toBeGreaterThanOrEqual(1950);
      expect(Number(p.birthDate.slice(0, 4))).toBeLessThanOrEqual(2004);
    }
    // One audit entry per patient, one per order of today (v2, by its psychiatrist), no flags
    // (the signals engine raises them).
    const orderAudit = data.audit.filter((a) => a.resourceType === 'session');
    expect(orderAudit.map((a) => a.resourceId).sort()).toEqual(data.orders.map((o) => o.id).sort());
    for (const a of orderAudit) {
      const order = data.orders.find((o) => o.id === a.resourceId)!;
      expect(a).toMatchObject({
        action: 'create',
        actorId: order.orderedBy,
        actorRole: 'psychiatrist',
        patientId: order.patientId,
      });
    }
    // The psychiatrist's screening and course of each course (v2), at intake.
    const courseAudit = data.audit.filter(
      (a) => a.resourceType === 'course' || a.resourceType === 'screening',
    );
    expect(courseAudit.map((a) => a.resourceId).sort()).toEqual(
      [...data.courses.map((c) => c.id), ...data.screenings.map((x) => x.id)].sort(),
    );
    for (const a of courseAudit) {
      expect(a).toMatchObject({ action: 'create', actorRole: 'psychiatrist', outcome: 'success' });
    }
    const patientAudit = data.audit.filter((a) => a.resourceType === 'patient');
    expect(patientAudit.length + orderAudit.length + courseAudit.length).toBe(data.audit.length);
    expect(patientAudit).toHaveLength(data.patients.length);
    for (const a of patientAudit) {
      expect(a).toMatchObject({
        action: 'create',
        resourceType: 'patient',
        actorId: null,
        actorRole: null,
        ip: null,
        outcome: 'success',
      });
      expect(a.resourceId).toBe(a.patientId);
    }
    expect(data.flags).toHaveLength(0);
  });

  it('seeds only into an empty database', async () => {
    expect(await seedDemoData(ds, 'demo-password', NOW)).toBeNull();
    expect(await ds.getRepository(Patient).count()).toBe(data.patients.length);
  });

  it('keeps every invariant (numbering, nothing in the future, board, derived values)', () => {
    checkInvariants(data, NOW);
  });

  it('has responders, partial responders and non-responders', () => {
    const statuses = data.patients.map((p) => responseOf(data, p.id).status);
    const count = (s: string): number => statuses.filter((x) => x === s).length;
    expect(count('no_baseline')).toBe(0);
    expect(count('response') + count('remission')).toBeGreaterThan(0);
    expect(count('remission')).toBeGreaterThan(0);
    expect(count('partial')).toBeGreaterThan(0);
    expect(count('none')).toBeGreaterThan(0);
    process.stdout.write(
      `statuses: remission ${count('remission')}, response ${count('response')}, partial ${count('partial')}, none ${count('none')}\n`,
    );
    // Most sessions have a 24-h point; some follow-ups were missed.
    const sessions = data.patients.flatMap((p) => responseOf(data, p.id).sessions);
    const with24 = sessions.filter((s) => s.at24h !== null).length;
    expect(with24 / sessions.length).toBeGreaterThan(0.6);
    expect(with24).toBeLessThan(sessions.length);
  });

  it('carries the named scenarios on the documented patients', () => {
    checkScenarios(data, NOW);
  });

  it('puts every session in a screened clinical course (phases, re-induction, override) and has REMS forms due and submitted', () => {
    checkCourses(data, NOW);
  });

  it('shows the item 9 -> C-SSRS -> safety plan path on RC-00005, and an item-9 patient without a screener', async () => {
    const screeners = await ds.getRepository(CssrsScreening).find();
    const plans = await ds.getRepository(SafetyPlan).find({ order: { version: 'ASC' } });
    const idOf = (mrn: string): string => data.patients.find((p) => p.mrn === mrn)!.id;
    const item9 = data.phq9.find((a) => a.patientId === idOf('RC-00005') && a.item9Positive)!;
    const moderate = screeners.find((s) => s.patientId === idOf('RC-00005'))!;
    expect(moderate).toMatchObject({ risk: 'moderate', phq9Id: item9.id, enteredInErrorAt: null });
    expect(moderate.administeredAt.getTime()).toBeGreaterThanOrEqual(
      item9.administeredAt.getTime(),
    );
    expect(plans.filter((p) => p.patientId === idOf('RC-00005')).map((p) => p.version)).toEqual([
      1, 2,
    ]);
    expect(plans.every((p) => p.updatedAt.getTime() <= NOW.getTime())).toBe(true);
    // RC-00004's item-9 flag has no screener: the dashboard shows what resolving it needs
    expect(screeners.filter((s) => s.patientId === idOf('RC-00004'))).toEqual([]);
    expect(
      screeners.map((s) => [s.risk, data.patients.find((p) => p.id === s.patientId)!.mrn]).sort(),
    ).toEqual([
      ['high', 'RC-00011'],
      ['moderate', 'RC-00005'],
    ]);
    for (const s of screeners)
      expect(s.administeredAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
  });

  it('makes the signals engine raise every rule, each scenario exactly its own', async () => {
    await checkSignals(ds, data, NOW);
  });

  it('is deterministic for the same now, and valid for other nows', async () => {
    const other = await openDb();
    try {
      await seedDemoData(other, 'another-password', NOW);
      const again = await load(other);
      expect(again.patients.map((p) => [p.id, p.mrn, p.givenName, p.familyName])).toEqual(
        data.patients.map((p) => [p.id, p.mrn, p.givenName, p.familyName]),
      );
      expect(
        again.sessions.map((s) => [s.id, s.startedAt.toISOString(), s.doseMg, s.doseMgPerKg]),
      ).toEqual(
        data.sessions.map((s) => [s.id, s.startedAt.toISOString(), s.doseMg, s.doseMgPerKg]),
      );
      expect(again.phq9.map((a) => [a.id, a.total])).toEqual(data.phq9.map((a) => [a.id, a.total]));
      expect(again.observations.length).toBe(data.observations.length);
    } finally {
      await other.destroy();
    }
    // Other moments: a local night in both clinics, a DST change (US, 2026-11-01), a summer afternoon.
    for (const iso of [
      '2026-03-10T06:10:00.000Z',
      '2026-11-01T07:30:00.000Z',
      '2025-07-04T20:45:30.123Z',
    ]) {
      const db = await openDb();
      try {
        const now = new Date(iso);
        expect(await seedDemoData(db, 'x', now)).not.toBeNull();
        const seeded = await load(db);
        checkInvariants(seeded, now);
        checkScenarios(seeded, now);
        checkCourses(seeded, now);
        await checkSignals(db, seeded, now);
      } finally {
        await db.destroy();
      }
    }
  }, 60_000);
});
