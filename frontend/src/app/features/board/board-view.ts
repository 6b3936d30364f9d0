/**
 * What a board card shows, shaped from the server's BoardItemDto and the ticking clock. Pure
 * display arithmetic (countdowns, ordering); every clinical judgement (overdue, flags, readiness)
 * comes from the server.
 */
import {
  type BoardDto,
  type BoardItemDto,
  type BoardVitalDto,
  type FlagDto,
  type FlagSeverity,
  MINUTE_MS,
  minutesSinceDose,
  toMs,
} from '@clinic/shared';

import { followUpLine } from '../../ui/follow-ups';

import { flagTitle, medicationLabel } from '../../ui/labels';

/** The next scheduled observation, as of `now`. */
export type DueView =
  | { kind: 'done' }
  | { kind: 'upcoming'; slotMinutes: number | null; dueAt: string; inMinutes: number }
  /** Past its time, not yet overdue by the clinic's rule. */
  | { kind: 'due'; slotMinutes: number | null; dueAt: string; minutesLate: number }
  /** Overdue by the clinic's rule (the server says so). */
  | { kind: 'overdue'; slotMinutes: number | null; dueAt: string; minutesLate: number };

export interface ReadingView {
  key: 'bp' | 'heartRate' | 'spo2' | 'respiratoryRate' | 'moaas' | 'cadss6Total';
  label: string;
  /** null when never measured in this session. */
  value: string | null;
  unit: string;
  /** This value's own time: "at 13 min", "pre-dose" (null when never measured). */
  at: string | null;
  /** Taken before the session's latest reading: another measurement is newer than this one. */
  older: boolean;
  /** Outside the thresholds in force (the server marks it): colour plus these words. */
  mark: { level: 'critical' | 'warning'; text: string } | null;
}

/** An unresolved critical flag of the card, for the state that replaces "next check in N min". */
export interface CriticalState {
  title: string;
  message: string;
  /** "Open" or "Acknowledged by Nurse Ng at 14:05" (time formatted by the template). */
  status: 'open' | 'acknowledged';
  acknowledgedByName: string | null;
  acknowledgedAt: string | null;
}

export interface BoardCardView {
  sessionId: string;
  patientId: string;
  patientName: string;
  mrn: string;
  sessionNumber: number;
  medication: string;
  startedAt: string;
  /** Whole minutes since the dose start; negative before it. */
  minutesSinceDose: number;
  due: DueView;
  readings: ReadingView[];
  /** Minutes since dose of the latest observation (null: none yet). */
  latestAtMinutes: number | null;
  /** Minutes since dose of the latest full set (BP, HR, SpO2, MOAA/S): the last scheduled check. */
  lastFullSetAtMinutes: number | null;
  flags: FlagDto[];
  /** An open (or acknowledged) critical flag: the card stands out. */
  critical: boolean;
  /** The unresolved critical flags, open ones first: shown instead of any "next check" reassurance. */
  criticalStates: CriticalState[];
  ready: boolean;
  reasons: string[];
  /** The session's follow-up questionnaires in one line, e.g. "24 h scheduled · 72 h scheduled". */
  followUps: string | null;
}

const SEVERITY_ORDER: Record<FlagSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** Most severe first; within a severity, newest first. */
export function compareFlags(a: FlagDto, b: FlagDto): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || toMs(b.createdAt) - toMs(a.createdAt)
  );
}

export function sortFlags(flags: readonly FlagDto[]): FlagDto[] {
  return [...flags].sort(compareFlags);
}

/**
 * The server's clock now, from the client's: the board's `at` is the server time of the snapshot,
 * received at `receivedAtMs` on the client; the difference corrects a tablet clock that is off.
 */
export function serverNowMs(boardAt: string, receivedAtMs: number, clientNowMs: number): number {
  return clientNowMs + (toMs(boardAt) - receivedAtMs);
}

