/** Builds every demo record in memory, in one fixed order of random draws. */
import { computeResponse, DAY_MS, HOUR_MS } from '@clinic/shared';
import type { User } from '../users/user.entity';
import { DEMO_CLINICS, STAFF } from './demo-clinics';
import { addCourse, addRemsForms, clinicProtocols } from './courses';
import { minutes } from './helpers';
import { LocalClock } from './local-clock';
import type { ClinicCtx, DemoContext, PatientPlan, Rows } from './model';
import { addTodaysOrders } from './orders';
import { phq9Course } from './phq9-course';
import { diminishingResponse } from './phq9-trajectory';
import { courseDoses, courseGaps, placeSessions, planClinic } from './plans';
import { createPrng } from './prng';
import { definitionOf } from './scenarios';
import { buildSession } from './sessions';
import { sideEffects } from './side-effects';

const DATA_SEED = 0x6b657461; // "keta"
const ID_SEED = 0x6d696e65; // "mine"

/** Every demo record, dated relative to `now`; `passwordHash` is every demo user's. */
export function buildDemoRows(now: Date, passwordHash: string): Rows {
  const ctx: DemoContext = {
    now,
    nowMs: now.getTime(),
    rng: createPrng(DATA_SEED),
    ids: createPrng(ID_SEED),
    rows: {
      clinics: [],
      users: [],
      userClinics: [],
      patients: [],
      sessions: [],
      observations: [],
      sideEffects: [],
      riskEvents: [],
      phq9: [],
      cssrs: [],
      safetyPlans: [],
      protocols: [],
      screenings: [],
      courses: [],
      remsForms: [],
      audit: [],
    },
  };
  const demoUser = (email: string, name: string, role: User['role'], createdAt: Date): User => ({
    id: ctx.ids.uuid(),
    email,
    name,
    role,
    passwordHash,
    active: true,
    disabledAt: null,
    version: 1,
    createdAt,
  });
  const setupAt = new Date(ctx.nowMs - 400 * DAY_MS);
  let firstClinic: ClinicCtx | null = null;
  const clinicCtxs: ClinicCtx[] = [];
  ctx.rows.users.push(demoUser('admin@demo.clinic', 'Demo Administrator', 'admin', setupAt));
  DEMO_CLINICS.forEach((clinic, index) => {
    const clinicId = ctx.ids.uuid();
    ctx.rows.clinics.push({
      id: clinicId,
      name: clinic.name,
      timezone: clinic.timezone,
      thresholds: null,
      thresholdsVersion: 1,
      crisisText: null,
      createdAt: setupAt,
    });
    const staff = STAFF[index];
    const staffAt = new Date(setupAt.getTime() + HOUR_MS);
    const psychiatrist = demoUser(
      `psychiatrist@${clinic.domain}`,
      staff.psychiatrist,
      'psychiatrist',
      staffAt,
    );
    const nurse = demoUser(`nurse@${clinic.domain}`, staff.nurse, 'nurse', staffAt);
    const manager = demoUser(`manager@${clinic.domain}`, staff.manager, 'manager', staffAt);
    for (const user of [psychiatrist, nurse, manager]) {
      ctx.rows.users.push(user);
      ctx.rows.userClinics.push({ userId: user.id, clinicId });
    }
    const protocols = clinicProtocols(
      ctx,
      { index, id: clinicId, name: clinic.name, psychiatristId: psychiatrist.id },
      new Date(staffAt.getTime() + HOUR_MS),
    );
    const clinicCtx: ClinicCtx = {
      index,
      id: clinicId,
      name: clinic.name,
      nurseName: staff.nurse,
      protocols,
      clock: new LocalClock(clinic.timezone, ctx.now),
      psychiatristId: psychiatrist.id,
      nurseId: nurse.id,
      lots: {
        iv: [`KT${index + 4}1207`, `KT${index + 4}2310`],
        im: [`KT${index + 4}1207`],
        esketamine: [`SP${index + 2}A4471`, `SP${index + 2}B0952`],
      },
    };
    for (const plan of planClinic(ctx, clinicCtx)) buildPatient(ctx, plan);
    if (index === 0) firstClinic = clinicCtx;
    clinicCtxs.push(clinicCtx);
  });
  // Last, so that they change no other record: today's orders not started yet (v2), then the
  // REMS forms submitted (v2).
  if (firstClinic) addTodaysOrders(ctx, firstClinic);
  for (const clinic of clinicCtxs) addRemsForms(ctx, clinic);
  return ctx.rows;
}

