/**
 * Test data and a fake EventSource for the board's specs (no Jest API here, so it compiles with
 * the app too; nothing in the app imports it).
 */
import type {
  BoardDto,
  BoardExpectedDto,
  BoardEventDto,
  BoardItemDto,
  BoardVitalDto,
  DischargeReadinessDto,
  FlagDto,
  FlagListItemDto,
  ObservationDto,
  SessionDto,
} from '@clinic/shared';

export const CLINIC_ID = '6f1c8a52-0d1e-4d0e-9a54-1b5c3f0e7a01';
/** The server time of the boards below. */
export const BOARD_AT = '2026-11-26T14:00:00.000Z';

let counter = 0;
const nextId = (prefix: string): string => {
  counter += 1;
  return `${prefix}-0000-4000-8000-${String(counter).padStart(12, '0')}`;
};

export function aFlag(overrides: Partial<FlagDto> = {}): FlagDto {
  return {
    id: nextId('f1a90000'),
    clinicId: CLINIC_ID,
    patientId: 'p',
    sessionId: 's',
    rule: 'bp.severe',
    category: 'hemodynamic',
    severity: 'critical',
    status: 'open',
    message: 'BP 186/104 at 40 min: systolic >= 180',
    evidence: {},
    threshold: {},
    createdAt: '2026-11-26T13:40:00.000Z',
    acknowledgedAt: null,
    acknowledgedBy: null,
    acknowledgedByName: null,
    resolvedAt: null,
    resolvedBy: null,
    resolvedByName: null,
    note: null,
    acknowledgeNote: null,
    resolveNote: null,
    ruleNote: null,
    newEvidenceSince: null,
    newEvidenceCount: 0,
    evidenceWithdrawn: false,
    history: [],
    version: 1,
    ...overrides,
  };
}

export function aReadiness(overrides: Partial<DischargeReadinessDto> = {}): DischargeReadinessDto {
  return {
    ready: false,
    reasons: ['minimum monitoring of 120 min not reached (40 min so far)'],
    readyAt: null,
    monitoringEndsAt: '2026-11-26T15:20:00.000Z',
    ...overrides,
  };
}

/** A board tile's value from the reading 40 min after the dose (13:20), unless told otherwise. */
export function aVital(
  key: BoardVitalDto['key'],
  values: number[],
  overrides: Partial<BoardVitalDto> = {},
): BoardVitalDto {
  return {
    key,
    values,
    observationId: values.length === 0 ? null : 'obs-40',
    recordedAt: values.length === 0 ? null : '2026-11-26T14:00:00.000Z',
    minutesSinceDose: values.length === 0 ? null : 40,
    mark: null,
    ...overrides,
  };
}

export function aBoardItem(overrides: Partial<BoardItemDto> = {}): BoardItemDto {
  const sessionId = overrides.sessionId ?? nextId('5e550000');
  return {
    sessionId,
    patientId: nextId('0a710000'),
    clinicId: CLINIC_ID,
    patientName: 'Ada Okonkwo',
    mrn: 'RC-00042',
    sessionNumber: 3,
    drug: 'esketamine',
    route: 'intranasal',
    doseMg: 84,
    startedAt: '2026-11-26T13:20:00.000Z',
    minutesSinceDose: 40,
    nextObservationDueAt: '2026-11-26T14:20:00.000Z',
    nextObservationSlotMinutes: 60,
    overdue: false,
    latest: {
      systolic: 138,
      diastolic: 86,
      heartRate: 78,
      spo2: 97,
      respiratoryRate: 14,
      moaas: 4,
      cadss6Total: 6,
      recordedAt: '2026-11-26T14:00:00.000Z',
      minutesSinceDose: 40,
    },
    vitals: [
      aVital('bp', [138, 86]),
      aVital('heartRate', [78]),
      aVital('spo2', [97]),
      aVital('respiratoryRate', [14]),
      aVital('moaas', [4]),
      aVital('cadss6Total', [6]),
    ],
    lastFullSet: {
      observationId: 'obs-40',
      recordedAt: '2026-11-26T14:00:00.000Z',
      minutesSinceDose: 40,
    },
    openFlags: [],
    readiness: aReadiness(),
    followUps: [],
    ...overrides,
  };
}

