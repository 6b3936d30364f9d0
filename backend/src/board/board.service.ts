import { Inject, Injectable } from '@nestjs/common';
import { type EntityManager, In, IsNull } from 'typeorm';
import {
  type BoardDto,
  type BoardExpectedDto,
  type BoardItemDto,
  type BoardLatestDto,
  type BoardVitalDto,
  type ClinicThresholds,
  contactChannels,
  type FlagListItemDto,
  dischargeReadiness,
  FLAG_SEVERITIES,
  minutesSinceDose,
  isFullObservationSet,
  nextObservationDue,
  preDoseReading,
  VITAL_KEYS,
  type VitalKey,
  vitalMark,
} from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { clinicsForList } from '../common/auth/scope';
import type { AuditEvent } from '../common/audit/audit.service';
import { ScopedReads } from '../common/audit/scoped-read';
import { Db } from '../common/transactions/db.service';
import { Flag } from '../flags/flag.entity';
import { toFlagDto } from '../flags/flag.mapper';
import { nameFlagActors } from '../users/marks';
import { FlagsService } from '../flags/flags.service';
import { FollowUpsService } from '../followups/follow-ups.service';
import { Patient } from '../patients/patient.entity';
import { expectedToday } from './board-expected';
import { DosingSession } from '../sessions/dosing-session.entity';
import { Observation } from '../sessions/observation.entity';
import { SESSION_COURSES, type SessionCourses } from '../sessions/session-hooks';
import { SignalsService } from '../signals/signals.service';
import { ThresholdsService } from '../thresholds/thresholds.service';

const SEVERITY_ORDER = [...FLAG_SEVERITIES].reverse(); // critical, warning, info
/** The board lists at most this many flags of patients at home (the inbox has them all). */
const ATTENTION_LIMIT = 20;

function latestOf(observations: Observation[]): BoardLatestDto {
  const latest = <K extends keyof Observation>(key: K): Observation[K] | null => {
    for (let i = observations.length - 1; i >= 0; i--) {
      const value = observations[i]?.[key];
      if (value !== null && value !== undefined) return value;
    }
    return null;
  };
  const last = observations[observations.length - 1];
  const bp = [...observations].reverse().find((o) => o.systolic !== null && o.diastolic !== null);
  return {
    systolic: bp?.systolic ?? null,
    diastolic: bp?.diastolic ?? null,
    heartRate: latest('heartRate'),
    spo2: latest('spo2'),
    respiratoryRate: latest('respiratoryRate'),
    moaas: latest('moaas'),
    cadss6Total: latest('cadss6Total'),
    recordedAt: last ? last.recordedAt.toISOString() : null,
    minutesSinceDose: last ? last.minutesSinceDose : null,
  };
}

const VALUES_OF: Record<VitalKey, (o: Observation) => number[] | null> = {
  bp: (o) => (o.systolic !== null && o.diastolic !== null ? [o.systolic, o.diastolic] : null),
  heartRate: (o) => (o.heartRate === null ? null : [o.heartRate]),
  spo2: (o) => (o.spo2 === null ? null : [o.spo2]),
  respiratoryRate: (o) => (o.respiratoryRate === null ? null : [o.respiratoryRate]),
  moaas: (o) => (o.moaas === null ? null : [o.moaas]),
  cadss6Total: (o) => (o.cadss6Total === null ? null : [o.cadss6Total]),
};

/**
 * The six tiles: each from the latest reading that has that measurement, with that reading's own
 * time (an HR-only entry at 13 min leaves BP at its own 0 min, or pre-dose), marked against the
 * thresholds. The session's readings in recording order, pre-dose ones included.
 */
function vitalsOf(all: Observation[], startedAt: Date, t: ClinicThresholds): BoardVitalDto[] {
  const preDose = preDoseReading(all, startedAt);
  const preDoseBp =
    preDose && preDose.systolic !== null && preDose.diastolic !== null
      ? { systolic: preDose.systolic, diastolic: preDose.diastolic }
      : null;
  return VITAL_KEYS.map((key) => {
    const reading = [...all].reverse().find((o) => VALUES_OF[key](o) !== null);
    const values = reading ? (VALUES_OF[key](reading) ?? []) : [];
    const isPreDose = reading !== undefined && reading.recordedAt <= startedAt;
    const value = key === 'bp' ? ([values[0], values[1]] as [number, number]) : values[0];
    return {
      key,
      values,
      observationId: reading?.id ?? null,
      recordedAt: reading ? reading.recordedAt.toISOString() : null,
      minutesSinceDose: reading ? reading.minutesSinceDose : null,
      mark:
        reading === undefined || value === undefined
          ? null
          : vitalMark(key, value, t, {
              preDose: isPreDose,
              preDoseBp: isPreDose ? null : preDoseBp,
              cadss6: reading.cadss6,
            }),
    };
  });
}

