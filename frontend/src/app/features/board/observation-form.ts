/**
 * The observation entry form as data: what the nurse typed -> the request, and the shared
 * plausibility checks (validateObservationMeasurements, CLINICAL.md s1) -> messages by field.
 */
import {
  type Cadss6Items,
  CADSS6_ITEM_COUNT,
  type CreateObservationRequest,
  MINUTE_MS,
  OBSERVATION_EMPTY_MESSAGE,
  type ObservationMeasurementsInput,
  validateObservationMeasurements,
} from '@clinic/shared';

import { localInputToIso, toLocalInputValue } from '../../ui/local-time';
import { CADSS6_ITEM_NUMBERS } from '../../ui/labels';

export const NUMBER_FIELDS = [
  'systolic',
  'diastolic',
  'heartRate',
  'spo2',
  'respiratoryRate',
] as const;
export type NumberField = (typeof NUMBER_FIELDS)[number];

export interface ObservationFormValue {
  systolic: string;
  diastolic: string;
  heartRate: string;
  spo2: string;
  respiratoryRate: string;
  /** null: not assessed. */
  moaas: number | null;
  /** Six entries, '' when not entered. */
  cadss: string[];
  /** 'HH:MM' local time; '' means now. */
  time: string;
}

export function emptyObservationForm(): ObservationFormValue {
  return {
    systolic: '',
    diastolic: '',
    heartRate: '',
    spo2: '',
    respiratoryRate: '',
    moaas: null,
    cadss: Array.from({ length: CADSS6_ITEM_COUNT }, () => ''),
    time: '',
  };
}

/** Where a message is shown: beside a field, a CADSS item (`cadss.0`...), or the whole form. */
export type ObservationErrorKey =
  NumberField | 'moaas' | 'cadss' | `cadss.${string}` | 'time' | 'form';
export type ObservationErrors = Partial<Record<ObservationErrorKey, string[]>>;

/** '' -> absent; anything else -> its number (NaN for text that is not one, which the checks refuse). */
function parse(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

/** The measurements as the shared checks take them (an unanswered CADSS item is null). */
export function measurements(value: ObservationFormValue): ObservationMeasurementsInput {
  const input: ObservationMeasurementsInput = {};
  for (const field of NUMBER_FIELDS) {
    const number = parse(value[field]);
    if (number !== undefined) {
      input[field] = number;
    }
  }
  if (value.moaas !== null) {
    input.moaas = value.moaas;
  }
  if (value.cadss.some((item) => item.trim() !== '')) {
    input.cadss6 = value.cadss.map((item) => parse(item) ?? null);
  }
  return input;
}

const FIELD_LABELS: Record<NumberField | 'moaas', string> = {
  systolic: 'Systolic BP',
  diastolic: 'Diastolic BP',
  heartRate: 'Heart rate',
  spo2: 'SpO₂',
  respiratoryRate: 'Respiratory rate',
  moaas: 'MOAA/S',
};

/** The shared check's wording, with the field named as on the form. */
function humanize(message: string): string {
  return message
    .replace(/^(systolic|diastolic|heartRate|spo2|respiratoryRate|moaas)\b/, (field) => {
      return FIELD_LABELS[field as NumberField | 'moaas'];
    })
    .replace(/^cadss6\.(\d+)/, (_match, index: string) => {
      const item = CADSS6_ITEM_NUMBERS[Number(index)];
      return `CADSS item ${String(item)}`;
    })
    .replace(/^cadss6\b/, 'CADSS-6')
    .replace(/\ban integer\b/, 'a whole number');
}

function add(errors: ObservationErrors, key: ObservationErrorKey, message: string): void {
  (errors[key] ??= []).push(message);
}

/** Messages of one check (or the server's 400), placed beside the field they name. */
export function placeMessages(messages: string[], value: ObservationFormValue): ObservationErrors {
  const errors: ObservationErrors = {};
  for (const message of messages) {
    if (message === OBSERVATION_EMPTY_MESSAGE) {
      add(
        errors,
        'form',
        'Enter at least one measurement: BP, heart rate, SpO₂, respiratory rate, MOAA/S or CADSS-6.',
      );
      continue;
    }
    if (message.startsWith('systolic and diastolic')) {
      // Beside the half that is missing.
      add(
        errors,
        value.systolic.trim() === '' ? 'systolic' : 'diastolic',
        'Enter both systolic and diastolic BP.',
      );
      continue;
    }
    const item = /^cadss6\.(\d+)\b/.exec(message);
    if (item) {
      add(errors, `cadss.${item[1]}`, humanize(message));
      continue;
    }
    const field = /^(\w+)/.exec(message)?.[1];
    if (field === 'cadss6') {
      add(errors, 'cadss', humanize(message));
    } else if (field && (NUMBER_FIELDS as readonly string[]).includes(field)) {
      add(errors, field as NumberField, humanize(message));
    } else if (field === 'moaas') {
      add(errors, 'moaas', humanize(message));
    } else if (field === 'recordedAt') {
      add(errors, 'time', message.replace(/^recordedAt/, 'Time'));
    } else {
      add(errors, 'form', message);
    }
  }
  return errors;
}

/** The client-side checks: the shared plausibility checks, placed by field. */
export function validateObservationForm(value: ObservationFormValue): ObservationErrors {
  return placeMessages(validateObservationMeasurements(measurements(value)), value);
}

/** How far ahead of the clock a recorded time may be (the server allows 5 minutes of skew). */
const FUTURE_TOLERANCE_MS = 5 * MINUTE_MS;

/**
 * When the observation was made: now, or today at the 'HH:MM' the nurse typed, read in the
 * clinic's time zone (else the device's), as every time on screen is shown. null when that is not
 * a time or is in the future.
 */
export function recordedAt(time: string, now: Date, timeZone?: string): string | null {
  if (time === '') {
    return now.toISOString();
  }
  if (!/^\d{2}:\d{2}$/.test(time)) {
    return null;
  }
  const today = toLocalInputValue(now, timeZone).slice(0, 10);
  const at = localInputToIso(`${today}T${time}`, timeZone);
  if (at === null || Date.parse(at) - now.getTime() > FUTURE_TOLERANCE_MS) {
    return null;
  }
  return at;
}

/** The request for a form that passed the checks. */
export function observationRequest(
  value: ObservationFormValue,
  at: string,
): CreateObservationRequest {
  const input = measurements(value);
  const request: CreateObservationRequest = { recordedAt: at };
  for (const field of NUMBER_FIELDS) {
    const number = input[field];
    if (typeof number === 'number') {
      request[field] = number;
    }
  }
  if (typeof input.moaas === 'number') {
    request.moaas = input.moaas;
  }
  if (Array.isArray(input.cadss6)) {
    request.cadss6 = input.cadss6 as Cadss6Items;
  }
  return request;
}

export function hasErrors(errors: ObservationErrors): boolean {
  return Object.values(errors).some((messages) => (messages?.length ?? 0) > 0);
}
