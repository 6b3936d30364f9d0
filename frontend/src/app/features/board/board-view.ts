/**
 * What a board card shows, shaped from the server's BoardItemDto and the ticking clock. Pure
 * display arithmetic (countdowns, ordering); every clinical judgement (overdue, flags, readiness)
 * comes from the server.
 */
import {
  type BoardDto,
  type BoardItemDto,
  type BoardLatestDto,
  type FlagDto,
  type FlagSeverity,
  MINUTE_MS,
  minutesSinceDose,
  toMs,
} from '@clinic/shared';

import { followUpLine } from '../../ui/follow-ups';

import { medicationLabel } from '../../ui/labels';

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
  /** null when never measured since the dose. */
  value: string | null;
  unit: string;
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
  flags: FlagDto[];
  /** An open (or acknowledged) critical flag: the card stands out. */
  critical: boolean;
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

const show = (value: number | null): string | null => (value === null ? null : String(value));

export function readings(latest: BoardLatestDto): ReadingView[] {
  const bp =
    latest.systolic !== null && latest.diastolic !== null
      ? `${String(latest.systolic)}/${String(latest.diastolic)}`
      : null;
  return [
    { key: 'bp', label: 'BP', value: bp, unit: 'mmHg' },
    { key: 'heartRate', label: 'HR', value: show(latest.heartRate), unit: 'bpm' },
    { key: 'spo2', label: 'SpO₂', value: show(latest.spo2), unit: '%' },
    { key: 'respiratoryRate', label: 'RR', value: show(latest.respiratoryRate), unit: '/min' },
    { key: 'moaas', label: 'MOAA/S', value: show(latest.moaas), unit: 'of 5' },
    { key: 'cadss6Total', label: 'CADSS-6', value: show(latest.cadss6Total), unit: 'of 24' },
  ];
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
    readings: readings(item.latest),
    latestAtMinutes: item.latest.minutesSinceDose,
    flags: sortFlags(item.openFlags),
    critical: item.openFlags.some((flag) => flag.severity === 'critical'),
    ready: item.readiness.ready,
    reasons: item.readiness.reasons,
    followUps: followUpLine(item.followUps),
  };
}

/** The board's cards in the order patients were dosed (stable while the board updates live). */
export function boardCards(board: BoardDto, nowMs: number): BoardCardView[] {
  return [...board.items]
    .sort((a, b) => toMs(a.startedAt) - toMs(b.startedAt) || a.sessionId.localeCompare(b.sessionId))
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
 * Flags on `next` that were not on `previous` (by id), most severe first, with their patient: what
 * the board announces to screen readers when it updates. Nothing on the first load.
 */
export function newFlags(
  previous: BoardDto | null,
  next: BoardDto,
): { patientName: string; flag: FlagDto }[] {
  if (previous === null) {
    return [];
  }
  const known = new Set([
    ...previous.items.flatMap((item) => item.openFlags.map((flag) => flag.id)),
    ...previous.attention.map((flag) => flag.id),
  ]);
  const added = [
    ...next.items.flatMap((item) =>
      item.openFlags.map((flag) => ({ patientName: item.patientName, flag })),
    ),
    ...next.attention.map((flag) => ({ patientName: flag.patientName, flag })),
  ].filter(({ flag }) => !known.has(flag.id));
  return added.sort((a, b) => compareFlags(a.flag, b.flag));
}