export function dueView(
  item: Pick<BoardItemDto, 'nextObservationDueAt' | 'nextObservationSlotMinutes' | 'overdue'>,
  nowMs: number,
): DueView {
  const dueAt = item.nextObservationDueAt;
  if (dueAt === null) {
    return { kind: 'done' };
  }
  const slotMinutes = item.nextObservationSlotMinutes;
  const untilMs = toMs(dueAt) - nowMs;
  const minutesLate = untilMs < 0 ? Math.floor(-untilMs / MINUTE_MS) : 0;
  if (item.overdue) {
    return { kind: 'overdue', slotMinutes, dueAt, minutesLate };
  }
  if (untilMs <= 0) {
    return { kind: 'due', slotMinutes, dueAt, minutesLate };
  }
  return { kind: 'upcoming', slotMinutes, dueAt, inMinutes: Math.ceil(untilMs / MINUTE_MS) };
}

const TILE_LABELS: Record<ReadingView['key'], { label: string; unit: string }> = {
  bp: { label: 'BP', unit: 'mmHg' },
  heartRate: { label: 'HR', unit: 'bpm' },
  spo2: { label: 'SpO₂', unit: '%' },
  respiratoryRate: { label: 'RR', unit: '/min' },
  moaas: { label: 'MOAA/S', unit: 'of 5' },
  cadss6Total: { label: 'CADSS-6', unit: 'of 24' },
};

/** "at 13 min", or "pre-dose" for a reading at or before the dose start (minute 0 or earlier). */
export function readingAt(minutesSinceDose: number, recordedAt: string, startedAt: string): string {
  return toMs(recordedAt) <= toMs(startedAt) ? 'pre-dose' : `at ${String(minutesSinceDose)} min`;
}

/**
 * One tile per measurement, each from the latest reading that has it and with that reading's own
 * time: an HR-only entry at 13 min leaves BP "at 0 min" (issue 20), never "last at 13 min".
 */
export function readings(vitals: readonly BoardVitalDto[], startedAt: string): ReadingView[] {
  const newest = Math.max(
    -Infinity,
    ...vitals.flatMap((v) => (v.recordedAt === null ? [] : [toMs(v.recordedAt)])),
  );
  return vitals.map((vital) => {
    const { label, unit } = TILE_LABELS[vital.key];
    const measured = vital.values.length > 0 && vital.recordedAt !== null;
    return {
      key: vital.key,
      label,
      unit,
      value: measured ? vital.values.map(String).join('/') : null,
      at:
        measured && vital.recordedAt !== null && vital.minutesSinceDose !== null
          ? readingAt(vital.minutesSinceDose, vital.recordedAt, startedAt)
          : null,
      older: measured && vital.recordedAt !== null && toMs(vital.recordedAt) < newest,
      mark: vital.mark === null ? null : { level: vital.mark.level, text: vital.mark.text },
    };
  });
}

/** Unresolved critical flags, open first (a reopened one is open again), newest first. */
export function criticalStates(flags: readonly FlagDto[]): CriticalState[] {
  return flags
    .filter((flag) => flag.severity === 'critical' && flag.status !== 'resolved')
    .sort(
      (a, b) =>
        (a.status === 'open' ? 0 : 1) - (b.status === 'open' ? 0 : 1) ||
        toMs(b.createdAt) - toMs(a.createdAt),
    )
    .map((flag) => ({
      title: flagTitle(flag),
      message: flag.message,
      status: flag.status === 'open' ? 'open' : 'acknowledged',
      acknowledgedByName: flag.acknowledgedByName,
      acknowledgedAt: flag.acknowledgedAt,
    }));
}

