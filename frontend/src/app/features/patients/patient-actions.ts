import type { Role, SessionSummaryDto } from '@clinic/shared';

export interface PatientAction {
  label: string;
  /** Router link commands. */
  link: string[];
  primary: boolean;
  testId: string;
}

/**
 * The links from a patient's page to the work other screens do, only for the roles that may do
 * it (API.md, "Roles"): psychiatrists order sessions; psychiatrists and nurses record PHQ-9s and
 * monitor the session in progress. A new session cannot be ordered while one is in progress.
 */
export function patientActions(
  role: Role | null,
  patientId: string,
  inProgress: Pick<SessionSummaryDto, 'id' | 'sessionNumber'> | null,
): PatientAction[] {
  const actions: PatientAction[] = [];
  const clinical = role === 'psychiatrist' || role === 'nurse';
  if (inProgress && clinical) {
    actions.push({
      label: `Monitor session ${String(inProgress.sessionNumber)} (in progress)`,
      link: ['/board', 'session', inProgress.id],
      primary: true,
      testId: 'action-monitor-session',
    });
  }
  if (role === 'psychiatrist' && !inProgress) {
    actions.push({
      label: 'Order session',
      link: ['/record', 'session', patientId],
      primary: true,
      testId: 'action-order-session',
    });
  }
  if (clinical) {
    actions.push({
      label: 'Record PHQ-9',
      link: ['/record', 'phq9', patientId],
      primary: false,
      testId: 'action-record-phq9',
    });
  }
  return actions;
}
