/**
 * The physician's inbox and the technician's "Queries I sent" (src/fhir/inbox.ts) against the mock EHR (msw),
 * under the scopes Clarify really requests: the search by owner (the practitioner and their PractitionerRoles)
 * and by requester, open and closed queries, paging, the Patients and Encounters by `_id` or by `_include`
 * as the CapabilityStatement says, untrusted answers, and the parts that fail while the rest loads.
 */
import { describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import type { CapabilityStatement, Encounter, Patient, Resource, Task } from 'fhir/r4';
import { createFhirGateway } from '../../src/fhir/gateway';
import { CLOSED_TASK_STATUSES, inboxUserOf, loadInbox, loadSentByMe, OPEN_TASK_STATUSES } from '../../src/fhir/inbox';
import { launchScopes } from '../../src/fhir/scopes';
import { permissionsFrom } from '../../src/fhir/permissions';
import { isOpenQuery, queryStatus } from '../../src/query/query-status';
import { CLARIFY_CODE, SYSTEM } from '../../src/terminology/systems';
import { FhirStore } from '../../mocks/fhir-store';
import { createTestEhr, mockServer, TEST_FHIR_BASE } from '../../mocks/node';
import { issueAccessToken } from '../support/tokens';
import { NOT_GRANTED } from '../../src/messages';

const query = (id: string, fields: Partial<Task> & { owner?: string; patient?: string; encounter?: string; requester?: string } = {}): Task => {
  const { owner = 'Practitioner/doc', patient = 'p1', encounter, requester = 'Practitioner/tech', ...rest } = fields;
  return {
    resourceType: 'Task', id, status: 'requested', intent: 'order', code: { coding: [{ system: SYSTEM.CLARIFY, code: CLARIFY_CODE.QUERY }] },
    for: { reference: `Patient/${patient}` }, ...(encounter ? { encounter: { reference: `Encounter/${encounter}` } } : {}),
    owner: { reference: owner }, requester: { reference: requester }, authoredOn: '2026-03-10T09:00:00Z', ...rest,
  };
};
const patient = (id: string): Patient => ({ resourceType: 'Patient', id, name: [{ family: `Family-${id}`, given: ['Pat'] }], birthDate: '1950-01-01' });
const encounter = (id: string, p: string): Encounter => ({ resourceType: 'Encounter', id, status: 'finished', class: { code: 'IMP' }, subject: { reference: `Patient/${p}` } });

const PEOPLE: Resource[] = [
  { resourceType: 'Practitioner', id: 'doc' }, { resourceType: 'Practitioner', id: 'doc2' }, { resourceType: 'Practitioner', id: 'tech' },
  { resourceType: 'PractitionerRole', id: 'doc-hospitalist', practitioner: { reference: 'Practitioner/doc' } } as Resource,
  { resourceType: 'PractitionerRole', id: 'doc2-role', practitioner: { reference: 'Practitioner/doc2' } } as Resource,
];

/** Doc's queries: two open (one through his role), two closed; plus what is not his inbox's. */
function inboxStore(extra: Resource[] = []): FhirStore {
  return new FhirStore([
    patient('p1'), patient('p2'), patient('p3'), encounter('e1', 'p1'), encounter('e2', 'p2'), ...PEOPLE,
    query('open-direct', { encounter: 'e1', authoredOn: '2026-03-10T09:00:00Z' }),
    query('open-role', { owner: 'PractitionerRole/doc-hospitalist', patient: 'p2', encounter: 'e2', status: 'received', authoredOn: '2026-03-12T09:00:00Z' }),
    query('answered', { status: 'completed', authoredOn: '2026-03-05T09:00:00Z' }),
    query('cancelled', { status: 'cancelled', patient: 'p3', authoredOn: '2026-03-01T09:00:00Z' }),
    query('other-physician', { owner: 'Practitioner/doc2' }),
    query('other-role', { owner: 'PractitionerRole/doc2-role' }),
    query('not-a-query', { code: { coding: [{ system: 'urn:other', code: CLARIFY_CODE.QUERY }] } }),
    query('in-error', { status: 'entered-in-error' }),
    query('draft', { status: 'draft' }),
    ...extra,
  ]);
}

interface Setup { store?: FhirStore; scope?: string; user?: string; patient?: string }

async function setUp(setup: Setup = {}) {
  const store = setup.store ?? inboxStore();
  mockServer.use(...createTestEhr({ store }).handlers);
  const token = await issueAccessToken(setup.scope ?? launchScopes('provider-standalone'), { user: setup.user ?? 'Practitioner/doc', ...(setup.patient ? { patient: setup.patient } : {}) });
  const requests: URL[] = [];
  const gateway = createFhirGateway({
    baseUrl: TEST_FHIR_BASE, authorization: async () => `Bearer ${token}`, sleep: async () => {},
    fetch: (input, init) => {
      requests.push(new URL(String(input)));
      return fetch(input, init);
    },
  });
  const searches = (type: string) => requests.filter((u) => u.pathname === `/fhir/${type}`);
  return { store, gateway, requests, searches };
}

/** A CapabilityStatement that lists Task without searchInclude (a server that offers no _include). */
const withoutIncludes = () => http.get(`${TEST_FHIR_BASE}/metadata`, () => HttpResponse.json<CapabilityStatement>({
  resourceType: 'CapabilityStatement', status: 'active', date: '2026-01-01', kind: 'instance', fhirVersion: '4.0.1', format: ['json'],
  rest: [{ mode: 'server', resource: [{ type: 'Task', searchParam: [{ name: 'owner', type: 'reference' }] }, { type: 'Patient' }, { type: 'Encounter' }] }],
}));

describe('loadInbox', () => {
  it('finds the queries addressed to the practitioner and to their PractitionerRoles, open and closed, newest first, with their patients and encounters', async () => {
    const { gateway } = await setUp();
    const inbox = await loadInbox(gateway, 'Practitioner/doc');
    expect(inbox.people).toEqual(['Practitioner/doc', 'PractitionerRole/doc-hospitalist']);
    expect(inbox.queries.map((q) => [q.id, q.status])).toEqual([
      ['open-role', 'received'], ['open-direct', 'requested'], ['answered', 'completed'], ['cancelled', 'cancelled'],
    ]);
    expect(inbox.open).toEqual({ complete: true, total: 2 });
    expect(inbox.closed).toEqual({ complete: true, total: 2 });
    expect([...inbox.patients.keys()].sort()).toEqual(['Patient/p1', 'Patient/p2', 'Patient/p3']);
    expect(inbox.patients.get('Patient/p2')?.name?.[0]?.family).toBe('Family-p2');
    expect([...inbox.encounters.keys()].sort()).toEqual(['Encounter/e1', 'Encounter/e2']);
    expect(inbox).toMatchObject({ unresolved: [], problems: [], setAside: 0 });
    expect(inbox.queries.find((q) => q.id === 'open-direct')?.versionId).toBe('1');
  });

  it('searches by owner, Clarify\'s code and the status lists, sorted newest first, and the roles by practitioner', async () => {
    const { gateway, searches } = await setUp();
    await loadInbox(gateway, 'Practitioner/doc');
    const [open, closed] = searches('Task').map((u) => u.searchParams);
    expect(open?.get('owner')).toBe('Practitioner/doc,PractitionerRole/doc-hospitalist');
    expect(open?.get('code')).toBe(`${SYSTEM.CLARIFY}|${CLARIFY_CODE.QUERY}`);
    expect(open?.get('status')).toBe(OPEN_TASK_STATUSES.join(','));
    expect(closed?.get('status')).toBe(CLOSED_TASK_STATUSES.join(','));
    expect(open?.get('_sort')).toBe('-authored-on');
    expect(searches('PractitionerRole').map((u) => u.searchParams.get('practitioner'))).toEqual(['Practitioner/doc']);
  });

  it('splits the statuses as the query model does: open statuses are open queries, closed ones are not', () => {
    const now = Date.parse('2026-03-01T00:00:00Z');
    for (const status of OPEN_TASK_STATUSES) expect(isOpenQuery(queryStatus(query('t', { status }), now)), status).toBe(true);
    for (const status of CLOSED_TASK_STATUSES) expect(isOpenQuery(queryStatus(query('t', { status }), now)), status).toBe(false);
  });

  it('signed in as a PractitionerRole: reads the role for its practitioner and finds the queries addressed to either', async () => {
    const { gateway } = await setUp({ user: 'PractitionerRole/doc-hospitalist' });
    const inbox = await loadInbox(gateway, 'PractitionerRole/doc-hospitalist');
    expect(inbox.people).toEqual(['PractitionerRole/doc-hospitalist', 'Practitioner/doc']);
    expect(inbox.queries.map((q) => q.id)).toEqual(['open-role', 'open-direct', 'answered', 'cancelled']);
  });

  it('uses the roles the caller knows without searching them', async () => {
    const { gateway, searches } = await setUp();
    const inbox = await loadInbox(gateway, 'Practitioner/doc', { roles: ['PractitionerRole/doc-hospitalist', 'not a reference'] });
    expect(searches('PractitionerRole')).toEqual([]);
    expect(inbox.people).toEqual(['Practitioner/doc', 'PractitionerRole/doc-hospitalist']);
    expect(inbox.queries).toHaveLength(4);
  });

  it('follows next links to the last page of open queries', async () => {
    const many = Array.from({ length: 120 }, (_, i) => query(`q${String(i).padStart(3, '0')}`, { authoredOn: `2026-02-01T${String(i % 24).padStart(2, '0')}:00:00Z` }));
    const { gateway, searches } = await setUp({ store: inboxStore(many) });
    const inbox = await loadInbox(gateway, 'Practitioner/doc', { openOnly: true });
    expect(inbox.queries).toHaveLength(122);
    expect(inbox.open).toEqual({ complete: true, total: 122 });
    expect(inbox.closed).toBeUndefined();
    expect(searches('Task').filter((u) => u.searchParams.has('_offset')).length).toBe(2); // pages 2 and 3 of 50
  });

  it('stops at the page bound and says so, with the server\'s count of what there is', async () => {
    const many = Array.from({ length: 30 }, (_, i) => query(`old${i}`, { status: 'completed', authoredOn: `2025-01-${String(i + 1).padStart(2, '0')}T00:00:00Z` }));
    const { gateway } = await setUp({ store: inboxStore(many) });
    const inbox = await loadInbox(gateway, 'Practitioner/doc', { pageSize: 10, maxClosedPages: 2 });
    expect(inbox.open).toEqual({ complete: true, total: 2 });
    expect(inbox.closed).toEqual({ complete: false, total: 32 });
    expect(inbox.queries.filter((q) => q.status === 'completed' || q.status === 'cancelled')).toHaveLength(20);
    // Newest first: the most recent history is what was read.
    expect(inbox.queries.map((q) => q.id)).toContain('answered');
  });

  it('asks _include=Task:patient (and Task:encounter) when the CapabilityStatement offers it, and reads nothing else by id', async () => {
    const { gateway, searches } = await setUp();
    const inbox = await loadInbox(gateway, 'Practitioner/doc');
    expect(searches('Task')[0]?.searchParams.getAll('_include')).toEqual(['Task:patient', 'Task:encounter']);
    expect(searches('Patient')).toEqual([]);
    expect(searches('Encounter')).toEqual([]);
    expect(inbox.patients.size).toBe(3);
    expect(inbox.encounters.size).toBe(2);
  });

  it('reads the Patients and Encounters by _id, 50 at a time, when the CapabilityStatement offers no _include', async () => {
    const patients = Array.from({ length: 60 }, (_, i) => patient(`x${i}`));
    const queries = patients.map((p, i) => query(`px${i}`, { patient: p.id! }));
    const { gateway, searches } = await setUp({ store: inboxStore([...patients, ...queries]) });
    mockServer.use(withoutIncludes());
    const inbox = await loadInbox(gateway, 'Practitioner/doc');
    expect(searches('Task').every((u) => !u.searchParams.has('_include'))).toBe(true);
    const byId = searches('Patient').map((u) => u.searchParams.get('_id')!.split(',').length);
    expect(byId).toEqual([50, 13]);
    expect(searches('Encounter').map((u) => u.searchParams.get('_id')!.split(',').sort().join(','))).toEqual(['e1,e2']);
    expect(inbox.patients.size).toBe(63);
    expect(inbox.unresolved).toEqual([]);
  });

  it('reads by _id when the server has no CapabilityStatement to give, and reads it once per session', async () => {
    const { gateway, searches, requests } = await setUp();
    mockServer.use(http.get(`${TEST_FHIR_BASE}/metadata`, () => new HttpResponse(null, { status: 404 })));
    await loadInbox(gateway, 'Practitioner/doc');
    expect(searches('Patient')).toHaveLength(1);
    mockServer.resetHandlers();
    mockServer.use(...createTestEhr({ store: inboxStore() }).handlers);
    await loadInbox(gateway, 'Practitioner/doc');
    await loadSentByMe(gateway, 'Practitioner/doc');
    // The failed read is not kept; the successful one is.
    expect(requests.filter((u) => u.pathname === '/fhir/metadata')).toHaveLength(2);
  });

  it('reads by _id what the _include did not bring', async () => {
    const { gateway, searches } = await setUp();
    // A server that offers _include but leaves the included resources out (answers as if it were not asked).
    mockServer.use(http.get(`${TEST_FHIR_BASE}/Task`, async ({ request }) => {
      const url = new URL(request.url);
      if (!url.searchParams.has('_include')) return undefined;
      url.searchParams.delete('_include');
      const answer = await fetch(url, { headers: { Authorization: request.headers.get('Authorization')! } });
      return HttpResponse.json(await answer.json());
    }));
    const inbox = await loadInbox(gateway, 'Practitioner/doc');
    expect(searches('Task')[0]?.searchParams.getAll('_include')).toEqual(['Task:patient', 'Task:encounter']);
    expect(searches('Patient')).toHaveLength(1);
    expect(searches('Encounter')).toHaveLength(1);
    expect(inbox.patients.size).toBe(3);
    expect(inbox.encounters.size).toBe(2);
  });

  it('keeps only the user\'s own Clarify queries from an untrusted answer, and only the patients they name', async () => {
    const { gateway } = await setUp();
    const junk: unknown[] = [
      null, 42, { resourceType: 'Task' }, query('bad id!'),
      query('someone-elses', { owner: 'Practitioner/doc2' }),
      query('absolute-elsewhere', { owner: 'https://other.example/fhir/Practitioner/doc' }),
      query('absolute-here', { owner: `${TEST_FHIR_BASE}/Practitioner/doc`, patient: 'p2' }),
      query('wrong-status', { status: 'completed' }),
      { ...query('not-ours'), code: { text: 'something else' } },
      query('fine'), query('fine'),
    ];
    mockServer.use(http.get(`${TEST_FHIR_BASE}/Task`, ({ request }) => {
      const closed = new URL(request.url).searchParams.get('status') !== OPEN_TASK_STATUSES.join(',');
      return HttpResponse.json({
        resourceType: 'Bundle', type: 'searchset',
        entry: closed ? [] : [
          ...junk.map((resource) => ({ resource, search: { mode: 'match' } })),
          { resource: { ...patient('p1'), name: [{ family: 'Evil\u001b[2J<img src=x onerror=alert(1)>' }] }, search: { mode: 'include' } },
          { resource: patient('p9'), search: { mode: 'include' } },
          { resource: { resourceType: 'OperationOutcome', issue: [] }, search: { mode: 'outcome' } },
        ],
      });
    }));
    const inbox = await loadInbox(gateway, 'Practitioner/doc', { roles: [] });
    expect(inbox.queries.map((q) => q.id).sort()).toEqual(['absolute-here', 'fine']);
    expect(inbox.setAside).toBe(7);
    expect([...inbox.patients.keys()].sort()).toEqual(['Patient/p1', 'Patient/p2']);
    // Text is read through the trust boundary: the terminal escape is gone.
    expect(inbox.patients.get('Patient/p1')?.name?.[0]?.family).not.toMatch(/\u001b/);
  });

  it('lists references it cannot read as unresolved: another server\'s patient, a patient that is not there', async () => {
    const { gateway } = await setUp({
      store: inboxStore([
        query('elsewhere', { for: { reference: 'https://other.example/fhir/Patient/z' } }),
        query('missing', { patient: 'gone', encounter: 'gone-too' }),
      ]),
    });
    const inbox = await loadInbox(gateway, 'Practitioner/doc');
    expect(inbox.unresolved.sort()).toEqual(['Encounter/gone-too', 'Patient/gone', 'https://other.example/fhir/Patient/z']);
    expect(inbox.queries.map((q) => q.id)).toEqual(expect.arrayContaining(['elsewhere', 'missing']));
  });

  it('loads the queries when the Patients cannot be read (403), and says which part failed', async () => {
    const scope = launchScopes('provider-standalone').replace('user/Patient.rs', '');
    const { gateway } = await setUp({ scope });
    mockServer.use(withoutIncludes());
    const inbox = await loadInbox(gateway, 'Practitioner/doc');
    expect(inbox.queries).toHaveLength(4);
    expect(inbox.problems).toEqual([{ part: 'patients', reason: expect.stringMatching(/^access denied by the EHR \(403\)/), status: 403 }]);
    expect(inbox.unresolved.sort()).toEqual(['Patient/p1', 'Patient/p2', 'Patient/p3']);
    expect(inbox.encounters.size).toBe(2);
  });

  it('does not ask for a part the EHR did not grant (permissions), and says so', async () => {
    const scope = launchScopes('provider-standalone').replace('user/Patient.rs', '').replace('user/PractitionerRole.rs', '');
    const { gateway, searches } = await setUp({ scope });
    const inbox = await loadInbox(gateway, 'Practitioner/doc', { permissions: permissionsFrom(scope.split(' ')) });
    expect(searches('Patient')).toEqual([]);
    expect(searches('PractitionerRole')).toEqual([]);
    expect(searches('Task')[0]?.searchParams.getAll('_include')).toEqual(['Task:encounter']);
    expect(inbox.problems).toEqual([{ part: 'roles', reason: NOT_GRANTED }, { part: 'patients', reason: NOT_GRANTED }]);
    expect(inbox.queries.map((q) => q.id)).toEqual(['open-direct', 'answered', 'cancelled']); // not the role's
  });

  it('loads the open queries when the closed ones fail, and reports it', async () => {
    const { gateway } = await setUp();
    mockServer.use(http.get(`${TEST_FHIR_BASE}/Task`, ({ request }) => (new URL(request.url).searchParams.get('status')?.includes('completed')
      ? HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] }, { status: 500 })
      : undefined)));
    const inbox = await loadInbox(gateway, 'Practitioner/doc');
    expect(inbox.queries.map((q) => q.id)).toEqual(['open-role', 'open-direct']);
    expect(inbox.closed).toEqual({ complete: false });
    expect(inbox.problems).toEqual([{ part: 'closed', reason: 'the EHR had an error (500)', status: 500 }]);
  });

  it('throws when the open queries cannot be read, or the session has expired', async () => {
    const { gateway } = await setUp({ scope: launchScopes('provider-standalone').replace('user/Task.rus', '') });
    await expect(loadInbox(gateway, 'Practitioner/doc')).rejects.toMatchObject({ kind: 'forbidden', status: 403 });
    const expired = createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => 'Bearer expired' });
    await expect(loadInbox(expired, 'Practitioner/doc')).rejects.toMatchObject({ kind: 'unauthorized' });
  });

  it('narrowed to one patient (the chart, EHR launch with patient scopes): the open queries addressed to the user about that patient', async () => {
    const { gateway } = await setUp({ scope: launchScopes('ehr'), patient: 'p1' });
    const inbox = await loadInbox(gateway, 'Practitioner/doc', { patient: 'Patient/p1', openOnly: true });
    expect(inbox.queries.map((q) => q.id)).toEqual(['open-direct']);
    expect([...inbox.patients.keys()]).toEqual(['Patient/p1']);
  });

  it('under the EHR launch\'s patient scopes, without a patient filter, sees only the launch patient\'s queries (the server enforces it)', async () => {
    const { gateway } = await setUp({ scope: launchScopes('ehr'), patient: 'p2' });
    const inbox = await loadInbox(gateway, 'Practitioner/doc');
    expect(inbox.queries.map((q) => q.id)).toEqual(['open-role']);
  });

  it('refuses a user that is not a practitioner', async () => {
    const { gateway } = await setUp();
    await expect(loadInbox(gateway, 'Patient/p1' as never)).rejects.toThrow(TypeError);
  });
});