/** The nurses' live board: every in-progress session of the user's clinics, in four queries. */
@Injectable()
export class BoardService {
  constructor(
    private readonly db: Db,
    private readonly scoped: ScopedReads,
    private readonly signals: SignalsService,
    private readonly thresholds: ThresholdsService,
    private readonly flags: FlagsService,
    private readonly followUps: FollowUpsService,
    @Inject(SESSION_COURSES) private readonly courses: SessionCourses,
  ) {}

  /** The clinics a stream may carry (checked, and audited when refused, like any scoped read). */
  streamScope(actor: Actor, clinicId: string | undefined): Promise<string[]> {
    return this.db.transaction(() => Promise.resolve(clinicsForList(actor, clinicId)));
  }

  async board(actor: Actor, clinicId: string | undefined): Promise<BoardDto> {
    const now = new Date();
    return this.scoped.list(actor, {
      clinicId,
      empty: () => ({ items: [], expected: [], attention: [], at: now.toISOString() }),
      load: async (em, clinicIds) => {
        await this.signals.ensureFresh(em, clinicIds, now);
        const expected = await expectedToday(em, clinicIds, now, (session, at) =>
          this.courses.preDoseChecks(em, session, at),
        );

        const sessions = await em.find(DosingSession, {
          // A session entered in error is not on the board (it is not a dose the patient had).
          where: { clinicId: In(clinicIds), status: 'in_progress', enteredInErrorAt: IsNull() },
          order: { startedAt: 'ASC' },
        });
        const attention = await this.attention(em, clinicIds, sessions, now);
        if (sessions.length === 0) {
          return {
            result: { items: [], expected, attention, at: now.toISOString() },
            audit: boardReads([], expected, attention),
          };
        }
        const followUps = await this.followUps.ensureForSessions(em, sessions);
        const secret = await this.followUps.linkSecret(em);
        const patientIds = [...new Set(sessions.map((s) => s.patientId))];
        const patients = new Map(
          (
            await em.find(Patient, {
              where: { id: In(patientIds) },
              select: {
                id: true,
                givenName: true,
                familyName: true,
                mrn: true,
                email: true,
                phone: true,
              },
            })
          ).map((p) => [p.id, p]),
        );
        const observations = await em.find(Observation, {
          where: { sessionId: In(sessions.map((s) => s.id)), enteredInErrorAt: IsNull() },
          order: { recordedAt: 'ASC' },
        });
        const flags = await em.find(Flag, {
          where: { patientId: In(patientIds), status: In(['open', 'acknowledged']) },
          order: { createdAt: 'DESC' },
        });
        // Resolved critical flags of the sessions on the board: each breaks the stretch of readiness
        // until its resolution (readyAt, CLINICAL.md s3 v2).
        const resolvedCritical = await em.find(Flag, {
          where: {
            sessionId: In(sessions.map((s) => s.id)),
            severity: 'critical',
            status: 'resolved',
          },
          select: { id: true, sessionId: true, resolvedAt: true },
        });
        const named = new Map(
          (await nameFlagActors(em, flags.map(toFlagDto))).map((f) => [f.id, f]),
        );
        const thresholdsByClinic = new Map<string, ClinicThresholds>();
        for (const id of new Set(sessions.map((s) => s.clinicId)))
          thresholdsByClinic.set(id, await this.thresholds.forClinic(em, id));

        const items: BoardItemDto[] = sessions.map((s) => {
          const t = thresholdsByClinic.get(s.clinicId) as ClinicThresholds;
          const own = observations.filter((o) => o.sessionId === s.id);
          // The session's own flags, and the patient's patient-level flags (e.g. item 9 positive).
          const openFlags = flags
            .filter(
              (f) =>
                f.sessionId === s.id ||
                (f.patientId === s.patientId && f.subjectKey === s.patientId),
            )
            .sort(
              (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
            );
          const due = nextObservationDue(
            { ...s, dischargeOverrideReason: s.dischargeOverrideReason },
            own.map((o) => ({ ...o, cadss6: o.cadss6 })),
            t,
            now,
          );
          const readiness = dischargeReadiness({
            session: {
              drug: s.drug,
              route: s.route,
              startedAt: s.startedAt,
              infusionMinutes: s.infusionMinutes,
            },
            observations: own,
            openCriticalFlags: openFlags.filter(
              (f) => f.severity === 'critical' && f.sessionId === s.id,
            ).length,
            criticalFlagsResolvedAt: resolvedCritical.flatMap((f) =>
              f.sessionId === s.id && f.resolvedAt !== null ? [f.resolvedAt] : [],
            ),
            now,
            thresholds: t,
          });
          const patient = patients.get(s.patientId);
          // Since the dose; the pre-dose reading only while nothing was measured after it.
          const afterDose = own.filter((o) => o.recordedAt >= s.startedAt);
          const shown = afterDose.length > 0 ? afterDose : own;
          const lastFull = [...own].reverse().find((o) => isFullObservationSet(o));
          return {
            sessionId: s.id,
            patientId: s.patientId,
            clinicId: s.clinicId,
            patientName: patient ? `${patient.givenName} ${patient.familyName}` : '',
            mrn: patient?.mrn ?? '',
            sessionNumber: s.sessionNumber,
            drug: s.drug,
            route: s.route,
            doseMg: s.doseMg,
            startedAt: s.startedAt.toISOString(),
            minutesSinceDose: minutesSinceDose(s.startedAt, now),
            nextObservationDueAt: due?.dueAt ?? null,
            nextObservationSlotMinutes: due?.slotMinutes ?? null,
            overdue: due?.overdue ?? false,
            latest: latestOf(shown),
            vitals: vitalsOf(own, s.startedAt, t),
            lastFullSet: lastFull
              ? {
                  observationId: lastFull.id,
                  recordedAt: lastFull.recordedAt.toISOString(),
                  minutesSinceDose: lastFull.minutesSinceDose,
                }
              : null,
            openFlags: openFlags.map((f) => named.get(f.id) ?? toFlagDto(f)),
            readiness: {
              ready: readiness.ready,
              reasons: readiness.reasons,
              readyAt: readiness.readyAt,
              monitoringEndsAt: readiness.monitoringEndsAt,
            },
            followUps: (followUps.get(s.id) ?? []).map((r) =>
              this.followUps.toDto(r, secret, now, patient ? contactChannels(patient) : []),
            ),
          };
        });
        return {
          result: { items, expected, attention, at: now.toISOString() },
          audit: boardReads(items, expected, attention),
        };
      },
    });
  }

  /** Open critical flags of patients of these clinics who are not on site, newest first. */
  private async attention(
    em: EntityManager,
    clinicIds: string[],
    onSite: DosingSession[],
    now: Date,
  ): Promise<FlagListItemDto[]> {
    const here = new Set(onSite.map((s) => s.patientId));
    const flags = await em.find(Flag, {
      where: { clinicId: In(clinicIds), status: 'open', severity: 'critical' },
      order: { createdAt: 'DESC' },
      take: ATTENTION_LIMIT,
    });
    return this.flags.listItems(
      em,
      flags.filter((f) => !here.has(f.patientId)),
      now,
    );
  }
}

/** The board's read audit: each session on it, and each patient of the attention list. */
function boardReads(
  items: BoardItemDto[],
  expected: BoardExpectedDto[],
  attention: FlagListItemDto[],
): AuditEvent[] {
  return [
    ...[...items, ...expected].map((i) => ({
      action: 'read' as const,
      resourceType: 'board',
      resourceId: i.sessionId,
      patientId: i.patientId,
      clinicId: i.clinicId,
    })),
    ...[...new Map(attention.map((f) => [f.patientId, f.clinicId]))].map(
      ([patientId, clinicId]) => ({
        action: 'read' as const,
        resourceType: 'flag',
        patientId,
        clinicId,
      }),
    ),
  ];
}
