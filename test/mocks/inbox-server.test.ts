/**
 * What the mock EHR offers the physician's inbox and the answers (issue 11): PractitionerRole search by
 * practitioner, a CapabilityStatement that says which search parameters and `_include`s it supports, the
 * answer's writes (QuestionnaireResponse, Condition) under the scopes Clarify requests, user/ scopes that
 * reach every patient while patient/ scopes reach only the launched one, and a provider launch that works
 * for every physician the launcher lists.
 */
import { describe, expect, it } from 'vitest';
import type { Bundle, CapabilityStatement, Condition, Encounter, OperationOutcome, QuestionnaireResponse, Resource, Task } from 'fhir/r4';
import { pkceChallenge } from '../../mocks/crypto';
import { FhirStore } from '../../mocks/fhir-store';
import { mockUsers, queryCounts, seedResources, TECHNICIAN_ID } from '../../mocks/fixtures';
import { createTestEhr, mockServer, TEST_APP_URL, TEST_FHIR_BASE } from '../../mocks/node';
import { createFhirGateway } from '../../src/fhir/gateway';
import { loadInbox } from '../../src/fhir/inbox';
import { launchScopes } from '../../src/fhir/scopes';
import { CLARIFY_CODE, SYSTEM } from '../../src/terminology/systems';
import { issueAccessToken } from '../support/tokens';
import { fhirClient } from './fhir-client';

const query = (id: string, patient: string, owner: string, status: Task['status'] = 'requested'): Task => ({
  resourceType: 'Task', id, status, intent: 'order', code: { coding: [{ system: SYSTEM.CLARIFY, code: CLARIFY_CODE.QUERY }] },
  for: { reference: `Patient/${patient}` }, owner: { reference: owner }, requester: { reference: `Practitioner/${TECHNICIAN_ID}` }, authoredOn: '2026-03-10T09:00:00Z',
});

const store = () => new FhirStore([
  { resourceType: 'Patient', id: 'p1' }, { resourceType: 'Patient', id: 'p2' },
  { resourceType: 'Practitioner', id: 'doc' },
  { resourceType: 'PractitionerRole', id: 'r1', active: true, practitioner: { reference: 'Practitioner/doc' } },
  { resourceType: 'PractitionerRole', id: 'r2', active: false, practitioner: { reference: 'Practitioner/doc' } },
  { resourceType: 'PractitionerRole', id: 'r3', practitioner: { reference: 'Practitioner/other' } },
  query('t1', 'p1', 'Practitioner/doc'), query('t2', 'p2', 'Practitioner/doc'), query('t3', 'p2', 'PractitionerRole/r1'),
] as Resource[]);

async function serve(scope: string, context: { patient?: string; user?: string } = {}) {
  const s = store();
  mockServer.use(...createTestEhr({ store: s }).handlers);
  return { store: s, fhir: fhirClient(await issueAccessToken(scope, { user: 'Practitioner/doc', ...context })) };
}

const diagnostics = (body: OperationOutcome) => body.issue.map((i) => i.diagnostics).join(' ');