describe('loadSentByMe', () => {
  it('finds the queries the user sent, whoever they went to', async () => {
    const { gateway, searches } = await setUp({ user: 'Practitioner/tech' });
    const sent = await loadSentByMe(gateway, 'Practitioner/tech');
    expect(searches('Task')[0]?.searchParams.get('requester')).toBe('Practitioner/tech');
    expect(sent.queries.map((q) => q.id).sort()).toEqual(['answered', 'cancelled', 'open-direct', 'open-role', 'other-physician', 'other-role']);
    expect(sent.open).toEqual({ complete: true, total: 4 });
  });
});

describe('inboxUserOf', () => {
  it.each<[unknown, string | undefined]>([
    ['Practitioner/doc', 'Practitioner/doc'],
    ['PractitionerRole/r1', 'PractitionerRole/r1'],
    [`${TEST_FHIR_BASE}/Practitioner/doc`, 'Practitioner/doc'],
    ['https://other.example/fhir/Practitioner/doc', undefined],
    ['Patient/p1', undefined],
    ['Practitioner/a b', undefined],
    [42, undefined],
  ])('reads %s', (fhirUser, expected) => {
    expect(inboxUserOf(fhirUser, TEST_FHIR_BASE)).toBe(expected);
  });
});

describe('loadInbox: the answers of closed queries', () => {
  it('reads the QuestionnaireResponse each answered query names in Task.output, so the closed tab shows the answer', async () => {
    const answer = {
      resourceType: 'QuestionnaireResponse', id: 'qr-1', status: 'completed', subject: { reference: 'Patient/p1' }, authored: '2026-03-06T10:00:00Z',
      item: [{ linkId: 'answer', answer: [{ valueCoding: { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'E87.1', display: 'Hyponatremia' } }] }],
    } as Resource;
    const answered = query('answered-with-output', {
      status: 'completed', authoredOn: '2026-03-05T09:00:00Z',
      output: [{ type: { text: 'questionnaire-response' }, valueReference: { reference: 'QuestionnaireResponse/qr-1' } }],
    });
    const { gateway } = await setUp({ store: inboxStore([answer, answered]) });
    const inbox = await loadInbox(gateway, 'Practitioner/doc');
    expect([...inbox.answers.keys()]).toEqual(['QuestionnaireResponse/qr-1']);
    const task = inbox.queries.find((q) => q.id === 'answered-with-output')!.task;
    const status = queryStatus(task, Date.parse('2026-03-07T00:00:00Z'), (reference) => inbox.answers.get(reference));
    expect(status.answer?.choices.map((c) => c.text)).toEqual(['Hyponatremia']);
  });

  it('says the answers could not be read when the EHR did not grant QuestionnaireResponse, and loads the rest', async () => {
    const { gateway } = await setUp({ store: inboxStore([query('a2', { status: 'completed', output: [{ type: { text: 'questionnaire-response' }, valueReference: { reference: 'QuestionnaireResponse/qr-9' } }] })]) });
    const { permissionsFrom } = await import('../../src/fhir/permissions');
    const inbox = await loadInbox(gateway, 'Practitioner/doc', { permissions: permissionsFrom(launchScopes('provider-standalone').split(' ').filter((s) => !s.includes('QuestionnaireResponse'))) });
    expect(inbox.problems).toContainEqual({ part: 'answers', reason: NOT_GRANTED });
    expect(inbox.queries.map((q) => q.id)).toContain('a2');
  });
});