function buildPatient(ctx: DemoContext, plan: PatientPlan): void {
  const rng = ctx.rng;
  const gaps = courseGaps(plan, rng);
  plan.sessionCount = gaps.length + 1;
  const doses = courseDoses(plan, rng);
  const starts = placeSessions(plan, gaps, ctx.nowMs, rng);
  const drafts = starts.map((start, i) =>
    buildSession(ctx, plan, i, start, doses[i], i === starts.length - 1),
  );

  // Baseline PHQ-9 (two-week recall) 1-14 days before the first session; the patient record is
  // created at intake, shortly before it.
  const baselineAt = starts[0] - rng.int(1, 14) * DAY_MS - minutes(rng.int(0, 300));
  const createdAt = new Date(baselineAt - minutes(rng.int(20, 120)));
  const patient = ctx.rows.patients.find((p) => p.id === plan.id);
  if (!patient) throw new Error('patient row missing');
  patient.createdAt = createdAt;
  patient.updatedAt = createdAt;
  ctx.rows.audit.push({
    id: ctx.ids.uuid(),
    at: createdAt,
    actorId: null,
    actorRole: null,
    action: 'create',
    resourceType: 'patient',
    resourceId: plan.id,
    patientId: plan.id,
    clinicId: plan.clinic.id,
    ip: null,
    outcome: 'success',
  });

  for (const draft of drafts) {
    ctx.rows.sessions.push(draft.row);
    ctx.rows.observations.push(...draft.observations);
    sideEffects(ctx, plan, draft);
  }
  const split = plan.reinductionAfter;
  if (split === null) {
    phq9Course(ctx, plan, drafts, baselineAt);
    addCourse(ctx, plan, drafts, baselineAt, 'initial', null);
  } else {
    // A re-induction (CLINICAL.md s8): the first course ended months ago; the relapse brings a
    // new course with its own baseline (two-week recall, 2-6 days before its first session), its
    // own PHQ-9s (improving, no response yet) and its own session numbers.
    const first = drafts.slice(0, split);
    const second = drafts.slice(split);
    const baseline2At = starts[split] - rng.int(2, 6) * DAY_MS - minutes(rng.int(0, 120));
    phq9Course(ctx, plan, first, baselineAt);
    // tolerance.diminishing_response reads the patient's last sessions whatever their course:
    // the re-induction's PHQ-9s are redrawn until the two courses together do not show it.
    const before = ctx.rows.phq9.length;
    for (let attempt = 0; attempt < 30; attempt++) {
      ctx.rows.phq9.length = before;
      phq9Course(ctx, { ...plan, response: 'partial' }, second, baseline2At);
      const phq9 = ctx.rows.phq9.filter((a) => a.patientId === plan.id);
      if (
        !diminishingResponse(
          computeResponse(
            drafts.map((d) => d.row),
            phq9,
          ),
        )
      )
        break;
    }
    addCourse(ctx, plan, first, baselineAt, 'initial', baseline2At - DAY_MS);
    // Screening and course first, then the baseline: it is the re-induction's, not the last
    // PHQ-9 of the first course.
    addCourse(ctx, plan, second, baseline2At - minutes(60), 'reinduction', null);
  }
  // The named scenario's records after the course: risk events, screeners, safety plans.
  definitionOf(plan.scenario)?.afterCourse?.(ctx, plan, drafts, createdAt);
}
