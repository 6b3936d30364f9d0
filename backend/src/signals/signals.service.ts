import { Injectable, Logger } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { evaluateRules, type FlagCandidate, RULE_IDS, type RuleId, RULES } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { AuditService } from '../common/audit/audit.service';
import { newId } from '../common/ids';
import { Db } from '../database/db.service';
import { BoardEvents } from '../board/board-events.service';
import { Clinic } from '../clinics/clinic.entity';
import { Flag } from '../flags/flag.entity';
import { Patient } from '../patients/patient.entity';
import { DosingSession } from '../sessions/dosing-session.entity';
import { loadPatientRecords } from './patient-records';
import { SchedulerRuns, SIGNALS_JOB } from './scheduler-runs';
import { ThresholdsService } from './thresholds.service';

export const TIME_BASED_RULES: readonly RuleId[] = RULE_IDS.filter((id) => RULES[id].timeBased);
const DAY_MS = 86_400_000;
/** How often the time-based rules run; a read older than this re-runs them first. */
export const TICK_MS = 60_000;

export interface EvaluationOptions {
  /** Who caused the evaluation (null: the scheduler). New flags are audited in their name. */
  actor: Actor | null;
  now?: Date;
  only?: readonly RuleId[];
  /**
   * The evaluation follows records being marked entered in error (`ids`: the record, and for a
   * session its observations and side effects): an active flag that no longer holds and was raised
   * by one of them (or concerns that session) is resolved in the actor's name with `note`.
   */
  enteredInError?: { ids: ReadonlySet<string>; note: string };
}

/** Whether a trigger is one of these records (follow-up triggers read `24h:<sessionId>`). */
function triggerIn(trigger: string, ids: ReadonlySet<string>): boolean {
  return ids.has(trigger) || ids.has(trigger.slice(trigger.lastIndexOf(':') + 1));
}

/** Whether a flag was raised by, or concerns, one of these records. */
function raisedBy(flag: Flag, ids: ReadonlySet<string>): boolean {
  return ids.has(flag.subjectKey) || flag.triggers.some((t) => triggerIn(t, ids));
}

/**
 * Runs the rules of CLINICAL.md section 4 for one patient inside the caller's transaction and
 * reconciles the result with the stored flags: at most one active (open or acknowledged) flag per
 * rule and subject, updated in place on re-evaluation; triggers already covered by a resolved flag
 * never raise it again; monitoring.overdue resolves itself when the observation is recorded.
 */