export function boardCard(item: BoardItemDto, nowMs: number): BoardCardView {
  return {
    sessionId: item.sessionId,
    patientId: item.patientId,
    patientName: item.patientName,
    mrn: item.mrn,
    sessionNumber: item.sessionNumber,
    medication: medicationLabel(item),
    startedAt: item.startedAt,
    minutesSinceDose: minutesSinceDose(item.startedAt, new Date(nowMs)),
    due: dueView(item, nowMs),
    readings: readings(item.vitals, item.startedAt),
    latestAtMinutes: item.latest.minutesSinceDose,
    lastFullSetAtMinutes: item.lastFullSet?.minutesSinceDose ?? null,
    flags: sortFlags(item.openFlags),
    critical: item.openFlags.some((flag) => flag.severity === 'critical'),
    criticalStates: criticalStates(item.openFlags),
    ready: item.readiness.ready,
    reasons: item.readiness.reasons,
    followUps: followUpLine(item.followUps),
  };
}

/** The newest open critical flag of a board item (ms), or null. */
function openCriticalSince(item: BoardItemDto): number | null {
  const times = item.openFlags
    .filter((flag) => flag.severity === 'critical' && flag.status === 'open')
    .map((flag) => toMs(flag.createdAt));
  return times.length === 0 ? null : Math.max(...times);
}

/**
 * The board's cards: patients with an open critical flag first (the newest flag first, issue 20:
 * the card moves to the top), then in the order patients were dosed (stable while the board
 * updates live).
 */
export function boardCards(board: BoardDto, nowMs: number): BoardCardView[] {
  return [...board.items]
    .sort((a, b) => {
      const criticalA = openCriticalSince(a);
      const criticalB = openCriticalSince(b);
      if (criticalA !== null || criticalB !== null) {
        if (criticalA === null) return 1;
        if (criticalB === null) return -1;
        if (criticalA !== criticalB) return criticalB - criticalA;
      }
      return toMs(a.startedAt) - toMs(b.startedAt) || a.sessionId.localeCompare(b.sessionId);
    })
    .map((item) => boardCard(item, nowMs));
}

/**
 * True when a patient's minimum monitoring time ended between two ticks of the clock: readiness
 * may have changed without any event, so the board is fetched again.
 */
export function monitoringEndedBetween(
  board: BoardDto,
  previousMs: number,
  nowMs: number,
): boolean {
  return board.items.some((item) => {
    // Ready, or the end is unknown (IV ketamine without its infusion length): nothing to wait for.
    if (item.readiness.ready || item.readiness.monitoringEndsAt === null) {
      return false;
    }
    const endsMs = toMs(item.readiness.monitoringEndsAt);
    return endsMs > previousMs && endsMs <= nowMs;
  });
}

/** "65 min", "2 h 05 min". */
export function durationLabel(minutes: number): string {
  if (minutes < 120) {
    return `${String(minutes)} min`;
  }
  const hours = Math.floor(minutes / 60);
  return `${String(hours)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/**
 * Flags on `next` that were not on `previous` (by id), or that are open again after being
 * acknowledged (a critical flag reopened by new evidence, CLINICAL.md s4 v2), most severe first,
 * with their patient and session (null for patients at home). Nothing on the first load.
 */
export function newFlags(
  previous: BoardDto | null,
  next: BoardDto,
): { patientName: string; sessionId: string | null; flag: FlagDto }[] {
  if (previous === null) {
    return [];
  }
  const known = new Map<string, FlagDto['status']>([
    ...previous.items.flatMap((item) =>
      item.openFlags.map((flag): [string, FlagDto['status']] => [flag.id, flag.status]),
    ),
    ...previous.attention.map((flag): [string, FlagDto['status']] => [flag.id, flag.status]),
  ]);
  const isNew = (flag: FlagDto): boolean => {
    const before = known.get(flag.id);
    return before === undefined || (before !== 'open' && flag.status === 'open');
  };
  const added = [
    ...next.items.flatMap((item) =>
      item.openFlags.map((flag) => ({
        patientName: item.patientName,
        sessionId: item.sessionId,
        flag,
      })),
    ),
    ...next.attention.map((flag) => ({
      patientName: flag.patientName,
      sessionId: null as string | null,
      flag,
    })),
  ].filter(({ flag }) => isNew(flag));
  return added.sort((a, b) => compareFlags(a.flag, b.flag));
}
