import type { Role } from '../../api/enums';
import { mayResolveFlag, roleMayActOnRule } from './flag-roles';

describe('who may act on which flag (API.md roles, CLINICAL.md s10)', () => {
  it.each<[Role, string, boolean]>([
    ['psychiatrist', 'misuse.reported_use', true],
    ['psychiatrist', 'tolerance.diminishing_response', true],
    ['psychiatrist', 'bp.severe', true],
    ['nurse', 'misuse.reported_use', false],
    ['nurse', 'misuse.urinary_symptoms', false],
    ['nurse', 'tolerance.diminishing_response', false],
    ['nurse', 'bp.severe', true],
    ['nurse', 'phq9.item9_positive', true],
    ['nurse', 'monitoring.overdue', true],
    ['manager', 'bp.severe', false],
    ['admin', 'monitoring.overdue', false],
  ])('%s on %s: %s', (role, rule, expected) => {
    expect(roleMayActOnRule(role, rule)).toBe(expected);
  });

  it.each<[Role, string, boolean, boolean]>([
    // Item 9: a nurse only after a C-SSRS screener; a psychiatrist with or without (a reason).
    ['nurse', 'phq9.item9_positive', false, false],
    ['nurse', 'phq9.item9_positive', true, true],
    ['psychiatrist', 'phq9.item9_positive', false, true],
    ['nurse', 'misuse.craving', true, false],
    ['nurse', 'suicide_risk.high', false, true],
    ['psychiatrist', 'misuse.craving', false, true],
    ['manager', 'phq9.item9_positive', true, false],
  ])('%s resolving %s (screened since: %s): %s', (role, rule, screened, expected) => {
    expect(mayResolveFlag(role, rule, screened)).toBe(expected);
  });
});