@Injectable()
export class SignalsService {
  private readonly logger = new Logger('Signals');
  /** Last time-based evaluation per clinic (this instance). */
  private readonly lastTick = new Map<string, number>();
  /** Newest scheduled run of the time-based rules by any instance, as last read (epoch ms). */
  private lastScheduledRun = 0;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly thresholds: ThresholdsService,
    private readonly events: BoardEvents,
    private readonly runs: SchedulerRuns,
  ) {}

  async evaluatePatient(
    em: EntityManager,
    patientId: string,
    options: EvaluationOptions,
  ): Promise<Flag[]> {
    const now = options.now ?? new Date();
    // Serialise evaluations of one patient (PostgreSQL; SQLite runs one unit of work at a time).
    // FOR NO KEY UPDATE, not FOR UPDATE: the unit of work has usually inserted a row referencing
    // the patient already (its foreign key holds KEY SHARE on the patient), and two such units of
    // one patient each upgrading to FOR UPDATE deadlock (40P01, found by the write-load bench).
    const patient =
      this.db.kind === 'postgres'
        ? await em.findOne(Patient, {
            where: { id: patientId },
            lock: { mode: 'for_no_key_update' },
            select: { id: true, clinicId: true },
          })
        : await em.findOne(Patient, {
            where: { id: patientId },
            select: { id: true, clinicId: true },
          });
    if (!patient) return [];
    const { thresholds: t, timeZone } = await this.thresholds.rulesSettings(em, patient.clinicId);
    const records = await loadPatientRecords(em, patientId, timeZone);
    const candidates = evaluateRules(records, t, now, options.only);
    const rulesInScope = new Set<RuleId>(options.only ?? RULE_IDS);
    const flags = await em.find(Flag, { where: { patientId, rule: In([...rulesInScope]) } });
    return this.reconcile(em, patient, candidates, flags, rulesInScope, options, now);
  }

  /**
   * The time-based rules (monitoring.overdue, dissociation.unresolved, followup.missed) for the
   * patients they can concern: sessions in progress, and sessions whose follow-up windows closed
   * within the look-back period.
   */
  async evaluateTimeBased(
    em: EntityManager,
    clinicIds: string[],
    now = new Date(),
  ): Promise<number> {
    let raised = 0;
    for (const clinicId of clinicIds) {
      const t = await this.thresholds.forClinic(em, clinicId);
      // A follow-up window closes window72h.max hours after the dose; it can raise a flag for lookbackDays after that.
      const since = new Date(
        now.getTime() - t.followup.lookbackDays * DAY_MS - t.response.window72h.max * 3_600_000,
      );
      const rows = await em
        .createQueryBuilder(DosingSession, 's')
        .select('DISTINCT s.patient_id', 'patientId')
        .where('s.clinic_id = :clinicId', { clinicId })
        .andWhere('(s.status = :inProgress OR s.started_at >= :since)', {
          inProgress: 'in_progress',
          since,
        })
        .getRawMany<{ patientId: string }>();
      for (const row of rows) {
        raised += (
          await this.evaluatePatient(em, row.patientId, {
            actor: null,
            now,
            only: TIME_BASED_RULES,
          })
        ).length;
      }
      this.lastTick.set(clinicId, now.getTime());
    }
    return raised;
  }

  /**
   * Before a read of flags: re-run the time-based rules for these clinics if the last run is older
   * than a tick. The last run is this instance's own for the clinic, or the newest scheduled run of
   * any instance (scheduler_runs, one indexed row, read only when the cached one is too old).
   */
  async ensureFresh(em: EntityManager, clinicIds: string[], now = new Date()): Promise<void> {
    const since = now.getTime() - TICK_MS;
    const stale = clinicIds.filter((id) => (this.lastTick.get(id) ?? 0) < since);
    if (stale.length === 0 || this.lastScheduledRun >= since) return;
    const scheduled = await this.runs.lastFinished(em, SIGNALS_JOB);
    this.lastScheduledRun = Math.max(this.lastScheduledRun, scheduled?.getTime() ?? 0);
    if (this.lastScheduledRun >= since) return;
    await this.evaluateTimeBased(em, stale, now);
  }

  /** Every rule for every patient, one transaction per patient (after seeding the demo data). */
  async evaluateAllPatients(now = new Date()): Promise<number> {
    const patients = await this.db.read((em) =>
      em.find(Patient, { select: { id: true }, order: { id: 'ASC' } }),
    );
    let raised = 0;
    for (const patient of patients) {
      raised += (
        await this.db.transaction((em) =>
          this.evaluatePatient(em, patient.id, { actor: null, now }),
        )
      ).length;
    }
    return raised;
  }

  /** The scheduler's tick: every clinic, one transaction per clinic. */
  async tick(now = new Date()): Promise<number> {
    const clinics = await this.db.read((em) => em.find(Clinic, { select: { id: true } }));
    let raised = 0;
    for (const clinic of clinics) {
      raised += await this.db.transaction((em) => this.evaluateTimeBased(em, [clinic.id], now));
    }
    if (raised > 0) this.logger.log(`time-based rules raised ${raised} flag(s)`);
    return raised;
  }

  private async reconcile(
    em: EntityManager,
    patient: Pick<Patient, 'id' | 'clinicId'>,
    candidates: FlagCandidate[],
    existing: Flag[],
    rulesInScope: Set<RuleId>,
    options: EvaluationOptions,
    now: Date,
  ): Promise<Flag[]> {
    const { actor } = options;
    const marked = options.enteredInError;
    const key = (rule: string, subject: string) => `${rule}|${subject}`;
    const active = new Map<string, Flag>();
    const covered = new Map<string, Set<string>>();
    for (const flag of existing) {
      const k = key(flag.rule, flag.subjectKey);
      if (flag.status === 'resolved') {
        const set = covered.get(k) ?? new Set<string>();
        for (const trigger of flag.triggers) set.add(trigger);
        covered.set(k, set);
      } else {
        active.set(k, flag);
      }
    }

    const created: Flag[] = [];
    const seen = new Set<string>();
    for (const c of candidates) {
      const subjectKey = c.subjectSessionId ?? patient.id;
      const k = key(c.rule, subjectKey);
      seen.add(k);
      const current = active.get(k);
      if (current) {
        // Records entered in error no longer count among the triggers of a flag others still raise.
        const kept = marked
          ? current.triggers.filter((t) => !triggerIn(t, marked.ids))
          : current.triggers;
        const triggers = [...new Set([...kept, ...c.triggers])].sort();
        const changed =
          current.message !== c.message ||
          JSON.stringify(current.evidence) !== JSON.stringify(c.evidence) ||
          JSON.stringify(current.threshold) !== JSON.stringify(c.threshold) ||
          JSON.stringify(current.triggers) !== JSON.stringify(triggers) ||
          current.sessionId !== c.sessionId;
        if (changed) {
          await em.update(
            Flag,
            { id: current.id },
            {
              message: c.message,
              evidence: c.evidence,
              threshold: c.threshold,
              triggers,
              sessionId: c.sessionId,
              updatedAt: now,
              version: current.version + 1,
            },
          );
        }
        continue;
      }
      const already = covered.get(k);
      if (already && c.triggers.every((trigger) => already.has(trigger))) continue;
      const flag: Flag = {
        id: newId(),
        clinicId: patient.clinicId,
        patientId: patient.id,
        sessionId: c.sessionId,
        subjectKey,
        triggers: [...c.triggers].sort(),
        rule: c.rule,
        category: c.category,
        severity: c.severity,
        status: 'open',
        message: c.message,
        evidence: c.evidence,
        threshold: c.threshold,
        createdAt: now,
        updatedAt: now,
        acknowledgedAt: null,
        acknowledgedBy: null,
        acknowledgeNote: null,
        resolvedAt: null,
        resolvedBy: null,
        note: null,
        version: 1,
      };
      await em.insert(Flag, flag);
      await this.audit.record(em, actor, {
        action: 'create',
        resourceType: 'flag',
        resourceId: flag.id,
        patientId: patient.id,
        clinicId: patient.clinicId,
      });
      created.push(flag);
      this.events.publish({
        type: 'flag',
        clinicId: patient.clinicId,
        sessionId: flag.sessionId,
        patientId: patient.id,
      });
    }

    // Operational flags clear themselves once their condition no longer holds (the history stays);
    // any flag clears when the records that raised it were entered in error.
    for (const [k, flag] of active) {
      const rule = RULES[flag.rule as RuleId];
      if (seen.has(k) || !rule || !rulesInScope.has(rule.id)) continue;
      const amended = marked !== undefined && raisedBy(flag, marked.ids);
      if (!amended && !rule.autoResolve) continue;
      await em.update(
        Flag,
        { id: flag.id },
        {
          status: 'resolved',
          resolvedAt: now,
          resolvedBy: amended ? (actor?.userId ?? null) : null,
          note: amended ? marked.note : 'Resolved automatically: the condition no longer holds',
          updatedAt: now,
          version: flag.version + 1,
        },
      );
      await this.audit.record(em, actor, {
        action: 'resolve',
        resourceType: 'flag',
        resourceId: flag.id,
        patientId: patient.id,
        clinicId: patient.clinicId,
      });
      this.events.publish({
        type: 'flag',
        clinicId: patient.clinicId,
        sessionId: flag.sessionId,
        patientId: patient.id,
      });
    }
    return created;
  }
}
