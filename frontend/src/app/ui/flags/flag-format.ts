import {
  FLAG_SEVERITIES,
  type FlagCategory,
  type FlagDto,
  type FlagHistoryStep,
  type FlagSeverity,
  ITEM9_SCREENER_RULE,
  RULES,
  type Role,
  type RuleId,
  SERIOUS_CRITERION_LABELS,
} from '@clinic/shared';

import { formatDateTime } from '../format';
import { RISK_EVENT_LABELS, SIDE_EFFECT_LABELS } from '../labels';

export const FLAG_CATEGORY_LABELS: Record<FlagCategory, string> = {
  suicidality: 'Suicidality',
  response: 'Response',
  sedation: 'Sedation',
  dissociation: 'Dissociation',
  hemodynamic: 'Blood pressure and heart rate',
  respiratory: 'Respiratory',
  monitoring: 'Monitoring',
  misuse: 'Misuse',
  tolerance: 'Tolerance',
  'follow-up': 'Follow-up',
  adverse_event: 'Serious adverse event',
  course: 'Treatment course',
};

/**
 * Rule families a nurse may not acknowledge or resolve (API.md, roles: "flags: acknowledge /
 * resolve — nurse: not misuse.*, tolerance.*"). The server refuses them with 403 as well.
 */
export const PSYCHIATRIST_ONLY_RULE_PREFIXES: readonly string[] = ['misuse.', 'tolerance.'];

/** What the signed-in user may do with a flag: act on it, leave it to a psychiatrist, or only read. */
export type FlagAccess = 'act' | 'psychiatrist-review' | 'read-only';

export function flagAccess(role: Role | null, flag: Pick<FlagDto, 'rule' | 'status'>): FlagAccess {
  if (flag.status === 'resolved') {
    return 'read-only';
  }
  switch (role) {
    case 'psychiatrist':
      return 'act';
    case 'nurse':
      return PSYCHIATRIST_ONLY_RULE_PREFIXES.some((prefix) => flag.rule.startsWith(prefix))
        ? 'psychiatrist-review'
        : 'act';
    case 'manager':
    case 'admin':
    case null:
      return 'read-only';
  }
}

function isRuleId(rule: string): rule is RuleId {
  return rule in RULES;
}

/** The rule's title from the shared rule table, e.g. "Severe blood pressure"; the id if unknown. */
export function ruleTitle(rule: string): string {
  return isRuleId(rule) ? RULES[rule].title : rule;
}

/**
 * The note of a proxy rule (misuse.*, tolerance.*: "a clinically reasonable proxy, not a published
 * checklist"), without the reference to the specification file; null for other rules.
 */
export function proxyRuleNote(flag: Pick<FlagDto, 'rule' | 'ruleNote'>): string | null {
  const note = flag.ruleNote ?? (isRuleId(flag.rule) ? RULES[flag.rule].note : null);
  return note === null ? null : note.replace(/\s*\(CLINICAL\.md[^)]*\)/, '');
}

/** Most severe first, then those needing attention (open, or new evidence since acknowledged), then newest first (then by id, so the order is stable). */
export function sortFlags<T extends FlagDto>(flags: readonly T[]): T[] {
  const rank = (severity: FlagSeverity): number => FLAG_SEVERITIES.indexOf(severity);
  const waiting = (flag: FlagDto): number => (needsAttention(flag) ? 1 : 0);
  return [...flags].sort(
    (a, b) =>
      rank(b.severity) - rank(a.severity) ||
      waiting(b) - waiting(a) ||
      b.createdAt.localeCompare(a.createdAt) ||
      a.id.localeCompare(b.id),
  );
}

/**
 * Whether someone still has to look at the flag: it is open, evidence arrived after its
 * acknowledgement (CLINICAL.md s4 v2: a signal never goes silent), or the records that raised it
 * were entered in error by someone who may not resolve it (issue 19: a psychiatrist must review it).
 */
export function needsAttention(
  flag: Pick<FlagDto, 'status' | 'newEvidenceSince'> & Partial<Pick<FlagDto, 'evidenceWithdrawn'>>,
): boolean {
  return (
    flag.status === 'open' ||
    (flag.status === 'acknowledged' &&
      (flag.newEvidenceSince !== null || flag.evidenceWithdrawn === true))
  );
}

/** Whether the flag can be acknowledged (again, when new evidence arrived after the first time). */
export function canAcknowledge(flag: Pick<FlagDto, 'status' | 'newEvidenceSince'>): boolean {
  return (
    flag.status === 'open' || (flag.status === 'acknowledged' && flag.newEvidenceSince !== null)
  );
}

