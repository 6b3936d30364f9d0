import {
  ABSOLUTE_CONTRAINDICATIONS,
  type ConcomitantClass,
  type CourseDto,
  type CourseEndReason,
  type CourseKind,
  type CoursePhase,
  type CourseProposalDto,
  type DosePlan,
  type Drug,
  type ProtocolDto,
  SCREENING_ITEMS,
  type ScreeningDto,
  type ScreeningItem,
  type ScreeningResult,
  type SessionSummaryDto,
  sessionGiven,
} from '@clinic/shared';

import { type ServerErrors, serverErrors } from '../api/http';

/*
 * Words and small pure helpers of the course screens (CLINICAL.md s8 and s9): the screening items
 * in plain English, the protocol's numbers in a sentence, which screening and kind a new course
 * takes, and the order form's dose from a protocol proposal.
 */

/** The screening items of CLINICAL.md s9 in plain English (the question the psychiatrist answers). */
export const SCREENING_ITEM_LABELS: Readonly<Record<ScreeningItem, string>> = {
  aneurysmal_vascular_disease:
    'Aneurysmal vascular disease (thoracic or abdominal aorta, intracranial or peripheral arteries)',
  arteriovenous_malformation: 'Arteriovenous malformation',
  intracerebral_haemorrhage: 'History of intracerebral haemorrhage (bleeding in the brain)',
  hypersensitivity: 'Hypersensitivity to esketamine, ketamine or an excipient',
  psychosis_or_mania: 'Current psychosis or mania',
  pregnancy_or_breastfeeding: 'Pregnancy or breastfeeding',
  uncontrolled_hypertension: 'Uncontrolled hypertension',
  cardiac_or_cerebrovascular_disease:
    'Significant arrhythmia, or unstable cardiovascular or cerebrovascular disease',
  substance_use_disorder: 'Active substance use disorder (ketamine, PCP, opioids)',
  raised_intracranial_pressure: 'Raised intracranial pressure',
};

export const SCREENING_ANSWER_LABELS = { no: 'No', yes: 'Yes', unknown: 'Unknown' } as const;

export const SCREENING_RESULT_LABELS: Readonly<Record<ScreeningResult, string>> = {
  eligible: 'Eligible',
  eligible_with_warnings: 'Eligible with warnings',
  contraindicated: 'Contraindicated',
};

export const CONCOMITANT_CLASS_LABELS: Readonly<Record<ConcomitantClass, string>> = {
  benzodiazepines: 'Benzodiazepines',
  nonBenzodiazepineSedativeHypnotics: 'Non-benzodiazepine sedative-hypnotics',
  psychostimulants: 'Psychostimulants',
  maois: 'MAOIs',
  opioids: 'Opioids',
};

export const COURSE_PHASE_LABELS: Readonly<Record<CoursePhase, string>> = {
  induction: 'Induction',
  maintenance: 'Maintenance',
  ended: 'Ended',
};

export const COURSE_KIND_LABELS: Readonly<Record<CourseKind, string>> = {
  initial: 'Initial course',
  reinduction: 'Re-induction',
};

export const COURSE_END_REASON_LABELS: Readonly<Record<CourseEndReason, string>> = {
  completed: 'Completed',
  nonresponse: 'No response',
  adverse_event: 'Adverse event',
  patient_choice: "Patient's choice",
  transferred: 'Transferred',
  other: 'Other',
};

/** The items of the checklist for a drug, absolute contraindications first (CLINICAL.md s9). */
export function screeningGroups(drug: Drug): {
  absolute: ScreeningItem[];
  relative: ScreeningItem[];
} {
  const absolute = ABSOLUTE_CONTRAINDICATIONS[drug];
  return {
    absolute: SCREENING_ITEMS.filter((item) => absolute.includes(item)),
    relative: SCREENING_ITEMS.filter((item) => !absolute.includes(item)),
  };
}

const number = new Intl.NumberFormat('en', { maximumFractionDigits: 3 });

function unitText(value: number, unit: DosePlan['unit']): string {
  return `${number.format(value)} ${unit === 'mg' ? 'mg' : 'mg/kg'}`;
}

/** "56 or 84 mg", "28, 56 or 84 mg". */
function listText(values: readonly number[], unit: DosePlan['unit']): string {
  const unique = [...new Set(values)];
  if (unique.length === 0) return '';
  const words = unique.map((v) => number.format(v));
  const joined =
    words.length === 1
      ? words[0]
      : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
  return `${joined} ${unit === 'mg' ? 'mg' : 'mg/kg'}`;
}

function days(n: number): string {
  return n === 1 ? '1 day' : `${String(n)} days`;
}

