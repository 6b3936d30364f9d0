/** Public surface of the shared library: HTTP contract types and the pure clinical functions. */
export * from './api/enums';
export * from './api/types';
export * from './api/suicide-risk';
export * from './clinical/rounding';
export * from './clinical/time';
export * from './clinical/phq9';
export * from './clinical/ranges';
export * from './clinical/dosing';
export * from './clinical/thresholds';
export * from './clinical/discharge';
export * from './clinical/response';
export * from './clinical/rems';
export * from './clinical/rules';
export * from './clinical/outcomes';
export * from './clinical/followups';
export * from './clinical/cssrs';