describe('mock EHR: what the inbox searches', () => {
  it('searches PractitionerRole by practitioner (reference or id) and by active', async () => {
    const { fhir } = await serve('user/PractitionerRole.rs');
    expect(await fhir.ids('PractitionerRole?practitioner=Practitioner/doc')).toEqual(['r1', 'r2']);
    expect(await fhir.ids('PractitionerRole?practitioner=doc&active=true')).toEqual(['r1']);
    expect(await fhir.ids('PractitionerRole?practitioner=Practitioner/nobody')).toEqual([]);
    expect((await fhir.get('PractitionerRole?practioner=doc')).status).toBe(400);
  });

  it('finds Tasks by a list of owners (a practitioner and their role) across patients under user scopes', async () => {
    const { fhir } = await serve('user/Task.rus');
    expect((await fhir.ids('Task?owner=Practitioner/doc,PractitionerRole/r1&_sort=_id')).sort()).toEqual(['t1', 't2', 't3']);
  });

  it('lists in its CapabilityStatement the search parameters and _include values it supports, Task:patient among them', async () => {
    const { fhir } = await serve('user/Task.rus');
    const statement = (await fhir.get<CapabilityStatement>('metadata')).body;
    const resource = (type: string) => statement.rest?.[0]?.resource?.find((r) => r.type === type);
    expect(resource('Task')?.searchInclude).toEqual(expect.arrayContaining(['Task:patient', 'Task:encounter', 'Task:owner', 'Task:requester']));
    expect(resource('Task')?.searchParam?.map((p) => p.name)).toEqual(expect.arrayContaining(['owner', 'requester', 'status', 'code', 'patient', 'authored-on', '_id']));
    expect(resource('PractitionerRole')?.searchParam).toEqual(expect.arrayContaining([{ name: 'practitioner', type: 'reference' }, { name: 'active', type: 'token' }]));
    expect(resource('QuestionnaireResponse')?.interaction?.map((i) => i.code)).toEqual(expect.arrayContaining(['create', 'read', 'search-type']));
    expect(resource('Condition')?.interaction?.map((i) => i.code)).toContain('create');
    // What it lists, it serves: every _include of Task is accepted.
    for (const include of resource('Task')?.searchInclude ?? []) expect((await fhir.get(`Task?_include=${include}`)).status, include).toBe(200);
  });
});

describe('mock EHR: user/ scopes reach every patient, patient/ scopes only the launched one', () => {
  it('under user scopes (provider launch, no patient): reads and searches any patient\'s Tasks and Patients', async () => {
    const { fhir } = await serve(launchScopes('provider-standalone'));
    expect((await fhir.get('Patient/p2')).status).toBe(200);
    expect((await fhir.ids('Patient?_id=p1,p2')).sort()).toEqual(['p1', 'p2']);
    expect((await fhir.ids('Task?owner=Practitioner/doc')).sort()).toEqual(['t1', 't2']);
    const included = (await fhir.get<Bundle>('Task?owner=Practitioner/doc&_include=Task:patient')).body.entry!.filter((e) => e.search?.mode === 'include');
    expect(included.map((e) => e.resource!.id).sort()).toEqual(['p1', 'p2']);
  });

  it('under patient scopes (EHR launch on p1): only p1\'s Tasks match, p2 is 403 on read, and is never included', async () => {
    const { fhir } = await serve(launchScopes('ehr'), { patient: 'p1' });
    expect(await fhir.ids('Task?owner=Practitioner/doc')).toEqual(['t1']);
    const read = await fhir.get<OperationOutcome>('Patient/p2');
    expect(read.status).toBe(403);
    expect(diagnostics(read.body)).toMatch(/outside the patient in context/);
    expect((await fhir.get('Task/t2')).status).toBe(403);
    expect(await fhir.ids('Patient?_id=p1,p2')).toEqual(['p1']);
    const included = (await fhir.get<Bundle>('Task?owner=Practitioner/doc&_include=Task:patient')).body.entry!.filter((e) => e.search?.mode === 'include');
    expect(included.map((e) => e.resource!.id)).toEqual(['p1']);
  });

  it('refuses patient scopes without a patient in context (403), whatever the user', async () => {
    const { fhir } = await serve('patient/Task.rs');
    const search = await fhir.get<OperationOutcome>('Task?owner=Practitioner/doc');
    expect(search.status).toBe(403);
    expect(diagnostics(search.body)).toMatch(/need a patient in context/);
  });

  it('writes an answer for any patient under user scopes, and only for the launched patient under patient scopes', async () => {
    const answer = (patient: string): QuestionnaireResponse => ({
      resourceType: 'QuestionnaireResponse', status: 'completed', subject: { reference: `Patient/${patient}` }, author: { reference: 'Practitioner/doc' },
      item: [{ linkId: 'comment', answer: [{ valueString: 'ok' }] }],
    });
    const user = await serve(launchScopes('provider-standalone'));
    expect((await user.fhir.post('QuestionnaireResponse', answer('p2'))).status).toBe(201);
    const chart = await serve(launchScopes('ehr'), { patient: 'p1' });
    expect((await chart.fhir.post('QuestionnaireResponse', answer('p1'))).status).toBe(201);
    expect((await chart.fhir.post('QuestionnaireResponse', answer('p2'))).status).toBe(403);
  });
});

