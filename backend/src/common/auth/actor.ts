import type { Role } from '@clinic/shared';

/** The signed-in user making a request: passed first to every service method. */
export interface Actor {
  userId: string;
  role: Role;
  clinicIds: string[];
  ip: string | null;
  sessionId: string;
}

export function isClinicMember(actor: Actor, clinicId: string): boolean {
  return actor.clinicIds.includes(clinicId);
}
