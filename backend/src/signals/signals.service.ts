import { Injectable, Logger } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import {
  evaluateRules,
  type FlagCandidate,
  ITEM9_SCREENER_RULE,
  mayResolveFlag,
  reconcileFlags,
  RULE_IDS,
  type RuleId,
} from '@clinic/shared';
import {
  type EvaluationOptions,
  type PatientRecordsChanged,
  TIME_BASED_RULES,
} from '../common/records/patient-records-changed';
import { AuditService } from '../common/audit/audit.service';
import { newId } from '../common/ids';
import { Db } from '../common/transactions/db.service';
import { BoardEvents } from '../realtime/board-events.service';
import { Clinic } from '../clinics/clinic.entity';
import { Flag } from '../flags/flag.entity';
import { FlagTransitions } from '../flags/flag-transitions';
import { Patient } from '../patients/patient.entity';
import { DosingSession } from '../sessions/dosing-session.entity';
import { loadPatientRecords } from './patient-records';
import { SchedulerRuns, SIGNALS_JOB } from './scheduler-runs';
import { screenedSince } from '../flags/item9-gate';
import { ThresholdsService } from '../thresholds/thresholds.service';

const DAY_MS = 86_400_000;
/** How often the time-based rules run; a read older than this re-runs them first. */
export const TICK_MS = 60_000;

/**
 * Runs the rules of CLINICAL.md section 4 for one patient inside the caller's transaction and
 * reconciles the result with the stored flags: at most one active (open or acknowledged) flag per
 * rule and subject, updated in place on re-evaluation; triggers already covered by a resolved flag
 * never raise it again; monitoring.overdue resolves itself when the observation is recorded.
 */
