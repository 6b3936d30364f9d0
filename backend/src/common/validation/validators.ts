import {
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Free text: any character but the C0 controls other than tab, line feed and carriage return. */
export const FREE_TEXT = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f]*$/;

export function isUtcDateTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  // Date.parse rolls 30 February over to 2 March and accepts 24:00: check the parts themselves.
  if (!isCalendarDate(`${m[1]}-${m[2]}-${m[3]}`)) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) return false;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return false;
  const year = new Date(ms).getUTCFullYear();
  return year >= 1900 && year <= 2200;
}

export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** ISO-8601 date-time that carries a time zone (Z or an offset): a time without one is ambiguous. */
export function IsDateTimeWithZone(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isDateTimeWithZone',
      target: target.constructor,
      propertyName,
      options: {
        message: (args: ValidationArguments) =>
          `${args.property} must be an ISO-8601 date-time with a time zone, e.g. 2026-11-26T14:05:00.000Z`,
        ...options,
      },
      validator: { validate: (value: unknown) => isUtcDateTime(value) },
    });
}

/** YYYY-MM-DD, a real calendar date. */
export function IsCalendarDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options: {
        message: (args: ValidationArguments) =>
          `${args.property} must be a calendar date YYYY-MM-DD`,
        ...options,
      },
      validator: { validate: (value: unknown) => isCalendarDate(value) },
    });
}

/** Runs a shared validation function (returns messages) as a class-validator constraint. */
export function SharedCheck(
  check: (value: unknown, object: Record<string, unknown>) => string[],
  options?: ValidationOptions,
) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'sharedCheck',
      target: target.constructor,
      propertyName,
      options: {
        message: (args: ValidationArguments) =>
          check(args.value, args.object as Record<string, unknown>).join('; ') ||
          `${args.property} is invalid`,
        ...options,
      },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          check(value, args.object as Record<string, unknown>).length === 0,
      },
    });
}