export function aBoard(
  items: BoardItemDto[],
  at = BOARD_AT,
  attention: FlagListItemDto[] = [],
  expected: BoardExpectedDto[] = [],
): BoardDto {
  return { items, expected, attention, at };
}

/** A flag as lists carry it: with the patient's name and MRN and the session's follow-ups. */
export function aFlagListItem(overrides: Partial<FlagListItemDto> = {}): FlagListItemDto {
  return {
    ...aFlag(),
    patientName: 'Ada Okonkwo',
    mrn: 'RC-00042',
    sessionNumber: null,
    followUps: [],
    ...overrides,
  };
}

export function aBoardEvent(overrides: Partial<BoardEventDto> = {}): BoardEventDto {
  return {
    type: 'observation',
    clinicId: CLINIC_ID,
    sessionId: 's',
    patientId: 'p',
    at: BOARD_AT,
    ...overrides,
  };
}

export function anObservation(overrides: Partial<ObservationDto> = {}): ObservationDto {
  return {
    id: nextId('0b5e0000'),
    sessionId: 's',
    recordedAt: '2026-11-26T14:00:00.000Z',
    minutesSinceDose: 40,
    systolic: 138,
    diastolic: 86,
    heartRate: 78,
    spo2: 97,
    respiratoryRate: 14,
    moaas: 4,
    cadss6: null,
    cadss6Total: null,
    recordedBy: null,
    createdAt: '2026-11-26T14:00:05.000Z',
    enteredInError: null,
    ...overrides,
  };
}

export function aSession(overrides: Partial<SessionDto> = {}): SessionDto {
  return {
    id: nextId('5e550000'),
    patientId: nextId('0a710000'),
    clinicId: CLINIC_ID,
    sessionNumber: 3,
    drug: 'esketamine',
    route: 'intranasal',
    doseMg: 84,
    doseMgPerKg: null,
    weightKg: 70,
    startedAt: '2026-11-26T13:20:00.000Z',
    infusionMinutes: null,
    lotNumber: null,
    concomitantMedications: [],
    notes: null,
    doseWarnings: [],
    status: 'in_progress',
    readyAt: null,
    dischargedAt: null,
    dischargeOverrideReason: null,
    orderedBy: null,
    plannedAt: null,
    retrospective: false,
    startedBy: null,
    startOverrideReason: null,
    startOverriddenChecks: [],
    cancelledAt: null,
    cancelledBy: null,
    cancelReason: null,
    courseId: null,
    courseSessionNumber: null,
    observations: [],
    sideEffects: [],
    flags: [],
    version: 1,
    createdAt: '2026-11-26T13:00:00.000Z',
    updatedAt: '2026-11-26T13:00:00.000Z',
    enteredInError: null,
    ...overrides,
  };
}

type Listener = (event: MessageEvent<string>) => void;

/** Stands in for the browser's EventSource (jsdom has none); the test drives it. */
export class FakeEventSource {
  static instances: FakeEventSource[] = [];

  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  private readonly listeners = new Map<string, Listener[]>();

  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }

  static latest(): FakeEventSource {
    const latest = FakeEventSource.instances.at(-1);
    if (!latest) {
      throw new Error('No EventSource was opened');
    }
    return latest;
  }

  static open(): FakeEventSource[] {
    return FakeEventSource.instances.filter((source) => !source.closed);
  }

  static reset(): void {
    FakeEventSource.instances = [];
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
  }

  /** The server accepted the connection. */
  connect(): void {
    this.onopen?.(new Event('open'));
  }

  /** The server sent a board event. */
  emit(event: BoardEventDto, type = 'board'): void {
    const message = new MessageEvent<string>(type, { data: JSON.stringify(event) });
    for (const listener of this.listeners.get(type) ?? []) {
      listener(message);
    }
  }

  /** The connection dropped. */
  fail(): void {
    this.onerror?.(new Event('error'));
  }
}

/** The factory to provide as EVENT_SOURCE_FACTORY in tests. */
export function fakeEventSourceFactory(url: string): EventSource {
  return new FakeEventSource(url) as unknown as EventSource;
}
