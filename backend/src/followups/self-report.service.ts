import { ConflictException, GoneException, Injectable } from '@nestjs/common';
import {
  DEFAULT_CRISIS_TEXT,
  type FollowUpStatus,
  followUpStatus,
  type SelfReportInfoDto,
  type SelfReportResultDto,
} from '@clinic/shared';
import type { EntityManager } from 'typeorm';
import { AssessmentsService } from '../assessments/assessments.service';
import { Clinic } from '../clinics/clinic.entity';
import { AuditService } from '../common/audit/audit.service';
import { TooManyRequests } from '../common/http/too-many-requests';
import { Db } from '../common/transactions/db.service';
import { Patient } from '../patients/patient.entity';
import type { SelfReportDto } from './dto/self-report.dto';
import { FollowUpRequest } from './follow-up-request.entity';
import { hashLinkToken } from './follow-ups.service';

/** One body for every used, expired or unknown link: nothing tells them apart. */
const GONE = 'This link is no longer valid. Please contact your clinic.';
const WINDOW_MS = 10 * 60_000;
/** Requests per client address per window on the public endpoints. */
const MAX_PER_ADDRESS = 30;

/**
 * The patient's side of the follow-up: no sign-in, the link's token is the only key. Reveals only
 * the clinic's name and the patient's given name. Every use is audited with the request's address.
 */
@Injectable()
export class SelfReportService {
  private readonly hits = new Map<string, { windowStart: number; count: number }>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly assessments: AssessmentsService,
  ) {}

  async describe(token: string, ip: string | null): Promise<SelfReportInfoDto> {
    this.throttle(ip);
    const now = new Date();
    const found = await this.db.transaction(async (em) => {
      const { request, status } = await this.usable(em, token, now, ip);
      if (!request) return null;
      const patient = await em.findOneByOrFail(Patient, { id: request.patientId });
      const clinic = await em.findOneByOrFail(Clinic, { id: request.clinicId });
      await this.audit.recordAs(
        em,
        { userId: null, role: null, ip },
        {
          action: 'read',
          resourceType: 'self_report',
          resourceId: request.id,
          patientId: request.patientId,
          clinicId: request.clinicId,
        },
      );
      return {
        clinicName: clinic.name,
        givenName: patient.givenName,
        questionnaire: 'phq9' as const,
        recall: '24_hours' as const,
        expiresAt: request.expiresAt.toISOString(),
        open: status === 'open',
        opensAt: request.opensAt.toISOString(),
      };
    });
    if (!found) throw new GoneException(GONE);
    return found;
  }

  async submit(token: string, dto: SelfReportDto, ip: string | null): Promise<SelfReportResultDto> {
    this.throttle(ip);
    const now = new Date();
    const result = await this.db.transaction(async (em) => {
      const { request, status } = await this.usable(em, token, now, ip);
      if (!request) return null;
      if (status === 'scheduled') {
        throw new ConflictException(`This questionnaire opens at ${request.opensAt.toISOString()}`);
      }
      const patient = await em.findOneByOrFail(Patient, { id: request.patientId });
      const assessment = await this.assessments.insertPhq9(
        em,
        patient,
        {
          administeredAt: now,
          items: dto.items,
          item10: dto.item10 ?? null,
          recall: '24_hours',
          sessionId: request.sessionId,
          source: 'self_report',
        },
        null,
        ip,
      );
      // Single use: only the first answer completes the request, even when two arrive at once.
      const done = await em
        .createQueryBuilder()
        .update(FollowUpRequest)
        .set({ completedAt: now, phq9Id: assessment.id })
        .where('id = :id AND completed_at IS NULL', { id: request.id })
        .execute();
      if (done.affected !== 1) throw new GoneException(GONE);
      const clinic = await em.findOneByOrFail(Clinic, { id: request.clinicId });
      const show = assessment.item9Positive;
      return { crisis: { show, text: show ? (clinic.crisisText ?? DEFAULT_CRISIS_TEXT) : null } };
    });
    if (!result) throw new GoneException(GONE);
    return result;
  }

  /** The request behind a live link; a used, expired or unknown one is audited as refused and comes back null. */
  private async usable(
    em: EntityManager,
    token: string,
    now: Date,
    ip: string | null,
  ): Promise<{ request: FollowUpRequest | null; status: FollowUpStatus | null }> {
    const request = await this.lookup(em, token);
    const status = request ? followUpStatus(request, now) : null;
    if (request && (status === 'open' || status === 'scheduled')) return { request, status };
    await this.audit.recordAs(
      em,
      { userId: null, role: null, ip },
      {
        action: 'access_denied',
        resourceType: 'self_report',
        resourceId: request?.id ?? null,
        patientId: request?.patientId ?? null,
        clinicId: request?.clinicId ?? null,
        outcome: 'denied',
      },
    );
    return { request: null, status: null };
  }

  private lookup(em: EntityManager, token: string): Promise<FollowUpRequest | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return Promise.resolve(null);
    return em.findOne(FollowUpRequest, { where: { tokenHash: hashLinkToken(token) } });
  }

  /** A fixed window per client address on this instance: links cannot be guessed at speed. */
  private throttle(ip: string | null): void {
    const key = ip ?? 'unknown';
    const now = Date.now();
    const entry = this.hits.get(key);
    if (!entry || now - entry.windowStart > WINDOW_MS) {
      this.hits.set(key, { windowStart: now, count: 1 });
      if (this.hits.size > 10_000) {
        for (const [k, v] of this.hits) if (now - v.windowStart > WINDOW_MS) this.hits.delete(k);
      }
      return;
    }
    entry.count += 1;
    if (entry.count > MAX_PER_ADDRESS) {
      // Told when its window ends, so a patient's phone retries once instead of hammering.
      throw new TooManyRequests(
        'Too many requests; try again in a few minutes',
        (entry.windowStart + WINDOW_MS - now) / 1000,
      );
    }
  }
}