/** The protocol's numbers in words, one sentence per part (induction, maintenance, doses). */
export function protocolInWords(
  protocol: Pick<ProtocolDto, 'induction' | 'maintenance' | 'dosePlan'>,
): {
  induction: string;
  maintenance: string;
  doses: string;
} {
  const { induction, maintenance, dosePlan } = protocol;
  const apart = induction.minDaysBetween ?? 1;
  return {
    induction:
      `Induction: ${String(induction.sessions)} sessions within ${days(induction.withinDays)}, ` +
      `at most ${String(induction.maxPerWeek)} in any 7 days, at least ${days(apart)} apart.`,
    maintenance: maintenance
      ? `Maintenance: at most ${String(maintenance.maxPerWeek)} in any 7 days, at least ` +
        `${days(maintenance.minDaysBetween)} apart.`
      : 'Maintenance: none studied (the course ends after induction).',
    doses:
      `Doses: first ${unitText(dosePlan.first, dosePlan.unit)}` +
      (dosePlan.steps.length > 0 ? `, then ${listText(dosePlan.steps, dosePlan.unit)}` : '') +
      `; at most ${unitText(dosePlan.max, dosePlan.unit)}.`,
  };
}

/** The course that has not ended (a patient has at most one, CLINICAL.md s8), or null. */
export function activeCourse(courses: readonly CourseDto[]): CourseDto | null {
  return courses.find((course) => course.phase !== 'ended') ?? null;
}

/** The latest course by start (the response chart's default, as the server's). */
export function latestCourse(courses: readonly CourseDto[]): CourseDto | null {
  return [...courses].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))[0] ?? null;
}

/** A new course is a re-induction when the patient has a course that ended (s8); else initial. */
export function defaultCourseKind(courses: readonly CourseDto[]): CourseKind {
  return courses.some((course) => course.phase === 'ended') ? 'reinduction' : 'initial';
}

/** The newest screening still valid at `now` (validUntil not passed), or null. */
export function latestValidScreening(
  screenings: readonly ScreeningDto[],
  now: Date,
): ScreeningDto | null {
  return (
    [...screenings]
      .filter((s) => Date.parse(s.validUntil) >= now.getTime())
      .sort((a, b) => Date.parse(b.screenedAt) - Date.parse(a.screenedAt))[0] ?? null
  );
}

/**
 * The dose in mg the order form proposes: the proposal's mg, or its mg/kg times the patient's
 * weight (rounded to 0.1 mg); null for mg/kg without a weight.
 */
export function proposedDoseMg(
  proposal: CourseProposalDto,
  weightKg: number | null,
): number | null {
  if (proposal.unit === 'mg') {
    return proposal.dose;
  }
  return weightKg === null || weightKg <= 0 ? null : Math.round(proposal.dose * weightKg * 10) / 10;
}

/** "56 or 84 mg" / "0.5, 0.6 or 0.75 mg/kg": the plan's allowed doses for the next session. */
export function allowedDosesText(proposal: CourseProposalDto): string {
  return listText(proposal.allowedDoses, proposal.unit);
}

/** The course's sessions: ordered (not started yet) and given (started, not in error). */
export function courseSessionCounts(
  sessions: readonly SessionSummaryDto[],
  courseId: string,
): { ordered: number; given: number } {
  const mine = sessions.filter((s) => s.courseId === courseId && s.enteredInError === null);
  return {
    ordered: mine.filter((s) => s.status === 'ordered').length,
    given: mine.filter((s) => sessionGiven(s.status)).length,
  };
}

/**
 * The server's messages sorted by the field they name, nested keys included: `answers.hypersensitivity
 * must be ...` goes under `answers.hypersensitivity`, `notes.psychosis_or_mania ...` under
 * `notes.psychosis_or_mania`, `induction.maxPerWeek ...` under `induction.maxPerWeek` (the API's
 * class-validator names; `namedField` of api/http.ts reads only `name` and `name.<index>`). The
 * field name is replaced by its label; a nested key not in `labels` falls back to its first part.
 */
export function nestedServerErrors(
  messages: readonly string[],
  labels: Readonly<Record<string, string>>,
): { fields: Record<string, string[]>; general: string[] } {
  const fields: Record<string, string[]> = {};
  const general: string[] = [];
  for (const message of messages) {
    const match = /^([A-Za-z][A-Za-z0-9]*)((?:\.[A-Za-z0-9_]+)*)(?=\s)/.exec(message);
    const full = match ? `${match[1]}${match[2]}` : null;
    const key =
      full === null ? null : full in labels ? full : match && match[1] in labels ? match[1] : null;
    if (key === null || !match) {
      general.push(message);
    } else {
      (fields[key] ??= []).push(`${labels[key]}${message.slice(match[0].length)}`);
    }
  }
  return { fields, general };
}

/** A refused write of the course screens, sorted by (nested) field, the fallback text when none. */
export function courseServerErrors(
  error: unknown,
  labels: Readonly<Record<string, string>>,
): ServerErrors {
  const base = serverErrors(error, {});
  return { status: base.status, ...nestedServerErrors(base.general, labels) };
}
