/**
 * The suicide-risk workflow through the HTTP API (API.md "v2 additions > Suicide risk", CLINICAL.md
 * s10): C-SSRS screeners (skip logic, Columbia triage, the suicide_risk.* flags), the versioned
 * safety plan (If-Match, limits), roles and clinic scope, audit rows, and the rule that an item-9
 * flag is resolved only after a screener or with a psychiatrist's reason.
 */
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { CssrsScreening } from '../src/suicide-risk/cssrs-screening.entity';
import { SafetyPlan } from '../src/suicide-risk/safety-plan.entity';
import { bearer } from './support/api';
import { useApi } from './support/use-api';
import {
  createPatient,
  expectError,
  expectNothingWritten,
  expectStatus,
  HOUR,
  isoAt,
  MINUTE,
  type PatientRef,
  phq9Body,
  postPhq9,
  type Res,
  V1,
} from './support/clinical-fixtures';

const NO = { wishDead: false, suicidalThoughts: false, behavior: false };
const IDEATION = {
  wishDead: true,
  suicidalThoughts: true,
  method: false,
  intent: false,
  plan: false,
  behavior: false,
};
const PLAN = {
  warningSigns: ['  Not sleeping  ', 'Pulling away from friends'],
  copingStrategies: ['Walk the dog'],
  socialDistractions: [],
  helpContacts: ['Sister (synthetic contact)'],
  professionalContacts: ['Clinic on-call line', '988 Suicide & Crisis Lifeline'],
  meansSafety: ' Medication locked away by partner ',
  reasonsForLiving: 'My children',
};

interface FlagBody {
  id: string;
  rule: string;
  status: string;
  severity: string;
  category: string;
  message: string;
  version: number;
  note: string | null;
  evidence: { cssrs?: { id: string }[] };
}