describe('mock EHR: the answer\'s writes', () => {
  const condition = (fields: Partial<Condition> = {}): Condition => ({
    resourceType: 'Condition', subject: { reference: 'Patient/p1' },
    clinicalStatus: { coding: [{ system: SYSTEM.CONDITION_CLINICAL, code: 'active' }] },
    verificationStatus: { coding: [{ system: SYSTEM.CONDITION_VERIFICATION, code: 'confirmed' }] },
    code: { coding: [{ system: SYSTEM.ICD10CM, code: 'E87.1' }] }, ...fields,
  });

  it.each([['v2', launchScopes('provider-standalone', 'v2')], ['v1', launchScopes('provider-standalone', 'v1')]])('accepts a Condition, a QuestionnaireResponse and a Task update under the provider launch\'s %s scopes', async (_syntax, scope) => {
    const { fhir } = await serve(scope);
    expect((await fhir.post('Condition', condition())).status).toBe(201);
    expect((await fhir.post('QuestionnaireResponse', { resourceType: 'QuestionnaireResponse', status: 'completed', subject: { reference: 'Patient/p1' } })).status).toBe(201);
    const task = (await fhir.get<Task>('Task/t1')).body;
    expect((await fhir.put(`Task/t1`, { ...task, status: 'received' }, { 'If-Match': 'W/"1"' })).status).toBe(200);
    expect((await fhir.put(`Task/t1`, { ...task, status: 'completed' }, { 'If-Match': 'W/"1"' })).status).toBe(412);
  });

  it('refuses what the provider launch does not ask: creating a Task, updating a Condition, a Questionnaire', async () => {
    const { fhir } = await serve(launchScopes('provider-standalone'));
    expect((await fhir.post('Task', query('x', 'p1', 'Practitioner/doc'))).status).toBe(403);
    const created = (await fhir.post<Condition>('Condition', condition())).body;
    expect((await fhir.put(`Condition/${created.id}`, { ...created, note: [{ text: 'changed' }] })).status).toBe(403);
    expect((await fhir.post('Questionnaire', { resourceType: 'Questionnaire', status: 'active' })).status).toBe(403);
  });

  it.each<[string, Partial<Condition>, RegExp]>([
    ['without a subject', { subject: undefined }, /Condition\.subject is required/],
    ['with a clinical status of another system', { clinicalStatus: { coding: [{ system: 'urn:x', code: 'active' }] } }, /Condition\.clinicalStatus must have a coding/],
    ['with a verification status that is no code', { verificationStatus: { coding: [{ system: SYSTEM.CONDITION_VERIFICATION, code: 'sure' }] } }, /Condition\.verificationStatus must have a coding/],
    ['with a clinical status although entered in error', { verificationStatus: { coding: [{ system: SYSTEM.CONDITION_VERIFICATION, code: 'entered-in-error' }] } }, /con-5/],
    ['with a status that is not a CodeableConcept', { clinicalStatus: 'active' as never }, /CodeableConcept/],
  ])('refuses a Condition %s (400)', async (_name, fields, problem) => {
    const { fhir } = await serve(launchScopes('provider-standalone'));
    const written = await fhir.post<OperationOutcome>('Condition', condition(fields));
    expect(written.status).toBe(400);
    expect(diagnostics(written.body)).toMatch(problem);
  });
});