/**
 * For a flag still active whose records were entered in error by someone who may not resolve it
 * (issue 19): "Evidence entered in error by Nurse N — a psychiatrist must review and resolve" (an
 * item-9 flag: resolved after a C-SSRS screener, or by a psychiatrist). Null otherwise, and once
 * resolved (the history keeps the step).
 */
export function evidenceWithdrawnLine(
  flag: Pick<FlagDto, 'rule' | 'status' | 'evidenceWithdrawn' | 'history'>,
): string | null {
  if (!flag.evidenceWithdrawn || flag.status === 'resolved') return null;
  const step = [...flag.history].reverse().find((s) => s.status === 'evidence_withdrawn');
  const who =
    step === undefined
      ? ''
      : ` by ${step.byName ?? (step.by === null ? 'the system' : 'a former user')}`;
  const next =
    flag.rule === ITEM9_SCREENER_RULE
      ? 'resolve it after a C-SSRS screener, or a psychiatrist reviews and resolves it'
      : 'a psychiatrist must review and resolve';
  return `Evidence entered in error${who} — ${next}`;
}

/**
 * What arrived after the acknowledgement, in words: "Reopened" / "new evidence after the
 * acknowledgement (1 new trigger since 15 Jan 2026, 09:05)" for a critical flag open again, "New
 * since acknowledged" / "2 new triggers since ..." for one that stays acknowledged; null when
 * nothing new.
 */
export function newEvidenceLine(
  flag: Pick<FlagDto, 'status' | 'newEvidenceSince' | 'newEvidenceCount'>,
  timeZone?: string,
): { kind: 'reopened' | 'new-evidence'; label: string; detail: string } | null {
  if (flag.newEvidenceSince === null || flag.status === 'resolved') return null;
  const since = formatDateTime(flag.newEvidenceSince, timeZone);
  const count = flag.newEvidenceCount;
  const triggers = `${String(count)} new ${count === 1 ? 'trigger' : 'triggers'} since ${since}`;
  return flag.status === 'open'
    ? {
        kind: 'reopened',
        label: 'Reopened',
        detail: `new evidence after the acknowledgement (${triggers})`,
      }
    : { kind: 'new-evidence', label: 'New since acknowledged', detail: triggers };
}

/**
 * The flag's status with who acted (issue 20): "Acknowledged by Sam Nurse", "Resolved by Dr Okafor",
 * "Open". A user id whose account is gone reads "a former user"; no user (the system) names no one.
 */
export function statusWithActor(
  flag: Pick<
    FlagDto,
    'status' | 'acknowledgedBy' | 'acknowledgedByName' | 'resolvedBy' | 'resolvedByName'
  >,
  labels: Readonly<Record<FlagDto['status'], string>>,
): string {
  const label = labels[flag.status];
  const [id, name] =
    flag.status === 'acknowledged'
      ? [flag.acknowledgedBy, flag.acknowledgedByName]
      : flag.status === 'resolved'
        ? [flag.resolvedBy, flag.resolvedByName]
        : [null, null];
  if (id === null) return label;
  return `${label} by ${name ?? 'a former user'}`;
}

/** "by Sam Nurse" for the acknowledgement or resolution lines; '' when nobody is recorded. */
export function actorWords(id: string | null, name: string | null): string {
  if (id === null) return '';
  return ` by ${name ?? 'a former user'}`;
}

const HISTORY_WORDS: Readonly<Record<FlagHistoryStep['status'], string>> = {
  open: 'Raised',
  acknowledged: 'Acknowledged',
  reopened: 'Reopened',
  resolved: 'Resolved',
  evidence_withdrawn: 'Evidence entered in error',
};

/** The flag's history, oldest first, in words: "Acknowledged 15 Jan 2026, 09:05 by Dr A — “note”". */
export function historyLines(
  flag: Pick<FlagDto, 'history'>,
  timeZone?: string,
): { status: FlagHistoryStep['status']; text: string }[] {
  return flag.history.map((step) => {
    const by = step.byName ?? (step.by === null ? 'the system' : 'a former user');
    const who = step.status === 'open' && step.by === null ? '' : ` by ${by}`;
    const note = step.note ? ` — “${step.note}”` : '';
    return {
      status: step.status,
      text: `${HISTORY_WORDS[step.status]} ${formatDateTime(step.at, timeZone)}${who}${note}`,
    };
  });
}

// ---- evidence and thresholds in words ------------------------------------------------------