describe('suicide risk API (C-SSRS screener and safety plan)', () => {
  const { api, world } = useApi();
  let psych: string;
  let nurse: string;

  const hoursAgo = (h: number): string => isoAt(Date.now(), -h * HOUR);
  const newPatient = (): Promise<PatientRef> => createPatient(api, psych, world.clinicA.id);
  const postCssrs = (
    patientId: string,
    body: Record<string, unknown>,
    token = nurse,
  ): Promise<Res> =>
    api.http().post(`${V1}/patients/${patientId}/cssrs`).set(bearer(token)).send(body);
  const putPlan = (
    patientId: string,
    body: Record<string, unknown>,
    ifMatch?: string,
    token = nurse,
  ): Promise<Res> => {
    const req = api.http().put(`${V1}/patients/${patientId}/safety-plan`).set(bearer(token));
    return (ifMatch === undefined ? req : req.set('If-Match', ifMatch)).send(body);
  };
  const flagsOf = async (patientId: string): Promise<FlagBody[]> => {
    const res = await api.http().get(`${V1}/flags?patientId=${patientId}`).set(bearer(psych));
    expectStatus(res, 200);
    return res.body.items as FlagBody[];
  };
  const audits = (patientId: string, resourceType: string) =>
    api.ds.getRepository(AuditEntry).find({ where: { patientId, resourceType } });
  const item9 = async (patientId: string, administeredAt: string): Promise<string> => {
    const res = await postPhq9(
      api,
      nurse,
      patientId,
      phq9Body(administeredAt, [2, 2, 1, 1, 1, 1, 1, 1, 1]),
    );
    expectStatus(res, 201);
    return (res.body as { id: string }).id;
  };
  const resolve = (flagId: string, body: Record<string, unknown>, token = psych): Promise<Res> =>
    api.http().post(`${V1}/flags/${flagId}/resolve`).set(bearer(token)).send(body);
  const tables = [CssrsScreening, SafetyPlan];

  beforeAll(() => {
    psych = world.tokens.a.psychiatrist;
    nurse = world.tokens.a.nurse;
  });

  describe('C-SSRS screener', () => {
    const triage: [string, Record<string, unknown>, string, string | null][] = [
      ['all no', NO, 'none', null],
      ['wish to be dead only', { ...NO, wishDead: true }, 'low', null],
      ['Q2 yes, Q3-Q5 no', IDEATION, 'low', null],
      ['a method (Q3)', { ...IDEATION, method: true }, 'moderate', 'suicide_risk.moderate'],
      [
        'behaviour more than 3 months ago',
        { ...NO, behavior: true, behaviorPast3Months: false },
        'moderate',
        'suicide_risk.moderate',
      ],
      ['intent (Q4)', { ...IDEATION, intent: true }, 'high', 'suicide_risk.high'],
      ['a plan (Q5)', { ...IDEATION, method: true, plan: true }, 'high', 'suicide_risk.high'],
      [
        'behaviour within the past 3 months',
        { ...NO, behavior: true, behaviorPast3Months: true },
        'high',
        'suicide_risk.high',
      ],
    ];
    it.each(triage.map(([label, answers, risk, rule]) => [label, risk, rule, answers] as const))(
      '%s -> risk %s, flag %p',
      async (_label, risk, rule, answers) => {
        const patient = await newPatient();
        const res = await postCssrs(patient.id, { administeredAt: hoursAgo(1), ...answers });
        expectStatus(res, 201);
        expect(res.body).toMatchObject({ patientId: patient.id, risk, enteredInError: null });
        const flags = (await flagsOf(patient.id)).filter((f) => f.rule.startsWith('suicide_risk.'));
        expect(flags.map((f) => f.rule)).toEqual(rule === null ? [] : [rule]);
        if (rule !== null) {
          expect(flags[0]).toMatchObject({
            category: 'suicidality',
            severity: rule === 'suicide_risk.high' ? 'critical' : 'warning',
            status: 'open',
          });
          expect(flags[0].message).toMatch(
            new RegExp(
              `^C-SSRS screener \\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d\\d:\\d\\d E[SD]T: .*\\(Q[3-6]\\): ${risk} risk; `,
            ),
          );
          expect(flags[0].evidence.cssrs?.map((s) => s.id)).toEqual([res.body.id]);
        }
      },
    );

    it('answers with the answers, null for questions not asked, who recorded it, and audits it', async () => {
      const patient = await newPatient();
      const phq9Id = await item9(patient.id, hoursAgo(3));
      const administeredAt = hoursAgo(2);
      const res = await postCssrs(patient.id, {
        administeredAt,
        ...NO,
        wishDead: true,
        phq9Id,
      });
      expectStatus(res, 201);
      expect(res.body).toEqual({
        id: expect.any(String),
        patientId: patient.id,
        administeredAt,
        risk: 'low',
        wishDead: true,
        suicidalThoughts: false,
        method: null,
        intent: null,
        plan: null,
        behavior: false,
        behaviorPast3Months: null,
        phq9Id,
        recordedBy: world.users.a.nurse.id,
        recordedByName: world.users.a.nurse.name,
        createdAt: expect.any(String),
        enteredInError: null,
      });
      expect((await audits(patient.id, 'cssrs')).map((a) => [a.action, a.resourceId])).toEqual([
        ['create', res.body.id],
      ]);
    });

    it('lists newest first with limit/offset and audits the read', async () => {
      const patient = await newPatient();
      for (const h of [5, 1, 3]) {
        expectStatus(await postCssrs(patient.id, { administeredAt: hoursAgo(h), ...NO }), 201);
      }
      const res = await api
        .http()
        .get(`${V1}/patients/${patient.id}/cssrs?limit=2&offset=0`)
        .set(bearer(world.tokens.a.manager));
      expectStatus(res, 200);
      expect(res.body.total).toBe(3);
      expect(res.body.items).toHaveLength(2);
      const times = (res.body.items as { administeredAt: string }[]).map((s) =>
        new Date(s.administeredAt).getTime(),
      );
      expect(times[0]).toBeGreaterThan(times[1]);
      expect(times[1]).toBeGreaterThan(Date.now() - 4 * HOUR); // 1 h and 3 h ago, not 5 h
      const reads = (await audits(patient.id, 'cssrs')).filter((a) => a.action === 'read');
      expect(reads).toHaveLength(1);
      expect(reads[0].actorId).toBe(world.users.a.manager.id);
    });

    it.each<[string, Record<string, unknown>, RegExp]>([
      ['Q1 missing', { suicidalThoughts: false, behavior: false }, /^wishDead must be a boolean/m],
      ['Q2 missing', { wishDead: false, behavior: false }, /^suicidalThoughts must be a boolean/m],
      ['Q6 missing', { wishDead: false, suicidalThoughts: false }, /^behavior must be a boolean/m],
      ['an answer not a boolean', { ...NO, wishDead: 'yes' }, /^wishDead must be a boolean/m],
      [
        'Q3 answered after Q2 no',
        { ...NO, method: false },
        /^method must not be answered when suicidalThoughts is false/m,
      ],
      [
        'Q4 answered after Q2 no',
        { ...NO, intent: true },
        /^intent must not be answered when suicidalThoughts is false/m,
      ],
      [
        'Q5 answered after Q2 no',
        { ...NO, plan: false },
        /^plan must not be answered when suicidalThoughts is false/m,
      ],
      [
        'Q3 missing after Q2 yes',
        { ...IDEATION, method: undefined },
        /^method is required when suicidalThoughts is true/m,
      ],
      [
        'Q4 null after Q2 yes',
        { ...IDEATION, intent: null },
        /^intent is required when suicidalThoughts is true/m,
      ],
      [
        'Q5 missing after Q2 yes',
        { ...IDEATION, plan: undefined },
        /^plan is required when suicidalThoughts is true/m,
      ],
      [
        'recency missing after Q6 yes',
        { ...NO, behavior: true },
        /^behaviorPast3Months is required when behavior is true/m,
      ],
      [
        'recency answered after Q6 no',
        { ...NO, behaviorPast3Months: false },
        /^behaviorPast3Months must not be answered when behavior is false/m,
      ],
      ['an unknown field', { ...NO, q7: true }, /property q7 should not exist/],
    ])('%s -> 400 naming the field, nothing written', async (_label, answers, pattern) => {
      const patient = await newPatient();
      const res = await expectNothingWritten(
        api,
        () => postCssrs(patient.id, { administeredAt: hoursAgo(1), ...answers }),
        tables,
      );
      expectError(res, 400, pattern);
    });

    it('refuses a future time, a malformed time and a phq9Id that is not a PHQ-9 of the patient', async () => {
      const patient = await newPatient();
      const other = await newPatient();
      const othersPhq9 = await item9(other.id, hoursAgo(1));
      const cases: [Record<string, unknown>, RegExp][] = [
        [
          { administeredAt: isoAt(Date.now(), 30 * MINUTE) },
          /^administeredAt must not be in the future/m,
        ],
        [{ administeredAt: '2026-01-15 09:05' }, /^administeredAt must be an ISO-8601/m],
        [
          { administeredAt: hoursAgo(1), phq9Id: othersPhq9 },
          /^phq9Id must be a PHQ-9 of this patient/m,
        ],
        [
          { administeredAt: hoursAgo(1), phq9Id: '00000000-0000-4000-8000-000000000000' },
          /^phq9Id must be a PHQ-9 of this patient/m,
        ],
        [{ administeredAt: hoursAgo(1), phq9Id: 'not-an-id' }, /^phq9Id must be a UUID/m],
      ];
      for (const [fields, pattern] of cases) {
        const res = await expectNothingWritten(
          api,
          () => postCssrs(patient.id, { ...NO, ...fields }),
          tables,
        );
        expectError(res, 400, pattern);
      }
    });

    it('a screener entered in error leaves the flags and the list keeps it marked', async () => {
      const patient = await newPatient();
      const res = await postCssrs(patient.id, {
        administeredAt: hoursAgo(1),
        ...IDEATION,
        plan: true,
      });
      expectStatus(res, 201);
      expect((await flagsOf(patient.id)).find((f) => f.rule === 'suicide_risk.high')?.status).toBe(
        'open',
      );
      const marked = await api
        .http()
        .post(`${V1}/cssrs/${res.body.id}/entered-in-error`)
        .set(bearer(nurse))
        .send({ reason: 'wrong patient chart' });
      expectStatus(marked, 200);
      expect(marked.body).toMatchObject({ resourceType: 'cssrs', id: res.body.id });
      expect((await flagsOf(patient.id)).find((f) => f.rule === 'suicide_risk.high')?.status).toBe(
        'resolved',
      );
      const list = await api.http().get(`${V1}/patients/${patient.id}/cssrs`).set(bearer(psych));
      expect(list.body.items[0].enteredInError).toMatchObject({
        reason: 'wrong patient chart',
        byName: world.users.a.nurse.name,
      });
    });
  });

  describe('safety plan', () => {
    it('404 before the first version; create, read with ETag, update with If-Match, 428, 412, versions', async () => {
      const patient = await newPatient();
      const url = `${V1}/patients/${patient.id}/safety-plan`;
      expectError(await api.http().get(url).set(bearer(nurse)), 404, /no safety plan/);

      const created = await putPlan(patient.id, PLAN);
      expectStatus(created, 200);
      expect(created.headers['etag']).toBe('"1"');
      expect(created.body).toEqual({
        patientId: patient.id,
        warningSigns: ['Not sleeping', 'Pulling away from friends'],
        copingStrategies: ['Walk the dog'],
        socialDistractions: [],
        helpContacts: ['Sister (synthetic contact)'],
        professionalContacts: ['Clinic on-call line', '988 Suicide & Crisis Lifeline'],
        meansSafety: 'Medication locked away by partner',
        reasonsForLiving: 'My children',
        version: 1,
        updatedAt: expect.any(String),
        updatedBy: world.users.a.nurse.id,
        updatedByName: world.users.a.nurse.name,
      });

      const read = await api.http().get(url).set(bearer(world.tokens.a.manager));
      expectStatus(read, 200);
      expect(read.headers['etag']).toBe('"1"');
      expect(read.body).toEqual(created.body);

      // once a plan exists, an update must say which version it edited
      await expectNothingWritten(
        api,
        async () => {
          const res = await putPlan(patient.id, { ...PLAN, reasonsForLiving: 'Lost update' });
          expectStatus(res, 428);
        },
        tables,
      );
      const updated = await putPlan(
        patient.id,
        { ...PLAN, copingStrategies: ['Call sister'] },
        '"1"',
        psych,
      );
      expectStatus(updated, 200);
      expect(updated.headers['etag']).toBe('"2"');
      expect(updated.body).toMatchObject({
        version: 2,
        copingStrategies: ['Call sister'],
        updatedBy: world.users.a.psychiatrist.id,
      });
      // a save based on version 1 now is stale
      await expectNothingWritten(
        api,
        async () => {
          expectError(await putPlan(patient.id, PLAN, '"1"'), 412, /version 2/);
        },
        tables,
      );
      expectError(await putPlan(patient.id, PLAN, 'garbage'), 400, /If-Match/);

      const versions = await api.http().get(`${url}/versions`).set(bearer(nurse));
      expectStatus(versions, 200);
      expect(versions.body.total).toBe(2);
      expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      expect(versions.body.items[1].copingStrategies).toEqual(['Walk the dog']);
      const page = await api.http().get(`${url}/versions?limit=1&offset=1`).set(bearer(nurse));
      expect(page.body.items.map((v: { version: number }) => v.version)).toEqual([1]);

      const actions = (await audits(patient.id, 'safety_plan')).map((a) => a.action).sort();
      expect(actions).toEqual(['create', 'read', 'read', 'read', 'update']);
    });

    it('an If-Match on the first save must be for no plan yet', async () => {
      const patient = await newPatient();
      expectError(await putPlan(patient.id, PLAN, '"3"'), 412, /version 0/);
    });

    const long = 'x'.repeat(501);
    it.each<[string, Record<string, unknown>, RegExp]>([
      [
        'every field empty (blank strings trimmed away)',
        {
          warningSigns: ['   '],
          copingStrategies: [],
          socialDistractions: [],
          helpContacts: [],
          professionalContacts: [],
          meansSafety: '  ',
          reasonsForLiving: '',
        },
        /safety plan is empty/,
      ],
      [
        '21 warning signs',
        { warningSigns: Array.from({ length: 21 }, (_, i) => `sign ${i}`) },
        /^warningSigns must contain no more than 20 elements/m,
      ],
      [
        'an entry of 501 characters',
        { helpContacts: [long] },
        /^each value in helpContacts must be shorter than or equal to 500 characters/m,
      ],
      [
        'meansSafety of 501 characters',
        { meansSafety: long },
        /^meansSafety must be shorter than or equal to 500 characters/m,
      ],
      [
        'a list that is not a list',
        { copingStrategies: 'walk' },
        /^copingStrategies must be an array/m,
      ],
      [
        'a number in a list',
        { socialDistractions: [3] },
        /^each value in socialDistractions must be a string/m,
      ],
      ['a missing field', { reasonsForLiving: undefined }, /^reasonsForLiving must be a string/m],
      [
        'a control character',
        { meansSafety: 'a\u0000b' },
        /^meansSafety must not contain control characters/m,
      ],
    ])('%s -> 400 naming the field, nothing written', async (_label, fields, pattern) => {
      const patient = await newPatient();
      const res = await expectNothingWritten(
        api,
        () => putPlan(patient.id, { ...PLAN, ...fields }),
        tables,
      );
      expectError(res, 400, pattern);
    });

    it('accepts 20 entries of 500 characters', async () => {
      const patient = await newPatient();
      const full = Array.from({ length: 20 }, (_, i) => `${i}`.padEnd(500, 'y'));
      const res = await putPlan(patient.id, {
        ...PLAN,
        warningSigns: full,
        meansSafety: 'z'.repeat(500),
      });
      expectStatus(res, 200);
      expect(res.body.warningSigns).toHaveLength(20);
    });
  });

  describe('roles and clinic scope', () => {
    let patient: PatientRef;
    beforeAll(async () => {
      patient = await newPatient();
      expectStatus(await putPlan(patient.id, PLAN), 200);
      expectStatus(await postCssrs(patient.id, { administeredAt: hoursAgo(1), ...NO }), 201);
    });

    it('psychiatrists and nurses record; managers read only (403 on writes); admins nothing', async () => {
      const { manager, admin, psychiatrist } = world.tokens.a;
      expectStatus(
        await postCssrs(patient.id, { administeredAt: hoursAgo(1), ...NO }, psychiatrist),
        201,
      );
      for (const token of [manager, admin]) {
        await expectNothingWritten(
          api,
          async () => {
            expectStatus(
              await postCssrs(patient.id, { administeredAt: hoursAgo(1), ...NO }, token),
              403,
            );
            expectStatus(await putPlan(patient.id, PLAN, '"1"', token), 403);
          },
          tables,
        );
      }
      for (const path of ['cssrs', 'safety-plan', 'safety-plan/versions']) {
        const url = `${V1}/patients/${patient.id}/${path}`;
        expectStatus(await api.http().get(url).set(bearer(manager)), 200);
        expectStatus(await api.http().get(url).set(bearer(admin)), 403);
      }
    });

    it("another clinic's patient is 404 for every endpoint, nothing written", async () => {
      const b = world.tokens.b;
      await expectNothingWritten(
        api,
        async () => {
          expectError(
            await postCssrs(patient.id, { administeredAt: hoursAgo(1), ...NO }, b.nurse),
            404,
            /Patient not found/,
          );
          expectError(
            await putPlan(patient.id, PLAN, '"1"', b.psychiatrist),
            404,
            /Patient not found/,
          );
        },
        tables,
      );
      for (const path of ['cssrs', 'safety-plan', 'safety-plan/versions']) {
        const res = await api
          .http()
          .get(`${V1}/patients/${patient.id}/${path}`)
          .set(bearer(b.manager));
        expectError(res, 404, /Patient not found/);
      }
    });
  });

  describe('resolving a PHQ-9 item-9 flag (CLINICAL.md s10)', () => {
    const item9Flag = async (patientId: string): Promise<FlagBody> => {
      const flag = (await flagsOf(patientId)).find((f) => f.rule === 'phq9.item9_positive');
      if (!flag) throw new Error('no item-9 flag');
      return flag;
    };

    it('422 without a screener at or after the PHQ-9; 200 after one', async () => {
      const patient = await newPatient();
      await item9(patient.id, hoursAgo(4));
      const flag = await item9Flag(patient.id);
      // a screener before the PHQ-9 does not count
      expectStatus(await postCssrs(patient.id, { administeredAt: hoursAgo(5), ...NO }), 201);
      expectError(
        await resolve(flag.id, { note: 'Discussed with patient' }),
        422,
        /C-SSRS screener/,
      );
      expectError(
        await resolve(flag.id, { note: 'Discussed with patient' }, nurse),
        422,
        /C-SSRS screener/,
      );
      expect((await item9Flag(patient.id)).status).toBe('open');
      expectStatus(
        await postCssrs(patient.id, { administeredAt: hoursAgo(3), ...NO, wishDead: true }),
        201,
      );
      const res = await resolve(flag.id, { note: 'C-SSRS low risk; safety plan given' }, nurse);
      expectStatus(res, 200);
      expect(res.body).toMatchObject({
        status: 'resolved',
        note: 'C-SSRS low risk; safety plan given',
      });
    });

    it('the screener must follow the newest PHQ-9 among the triggers; one entered in error does not count', async () => {
      const patient = await newPatient();
      await item9(patient.id, hoursAgo(6));
      const between = await postCssrs(patient.id, { administeredAt: hoursAgo(5), ...NO });
      await item9(patient.id, hoursAgo(4));
      const flag = await item9Flag(patient.id);
      expectError(await resolve(flag.id, { note: 'Reviewed' }), 422, /C-SSRS screener/);
      const after = await postCssrs(patient.id, { administeredAt: hoursAgo(4), ...NO });
      expectStatus(after, 201);
      expect(between.status).toBe(201);
      await api
        .http()
        .post(`${V1}/cssrs/${after.body.id}/entered-in-error`)
        .set(bearer(psych))
        .send({ reason: 'recorded on the wrong patient' })
        .expect(200);
      expectError(await resolve(flag.id, { note: 'Reviewed' }), 422, /C-SSRS screener/);
    });

    it("200 with a psychiatrist's noScreenerReason, stored in the note; 403 from a nurse; 400 blank", async () => {
      const patient = await newPatient();
      await item9(patient.id, hoursAgo(2));
      const flag = await item9Flag(patient.id);
      const denied = await resolve(
        flag.id,
        { note: 'Reviewed', noScreenerReason: 'Seen by crisis team' },
        nurse,
      );
      expectError(denied, 403, /Only a psychiatrist/);
      expectError(
        await resolve(flag.id, { note: 'Reviewed', noScreenerReason: '   ' }),
        400,
        /^noScreenerReason must not be blank/m,
      );
      expectError(
        await resolve(flag.id, { note: 'Reviewed', noScreenerReason: 'r'.repeat(2001) }),
        400,
        /^noScreenerReason must be shorter than or equal to 2000 characters/m,
      );
      const res = await resolve(flag.id, {
        note: 'Reviewed in clinic',
        noScreenerReason: ' Assessed by the ED psychiatrist the same day ',
      });
      expectStatus(res, 200);
      expect(res.body.note).toBe(
        'Reviewed in clinic\nNo screener: Assessed by the ED psychiatrist the same day',
      );
    });

    it('noScreenerReason on another rule is 400 naming it', async () => {
      const patient = await newPatient();
      expectStatus(
        await postCssrs(patient.id, { administeredAt: hoursAgo(1), ...IDEATION, intent: true }),
        201,
      );
      const flag = (await flagsOf(patient.id)).find((f) => f.rule === 'suicide_risk.high');
      expectError(
        await resolve(flag?.id ?? '', { note: 'Seen', noScreenerReason: 'n/a' }),
        400,
        /^noScreenerReason is only for phq9.item9_positive flags/m,
      );
      expectStatus(
        await resolve(flag?.id ?? '', { note: 'Psychiatrist evaluated; admitted' }),
        200,
      );
    });
  });
});