describe('the mock EHR launcher\'s users', () => {
  it('lists the technician first, then every Practitioner of the seed, each once, and every practitioner an encounter names', () => {
    const users = mockUsers();
    expect(users[0]).toMatchObject({ role: 'technician', practitioner: { id: TECHNICIAN_ID } });
    const physicians = users.slice(1).map((u) => u.practitioner.id!);
    expect(users.slice(1).every((u) => u.role === 'physician')).toBe(true);
    expect(new Set(physicians).size).toBe(physicians.length);
    const seed = seedResources();
    const seededPractitioners = seed.filter((r) => r.resourceType === 'Practitioner' && r.id !== TECHNICIAN_ID).map((r) => r.id!);
    expect(physicians.sort()).toEqual([...new Set(seededPractitioners)].sort());
    const participants = seed.flatMap((r) => (r.resourceType === 'Encounter' ? (r as Encounter).participant ?? [] : []))
      .map((p) => p.individual?.reference).filter((r): r is string => typeof r === 'string' && r.startsWith('Practitioner/'));
    for (const reference of new Set(participants)) expect(physicians, reference).toContain(reference.slice('Practitioner/'.length));
    expect(physicians.length).toBeGreaterThanOrEqual(9);
  });

  it('adds anyone a written query is addressed to, directly or through a PractitionerRole, and counts the open queries and those sent', () => {
    const written: Resource[] = [
      query('a', 'p1', 'Practitioner/visiting-doc'),
      query('b', 'p1', 'PractitionerRole/locum-role'),
      { resourceType: 'PractitionerRole', id: 'locum-role', practitioner: { reference: 'Practitioner/locum' } } as Resource,
      query('c', 'p1', 'Practitioner/visiting-doc', 'completed'),
    ];
    const physicians = mockUsers(written).slice(1).map((u) => u.practitioner.id);
    expect(physicians).toEqual(expect.arrayContaining(['visiting-doc', 'locum']));
    const counts = queryCounts(written);
    expect(counts.get('visiting-doc')).toEqual({ open: 1, sent: 0 });
    expect(counts.get('locum')).toEqual({ open: 1, sent: 0 });
    expect(counts.get(TECHNICIAN_ID)).toEqual({ open: 0, sent: 3 });
  });

  it('gives every physician a working provider launch: signed in at the EHR, no patient, the inbox finds the query addressed to them', async () => {
    const physicians = mockUsers().filter((u) => u.role === 'physician');
    const patient = seedResources().find((r) => r.resourceType === 'Patient')!;
    const seeded = new FhirStore([...seedResources(), ...physicians.map((u, i) => query(`inbox-${i}`, patient.id!, `Practitioner/${u.practitioner.id}`))]);
    mockServer.use(...createTestEhr({ store: seeded }).handlers);
    const verifier = 'provider-launch-verifier-0123456789-0123456789-abcdef';
    for (const [i, { practitioner }] of physicians.entries()) {
      const user = `Practitioner/${practitioner.id}`;
      // The launcher's provider launch: no `launch`, the EHR's sign-in session names the user (mock-authorize.ts posts it).
      const form = new URLSearchParams({
        response_type: 'code', client_id: 'clarify', redirect_uri: TEST_APP_URL, scope: launchScopes('provider-standalone'), state: 's',
        aud: TEST_FHIR_BASE, code_challenge: await pkceChallenge(verifier), code_challenge_method: 'S256', signed_in_user: user,
      });
      const authorized = (await (await fetch(`${TEST_FHIR_BASE}/auth/authorize`, { method: 'POST', body: form })).json()) as { redirect?: string };
      const code = new URL(authorized.redirect!).searchParams.get('code')!;
      const token = (await (await fetch(`${TEST_FHIR_BASE}/auth/token`, {
        method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: TEST_APP_URL, client_id: 'clarify', code_verifier: verifier }),
      })).json()) as { access_token: string; patient?: string; scope: string };
      expect(token.patient, user).toBeUndefined();
      expect(token.scope).toBe(launchScopes('provider-standalone'));
      const gateway = createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => `Bearer ${token.access_token}` });
      const inbox = await loadInbox(gateway, user as `Practitioner/${string}`);
      expect(inbox.queries.map((q) => q.id), user).toEqual([`inbox-${i}`]);
      expect(inbox.patients.has(`Patient/${patient.id}`), user).toBe(true);
      expect(inbox.problems, user).toEqual([]);
    }
  });
});