@Injectable()
export class SignalsService implements PatientRecordsChanged {
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
    private readonly transitions: FlagTransitions,
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
    // After a mark: the rules as they held just before it, so that a flag the mark takes the
    // evidence of is known even when the record is not among its triggers (issue 19).
    const before =
      options.enteredInError === undefined
        ? undefined
        : evaluateRules(
            await loadPatientRecords(em, patientId, timeZone, options.enteredInError.ids),
            t,
            now,
            options.only,
          );
    const rulesInScope = new Set<RuleId>(options.only ?? RULE_IDS);
    const flags = await em.find(Flag, { where: { patientId, rule: In([...rulesInScope]) } });
    return this.reconcile(em, patient, { candidates, before }, flags, rulesInScope, options, now);
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
    { candidates, before }: { candidates: FlagCandidate[]; before?: FlagCandidate[] },
    existing: Flag[],
    rulesInScope: Set<RuleId>,
    options: EvaluationOptions,
    now: Date,
  ): Promise<Flag[]> {
    const { actor } = options;
    const marked = options.enteredInError;
    const screened = marked && actor ? await this.screenedItem9(em, existing) : new Set<string>();
    const actions = reconcileFlags({
      patientId: patient.id,
      existing: existing.map((f) => ({
        ...f,
        newEvidenceSince: f.newEvidenceSince?.toISOString() ?? null,
      })),
      candidates,
      rulesInScope,
      withdrawn: marked?.ids,
      candidatesBefore: before,
      // Entered in error never closes a flag its marker could not resolve directly (issue 19).
      mayResolve:
        actor === null ? undefined : (f) => mayResolveFlag(actor.role, f.rule, screened.has(f.id)),
      now,
    });
    if (actions.length === 0) return [];
    const byId = new Map(existing.map((f) => [f.id, f]));
    const created: Flag[] = [];
    const publish = (flag: Pick<Flag, 'sessionId'>): void =>
      this.events.publish({
        type: 'flag',
        clinicId: patient.clinicId,
        sessionId: flag.sessionId,
        patientId: patient.id,
      });

    for (const action of actions) {
      if (action.kind === 'create') {
        const c = action.candidate;
        const flag: Flag = {
          id: newId(),
          clinicId: patient.clinicId,
          patientId: patient.id,
          sessionId: c.sessionId,
          subjectKey: action.subjectKey,
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
          newEvidenceSince: null,
          newEvidenceCount: 0,
          evidenceWithdrawn: false,
          history: [{ status: 'open', at: now.toISOString(), by: null, byName: null, note: null }],
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
        publish(flag);
        continue;
      }
      const flag = byId.get(action.flagId);
      if (flag === undefined) continue;
      if (action.kind === 'withdraw_evidence') {
        // Status unchanged: the flag waits for someone who may resolve it (issue 19).
        const note =
          `Evidence withdrawn: ${marked?.what ?? 'the record'} that raised it was entered in error` +
          `${marked ? ` (${marked.reason})` : ''}; ${
            flag.rule === ITEM9_SCREENER_RULE
              ? "it stays open until resolved after a C-SSRS screener, or by a psychiatrist's review"
              : 'a psychiatrist must review and resolve it'
          }`;
        await this.transitions.apply(em, flag, {
          step: 'evidence_withdrawn',
          actor,
          takenBy: 'actor',
          at: now,
          note,
          changes: { evidenceWithdrawn: true, triggers: action.triggers },
          audit: 'update',
          ifUnchanged: false,
        });
        continue;
      }
      if (action.kind === 'update') {
        const escalated = action.escalation !== 'none';
        // A flag whose evidence had been withdrawn is live again: a new record raises it.
        const revived = flag.evidenceWithdrawn && !action.evidenceWithdrawn;
        const content = {
          ...action.content,
          newEvidenceSince:
            action.newEvidenceSince === null ? null : new Date(action.newEvidenceSince),
          newEvidenceCount: action.newEvidenceCount,
          evidenceWithdrawn: action.evidenceWithdrawn,
        };
        if (action.escalation === 'reopen') {
          // Open again, like a new flag: the acknowledgement stays in the history, followed by a
          // `reopened` step in the name of whoever's record reopened it (audited, board event).
          await this.transitions.apply(em, flag, {
            step: 'reopened',
            actor,
            takenBy: 'actor',
            at: now,
            note: `New evidence after the acknowledgement: ${action.content.message}`,
            changes: {
              ...content,
              status: 'open',
              acknowledgedAt: null,
              acknowledgedBy: null,
              acknowledgeNote: null,
            },
            audit: 'update',
            ifUnchanged: false,
          });
          continue;
        }
        // New content without a change of status (no history step): new evidence on a warning
        // flag, a revived withdrawn flag, or the message and evidence brought up to date.
        await em.update(
          Flag,
          { id: flag.id },
          { ...content, updatedAt: now, version: flag.version + 1 },
        );
        if (revived) {
          await this.audit.record(em, actor, {
            action: 'update',
            resourceType: 'flag',
            resourceId: flag.id,
            patientId: patient.id,
            clinicId: patient.clinicId,
          });
        }
        // The board and the inbox learn of new evidence at once.
        if (escalated || revived) publish({ sessionId: action.content.sessionId });
        continue;
      }
      const amended = action.why === 'entered_in_error';
      const note = amended
        ? marked
          ? `Resolved: ${marked.what} that raised it was entered in error (${marked.reason})`
          : 'Entered in error'
        : 'Resolved automatically: the condition no longer holds';
      // Resolved by the system (null), or in the name of who entered the record in error.
      await this.transitions.apply(em, flag, {
        step: 'resolved',
        actor,
        takenBy: amended ? 'actor' : 'system',
        at: now,
        note,
        changes: {
          status: 'resolved',
          resolvedAt: now,
          resolvedBy: amended ? (actor?.userId ?? null) : null,
          note,
        },
        audit: 'resolve',
        ifUnchanged: false,
      });
    }
    return created;
  }

  /**
   * The active item-9 flags among these that a C-SSRS screener followed (ids): those a nurse may
   * resolve, and so those a nurse's entered-in-error mark may close.
   */
  private async screenedItem9(em: EntityManager, flags: Flag[]): Promise<Set<string>> {
    const screened = new Set<string>();
    for (const flag of flags) {
      if (flag.rule !== ITEM9_SCREENER_RULE || flag.status === 'resolved') continue;
      if (await screenedSince(em, flag)) screened.add(flag.id);
    }
    return screened;
  }
}
