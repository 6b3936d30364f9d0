/**
 * Issue 20 item 8: the audit log answers "who looked at this patient". Entries carry the actor's
 * name and (for a manager of the clinic) the patient's; reads carry the page view they were made
 * for (`X-View-Id`), and GET /audit/views lists one row per page view with every record it read,
 * each record still its own entry of an intact, verifiable hash chain. GET /audit/actors gives the
 * staff to pick from (by name; the filter sends the id).
 */
import { randomUUID } from 'node:crypto';
import type { AuditActorDto, AuditEntryDto, AuditViewDto } from '@clinic/shared';
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { newPatientBody } from './support/api';
import { expectError, expectStatus } from './support/clinical-fixtures';
import { useApi, type Who } from './support/use-api';

describe('audit log: names, page views, pickers', () => {
  // the whole chain is verified: a database of its own
  const { api, world, get, post } = useApi({ fresh: 'audit_views' });
  let patientId: string;
  let otherPatientId: string;
  const viewOne = randomUUID();
  const viewTwo = randomUUID();

  beforeAll(async () => {
    const create = async (givenName: string, familyName: string): Promise<string> => {
      // a view id sent with a write does not make the write part of a page view
      const res = await post(
        '/patients',
        'psychiatrist',
        newPatientBody(world.clinicA.id, { givenName, familyName }),
        { 'X-View-Id': viewOne },
      );
      expectStatus(res, 201);
      return res.body.id as string;
    };
    patientId = await create('Dora', 'Marlow');
    otherPatientId = await create('Ann', 'Other');
    const read = async (id: string, viewId: string | null, who: Who = 'nurse') => {
      const req = get(`/patients/${id}`, who);
      if (viewId) req.set('X-View-Id', viewId);
      expectStatus(await req, 200);
    };
    // page view one: the patient twice, the other patient once, and a search
    await read(patientId, viewOne);
    await read(patientId, viewOne);
    await read(otherPatientId, viewOne);
    const search = await post(
      '/patients/search',
      'nurse',
      { clinicId: world.clinicA.id, search: 'Marlow, Dora' },
      { 'X-View-Id': viewOne },
    );
    expectStatus(search, 200);
    // page view two; then a read with no view id and one with a malformed id (each alone)
    await read(patientId, viewTwo);
    await read(patientId, null);
    await read(patientId, 'not-a-uuid');
    // another user sending the same view id gets a row of their own
    await read(patientId, viewOne, 'psychiatrist');
  });

  const manager = 'manager';

  it('names the actor and, for the manager, the patient as listed ("Family, Given")', async () => {
    const res = await get(`/audit?patientId=${patientId}&limit=200`, manager);
    expectStatus(res, 200);
    const items = res.body.items as AuditEntryDto[];
    const created = items.find((e) => e.action === 'create');
    expect(created).toMatchObject({
      actorId: world.users.a.psychiatrist.id,
      actorName: world.users.a.psychiatrist.name,
      patientName: 'Marlow, Dora',
      // writes stand alone, whatever header came with them
      viewId: null,
    });
    const reads = items.filter((e) => e.action === 'read' && e.actorRole === 'nurse');
    expect(reads).toHaveLength(5);
    for (const e of reads) {
      expect(e).toMatchObject({ actorName: world.users.a.nurse.name, patientName: 'Marlow, Dora' });
    }
    expect(reads.map((e) => e.viewId).sort()).toEqual(
      [viewOne, viewOne, viewTwo, null, null].sort(),
    );
    const search = items.find((e) => e.action === 'search');
    expect(search).toMatchObject({ viewId: viewOne, patientName: 'Marlow, Dora' });
  });

  it('lists one row per page view with every record it read, newest first', async () => {
    const res = await get(`/audit/views?clinicId=${world.clinicA.id}&limit=200`, manager);
    expectStatus(res, 200);
    const views = res.body.items as AuditViewDto[];
    expect(res.body.total).toBe(views.length);
    const nurseViews = views.filter((v) => v.actorId === world.users.a.nurse.id);
    const one = nurseViews.find((v) => v.viewId === viewOne);
    expect(one).toBeDefined();
    expect(one?.id).toBe(viewOne);
    expect(one?.actorName).toBe(world.users.a.nurse.name);
    // oldest first within the view: three reads, then the search's one listed patient
    expect(one?.entries.map((e) => [e.action, e.patientName])).toEqual([
      ['read', 'Marlow, Dora'],
      ['read', 'Marlow, Dora'],
      ['read', 'Other, Ann'],
      ['search', 'Marlow, Dora'],
    ]);
    expect(one && one.firstAt <= one.lastAt).toBe(true);
    expect(nurseViews.find((v) => v.viewId === viewTwo)?.entries).toHaveLength(1);
    // the two reads without a (valid) view id are a row each
    const alone = nurseViews.filter((v) => v.viewId === null);
    expect(alone).toHaveLength(2);
    for (const v of alone) expect(v.id).toBe(v.entries[0]?.id);
    // the psychiatrist's read with the same view id is not merged into the nurse's view
    const psychiatristView = views.find(
      (v) => v.viewId === viewOne && v.actorId === world.users.a.psychiatrist.id,
    );
    expect(psychiatristView?.entries).toHaveLength(1);
    // each creation is its own row, even though a view id was sent with it
    const creations = views.filter((v) => v.entries.some((e) => e.action === 'create'));
    expect(creations).toHaveLength(2);
    for (const v of creations) expect(v.entries).toHaveLength(1);
    // newest first: the last read made (the psychiatrist's) heads the list
    expect(views[0]).toBe(psychiatristView);
    // every entry of the clinic is in exactly one row
    const entries = await api.ds.getRepository(AuditEntry).countBy({ clinicId: world.clinicA.id });
    expect(views.reduce((n, v) => n + v.entries.length, 0)).toBe(entries);
  });

  it('pages by rows, and filters the entries of a view (one patient of two)', async () => {
    const all = await get(`/audit/views?clinicId=${world.clinicA.id}&limit=200`, manager);
    const firstTwo = await get(`/audit/views?clinicId=${world.clinicA.id}&limit=2`, manager);
    const next = await get(`/audit/views?clinicId=${world.clinicA.id}&limit=2&offset=2`, manager);
    const ids = (r: typeof all) => (r.body.items as AuditViewDto[]).map((v) => v.id);
    expect([...ids(firstTwo), ...ids(next)]).toEqual(ids(all).slice(0, 4));
    expect(firstTwo.body.total).toBe(all.body.total);

    const filtered = await get(`/audit/views?patientId=${otherPatientId}`, manager);
    expectStatus(filtered, 200);
    const views = filtered.body.items as AuditViewDto[];
    const one = views.find((v) => v.viewId === viewOne);
    expect(one?.entries.map((e) => e.patientName)).toEqual(['Other, Ann']);
    expect(filtered.body.total).toBe(2); // the creation and view one

    const byActor = await get(`/audit/views?actorId=${world.users.a.psychiatrist.id}`, manager);
    expect(
      (byActor.body.items as AuditViewDto[]).every(
        (v) => v.actorId === world.users.a.psychiatrist.id,
      ),
    ).toBe(true);
  });

  it('keeps other clinics out, and patient names from the administrator', async () => {
    const foreign = await get(`/audit/views?clinicId=${world.clinicA.id}`, 'b.manager');
    expectStatus(foreign, 404);
    const theirs = await get('/audit/views', 'b.manager');
    expectStatus(theirs, 200);
    expect(
      (theirs.body.items as AuditViewDto[])
        .flatMap((v) => v.entries)
        .some((e) => e.clinicId === world.clinicA.id),
    ).toBe(false);

    const admin = await get(`/audit/views?clinicId=${world.clinicA.id}&limit=200`, 'admin');
    expectStatus(admin, 200);
    const entries = (admin.body.items as AuditViewDto[]).flatMap((v) => v.entries);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.patientName === null)).toBe(true);
    expect(entries.find((e) => e.actorId === world.users.a.nurse.id)?.actorName).toBe(
      world.users.a.nurse.name,
    );
  });

  it('offers the clinic staff to pick from, by name, and refuses bad filters naming them', async () => {
    const res = await get(`/audit/actors?clinicId=${world.clinicA.id}`, manager);
    expectStatus(res, 200);
    const actors = res.body.items as AuditActorDto[];
    expect(actors.map((a) => a.id).sort()).toEqual(
      [world.users.a.psychiatrist.id, world.users.a.nurse.id, world.users.a.manager.id].sort(),
    );
    expect(actors.find((a) => a.id === world.users.a.nurse.id)).toEqual({
      id: world.users.a.nurse.id,
      name: world.users.a.nurse.name,
      role: 'nurse',
    });
    expectStatus(await get(`/audit/actors?clinicId=${world.clinicB.id}`, manager), 404);
    expectError(await get('/audit/views?patientId=Marlow', manager), 400, /patientId/);
    expectError(await get('/audit/actors?clinicId=x', manager), 400, /clinicId/);
  });

  it('keeps the hash chain intact with view ids, and a moved record breaks it', async () => {
    const verify = async () => {
      const res = await get('/audit/verify', 'admin');
      expectStatus(res, 200);
      return res.body as { ok: boolean; firstBrokenId: string | null; checked: number };
    };
    const before = await verify();
    expect(before.ok).toBe(true);
    const moved = await api.ds
      .getRepository(AuditEntry)
      .findOneByOrFail({ viewId: viewTwo, actorId: world.users.a.nurse.id });
    const pg = api.config.database.kind === 'postgres';
    // what someone with direct database access could do: move a read to another page view
    if (pg) await api.ds.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
    else await api.ds.query('DROP TRIGGER audit_log_no_update');
    await api.ds.query(
      pg
        ? 'UPDATE audit_log SET view_id = $1 WHERE id = $2'
        : 'UPDATE audit_log SET view_id = ? WHERE id = ?',
      [viewOne, moved.id],
    );
    const after = await verify();
    expect(after).toMatchObject({ ok: false, firstBrokenId: moved.id });
  });
});
