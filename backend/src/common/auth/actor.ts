import type { Role } from '@clinic/shared';

/** The signed-in user making a request: passed first to every service method. */
export interface Actor {
  userId: string;
  role: Role;
  clinicIds: string[];
  ip: string | null;
  sessionId: string;
  /**
   * The dashboard's page view this request belongs to (`X-View-Id`, a UUID; null when absent or
   * malformed): its reads are audited with it so the log can show one row per page view.
   */
  viewId?: string | null;
}

export function isClinicMember(actor: Actor, clinicId: string): boolean {
  return actor.clinicIds.includes(clinicId);
}
