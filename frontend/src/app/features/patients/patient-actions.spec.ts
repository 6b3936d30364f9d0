import type { Role } from '@clinic/shared';

import { patientActions } from './patient-actions';

const PATIENT = 'p-1';
const IN_PROGRESS = { id: 's-9', sessionNumber: 9 };

describe('patientActions', () => {
  it.each<[Role | null, typeof IN_PROGRESS | null, string[]]>([
    ['psychiatrist', null, ['Order session /record/session/p-1', 'Record PHQ-9 /record/phq9/p-1']],
    [
      'psychiatrist',
      IN_PROGRESS,
      ['Monitor session 9 (in progress) /board/session/s-9', 'Record PHQ-9 /record/phq9/p-1'],
    ],
    ['nurse', null, ['Record PHQ-9 /record/phq9/p-1']],
    [
      'nurse',
      IN_PROGRESS,
      ['Monitor session 9 (in progress) /board/session/s-9', 'Record PHQ-9 /record/phq9/p-1'],
    ],
    ['manager', null, []],
    ['manager', IN_PROGRESS, []],
    ['admin', null, []],
    [null, IN_PROGRESS, []],
  ])('%s, session in progress %p: %p', (role, inProgress, expected) => {
    expect(
      patientActions(role, PATIENT, inProgress).map(
        (action) => `${action.label} ${action.link.join('/')}`,
      ),
    ).toEqual(expected);
  });
});