/** Words for the keys of evidence and thresholds; other keys are split from camelCase. */
const KEY_WORDS: Readonly<Record<string, string>> = {
  minutesSinceDose: 'min after dose start',
  sessionNumber: 'session',
  startedAt: 'started',
  administeredAt: 'given',
  recordedAt: 'recorded',
  onsetAt: 'onset',
  occurredAt: 'occurred',
  dischargedAt: 'discharged',
  readyAt: 'ready',
  dueAt: 'due',
  monitoringEndsAt: 'monitoring ends',
  cadss6: 'CADSS-6 items',
  cadss6Total: 'CADSS-6 total',
  cadss6TotalMax: 'CADSS-6 total at most',
  moaas: 'MOAA/S',
  spo2: 'SpO2',
  spo2Below: 'SpO2 below',
  heartRate: 'heart rate',
  hrTachycardia: 'heart rate above',
  bradycardiaBelow: 'heart rate below',
  systolicBelow: 'systolic below',
  diastolicBelow: 'diastolic below',
  noPredoseAfterMinutes: 'min after dose start without a pre-dose BP',
  item9Required: 'item 9 must be answered',
  seriousCriterion: 'serious because of',
  enteredInError: 'entered in error',
  respiratoryRate: 'respiratory rate',
  rateBelow: 'respiratory rate below',
  preDoseTotal: 'pre-dose PHQ-9',
  at24h: '24-h PHQ-9',
  item9: 'item 9 answer',
  item9AtLeast: 'item 9 at least',
  phq9: 'PHQ-9',
  sideEffects: 'side effects',
  riskEvents: 'risk events',
  usualMaxByDrugRoute: 'usual maximum',
};

/** Keys that hold record ids: useful to the system, noise to a reader. */
function isIdKey(key: string): boolean {
  return key === 'id' || key === 'runs' || key === 'triggers' || /Ids?$/.test(key);
}

function keyWords(key: string): string {
  return (
    KEY_WORDS[key] ??
    key
      .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
      .replace(/([0-9])([A-Za-z])/g, '$1 $2')
      .replace(/_/g, ' ')
      .toLowerCase()
  );
}

/** Coded values in words: side-effect and risk-event types as the rest of the app names them. */
const VALUE_WORDS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    ...Object.entries(SIDE_EFFECT_LABELS),
    ...Object.entries(RISK_EVENT_LABELS),
    ...Object.entries(SERIOUS_CRITERION_LABELS),
  ].map(([code, label]) => [code, label.toLowerCase()]),
);

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const numberFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 3 });

function valueWords(value: unknown, timeZone: string | undefined): string {
  if (value === null || value === undefined) {
    return 'none';
  }
  if (typeof value === 'boolean') {
    return value ? 'yes' : 'no';
  }
  if (typeof value === 'number') {
    return numberFormat.format(value);
  }
  if (typeof value === 'string') {
    if (ISO_TIME.test(value)) {
      return formatDateTime(value, timeZone);
    }
    return VALUE_WORDS[value] ?? value.replace(/_/g, ' ');
  }
  if (Array.isArray(value)) {
    return value.map((item) => valueWords(item, timeZone)).join(', ');
  }
  if (typeof value === 'object') {
    return pairsOf(value as Record<string, unknown>, timeZone).join(', ');
  }
  return JSON.stringify(value);
}

/** A record's values in words; absent values (null) are left out, never "respiratory rate none". */
function pairsOf(record: Record<string, unknown>, timeZone: string | undefined): string[] {
  return Object.entries(record)
    .filter(([key, value]) => !isIdKey(key) && value !== null && value !== undefined)
    .map(([key, value]) => `${keyWords(key)} ${valueWords(value, timeZone)}`);
}

export interface DetailLine {
  label: string;
  text: string;
}

/**
 * Evidence or thresholds as readable lines: one per key, record ids left out, times in the
 * clinic's time zone, lists of records joined with "; ". E.g. `{ observations: [{ id, minutesSinceDose: 40,
 * systolic: 186, diastolic: 104 }] }` → `Observations: min after dose start 40, systolic 186,
 * diastolic 104`.
 */
export function describeDetails(value: unknown, timeZone?: string): DetailLine[] {
  if (value === null || value === undefined) {
    return [];
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return [{ label: '', text: valueWords(value, timeZone) }];
  }
  return Object.entries(value as Record<string, unknown>)
    .filter(([key]) => !isIdKey(key))
    .map(([key, entry]) => {
      const words = keyWords(key);
      const label = words.charAt(0).toUpperCase() + words.slice(1);
      const text = Array.isArray(entry)
        ? entry.map((item) => valueWords(item, timeZone)).join('; ')
        : valueWords(entry, timeZone);
      return { label, text: text === '' ? 'none' : text };
    });
}
