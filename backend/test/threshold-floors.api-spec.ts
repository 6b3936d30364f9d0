/**
 * Issue 19, item 2 (API.md v2 "Accounts and administration"): the attack that found it was a
 * manager switching the discharge criteria off (`minMonitoringMinutes.ketamine: 0`,
 * `discharge.moaasRequired: 0`, `discharge.cadss6TotalMax: 24`), each accepted and audited as
 * "update" with no values. Now: safety floors no change crosses (400 naming the field, whoever
 * sends it), the discharge and monitoring criteria are the psychiatrist's (a manager's change
 * naming them is 403, audited as access_denied), and every change is audited with before and after.
 */
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { Clinic } from '../src/clinics/clinic.entity';
import { bearer } from './support/api';
import { useApi } from './support/use-api';
import { expectError, expectStatus, messages, V1 } from './support/clinical-fixtures';

describe('clinic thresholds: safety floors, psychiatrist-only criteria, audited values', () => {
  const { api, world } = useApi();

  const url = () => `${V1}/clinics/${world.clinicA.id}/thresholds`;
  const current = async () => {
    const res = await api.http().get(url()).set(bearer(world.tokens.a.psychiatrist));
    expectStatus(res, 200);
    return res.body as {
      version: number;
      overrides: Record<string, unknown>;
      thresholds: Record<string, Record<string, unknown>>;
    };
  };
  const patchAs = async (token: string, body: unknown) =>
    api
      .http()
      .patch(url())
      .set(bearer(token))
      .set('If-Match', `"${(await current()).version}"`)
      .send(body as object);
  const entries = (where: { action: AuditEntry['action']; clinicId: string }) =>
    api.ds.getRepository(AuditEntry).find({ where, order: { seq: 'ASC' } });

  describe('the attack: a manager switches the discharge criteria off (each was a 200)', () => {
    it.each<[string, Record<string, unknown>]>([
      ['no monitoring after IV ketamine', { minMonitoringMinutes: { ketamine: 0 } }],
      ['discharge whatever the sedation', { discharge: { moaasRequired: 0 } }],
      ['discharge whatever the dissociation', { discharge: { cadss6TotalMax: 24 } }],
      // a value inside the floors is still the psychiatrist's to set
      ['a stricter SpO2 for discharge', { discharge: { spo2Min: 96 } }],
      ['a longer ketamine monitoring', { minMonitoringMinutes: { ketamine: 90 } }],
      ['the observation schedule', { scheduledObservationMinutes: [0, 15, 30, 40, 60] }],
      ['the overdue delay', { monitoringOverdueMinutes: 5 }],
      ['the no-pre-dose delay', { noPredoseAfterMinutes: 10 }],
      ['with an alert', { bp: { severeSystolic: 170 }, discharge: { spo2Min: 96 } }],
    ])('%s: 403, audited as access_denied under the clinic, nothing changed', async (_l, body) => {
      const before = await current();
      const denied = (await entries({ action: 'access_denied', clinicId: world.clinicA.id }))
        .length;
      const res = await patchAs(world.tokens.a.manager, body);
      expectError(res, 403, /Only a psychiatrist may change the discharge and monitoring criteria/);
      const after = await current();
      expect(after.version).toBe(before.version);
      expect(after.overrides).toEqual(before.overrides);
      const now = await entries({ action: 'access_denied', clinicId: world.clinicA.id });
      expect(now).toHaveLength(denied + 1);
      expect(now[now.length - 1]).toMatchObject({
        actorId: world.users.a.manager.id,
        resourceType: 'clinic_thresholds',
        resourceId: world.clinicA.id,
        outcome: 'denied',
      });
    });

    it('another clinic stays a 404 for the manager, whatever the body names', async () => {
      const res = await api
        .http()
        .patch(`${V1}/clinics/${world.clinicB.id}/thresholds`)
        .set(bearer(world.tokens.a.manager))
        .set('If-Match', '"1"')
        .send({ discharge: { moaasRequired: 0 } });
      expectStatus(res, 404);
    });
  });

  describe('the floors hold for the psychiatrist too (400 naming the field, nothing written)', () => {
    it.each<[string, Record<string, unknown>, RegExp]>([
      [
        'minMonitoringMinutes.ketamine 0',
        { minMonitoringMinutes: { ketamine: 0 } },
        /^thresholds\.minMonitoringMinutes\.ketamine must be at least 30: safety floor/,
      ],
      [
        'discharge.moaasRequired 0',
        { discharge: { moaasRequired: 0 } },
        /^thresholds\.discharge\.moaasRequired must be 5: safety floor/,
      ],
      [
        'discharge.cadss6TotalMax 24',
        { discharge: { cadss6TotalMax: 24 } },
        /^thresholds\.discharge\.cadss6TotalMax must be at most 4: safety floor/,
      ],
      [
        'discharge.spo2Min 89',
        { discharge: { spo2Min: 89 } },
        /^thresholds\.discharge\.spo2Min must be at least 90: safety floor/,
      ],
      [
        'discharge.systolicBelow 181',
        { discharge: { systolicBelow: 181 } },
        /^thresholds\.discharge\.systolicBelow must be at most 180: safety floor/,
      ],
      [
        'discharge.diastolicBelow 111',
        { discharge: { diastolicBelow: 111 } },
        /^thresholds\.discharge\.diastolicBelow must be at most 110: safety floor/,
      ],
      [
        'a schedule without the 40-min reading',
        { scheduledObservationMinutes: [0, 30, 60, 120] },
        /^thresholds\.scheduledObservationMinutes must include 40 min: safety floor/,
      ],
      [
        'respiratory depression only below SpO2 80',
        { respiratory: { spo2Below: 80 } },
        /^thresholds\.respiratory\.spo2Below must be at least 90: safety floor/,
      ],
      [
        'deep sedation never flagged',
        { sedation: { deepAtOrBelow: 0 } },
        /^thresholds\.sedation\.deepAtOrBelow must be at least 1: safety floor/,
      ],
    ])('%s', async (_label, body, pattern) => {
      const before = await current();
      const res = await patchAs(world.tokens.a.psychiatrist, body);
      expectError(res, 400, pattern);
      expect(messages(res)).toHaveLength(1);
      expect(await current()).toEqual(before);
    });

    it('a manager crossing an alert floor is refused naming it (400), not silently clamped', async () => {
      const res = await patchAs(world.tokens.a.manager, {
        bp: { severeSystolic: 200 },
        hrTachycardia: 150,
      });
      expectStatus(res, 400);
      expect(messages(res).map((m) => m.split(' must ')[0])).toEqual([
        'thresholds.bp.severeSystolic',
        'thresholds.hrTachycardia',
      ]);
    });

    it('a value at the floor is accepted', async () => {
      const res = await patchAs(world.tokens.a.psychiatrist, {
        minMonitoringMinutes: { ketamine: 30 },
        discharge: { cadss6TotalMax: 4, spo2Min: 90 },
      });
      expectStatus(res, 200);
      expect(res.body.thresholds.minMonitoringMinutes.ketamine).toBe(30);
      // back to the defaults for the next tests
      expectStatus(
        await patchAs(world.tokens.a.psychiatrist, {
          minMonitoringMinutes: { ketamine: 60 },
          discharge: { cadss6TotalMax: 0, spo2Min: 94 },
        }),
        200,
      );
    });
  });

  it('every change is audited with before and after of the values moved; the manager reads them', async () => {
    const res = await patchAs(world.tokens.a.psychiatrist, {
      discharge: { spo2Min: 95 },
      bp: { severeSystolic: 175 },
      hrTachycardia: 120, // the default: not a change
    });
    expectStatus(res, 200);
    const managerChange = await patchAs(world.tokens.a.manager, { bp: { riseSystolic: 35 } });
    expectStatus(managerChange, 200);

    const audit = await api
      .http()
      .get(`${V1}/audit?clinicId=${world.clinicA.id}&limit=200`)
      .set(bearer(world.tokens.a.manager));
    expectStatus(audit, 200);
    const updates = (
      audit.body.items as { action: string; resourceType: string; actorId: string }[]
    ).filter((e) => e.resourceType === 'clinic_thresholds' && e.action === 'update');
    expect(updates.slice(0, 2)).toEqual([
      expect.objectContaining({
        actorId: world.users.a.manager.id,
        details: {
          change: 'thresholds.update',
          before: { 'bp.riseSystolic': 40 },
          after: { 'bp.riseSystolic': 35 },
        },
      }),
      expect.objectContaining({
        actorId: world.users.a.psychiatrist.id,
        details: {
          change: 'thresholds.update',
          before: { 'discharge.spo2Min': 94, 'bp.severeSystolic': 180 },
          after: { 'discharge.spo2Min': 95, 'bp.severeSystolic': 175 },
        },
      }),
    ]);
    // and the chain still verifies with the details in it
    const verify = await api.http().get(`${V1}/audit/verify`).set(bearer(world.tokens.a.admin));
    expect(verify.body).toMatchObject({ ok: true });
  });

  it('a value stored across a floor before the floors existed is never applied, and the next change drops it', async () => {
    const repo = api.ds.getRepository(Clinic);
    const clinicB = world.clinicB.id;
    const saved = await repo.findOneByOrFail({ id: clinicB });
    await repo.update(
      { id: clinicB },
      {
        thresholds: {
          minMonitoringMinutes: { ketamine: 0 },
          discharge: { moaasRequired: 0, cadss6TotalMax: 24 },
          bp: { severeSystolic: 170 },
        },
      },
    );
    try {
      const shown = await api
        .http()
        .get(`${V1}/clinics/${clinicB}/thresholds`)
        .set(bearer(world.tokens.b.psychiatrist));
      expectStatus(shown, 200);
      expect(shown.body.thresholds.minMonitoringMinutes.ketamine).toBe(60);
      expect(shown.body.thresholds.discharge).toMatchObject({
        moaasRequired: 5,
        cadss6TotalMax: 0,
      });
      expect(shown.body.overrides).toEqual({ bp: { severeSystolic: 170 } });
      const changed = await api
        .http()
        .patch(`${V1}/clinics/${clinicB}/thresholds`)
        .set(bearer(world.tokens.b.manager))
        .set('If-Match', `"${shown.body.version}"`)
        .send({ hrTachycardia: 110 });
      expectStatus(changed, 200);
      expect((await repo.findOneByOrFail({ id: clinicB })).thresholds).toEqual({
        bp: { severeSystolic: 170 },
        hrTachycardia: 110,
      });
    } finally {
      await repo.update(
        { id: clinicB },
        { thresholds: saved.thresholds, thresholdsVersion: saved.thresholdsVersion + 5 },
      );
    }
  });
});
