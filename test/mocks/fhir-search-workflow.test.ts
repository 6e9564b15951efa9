/**
 * The mock EHR's searches over the query workflow's types (Task, DetectedIssue, Provenance,
 * QuestionnaireResponse, Questionnaire): the parameters Clarify and the physician inbox use, `_sort` and
 * `_include`, matched as FHIR R4 search.html says, and refused (400) when unknown.
 */
import { describe, expect, it } from 'vitest';
import type { Bundle, DetectedIssue, Patient, Provenance, Questionnaire, QuestionnaireResponse, Resource, Task } from 'fhir/r4';
import { createTestEhr, mockServer } from '../../mocks/node';
import { FhirStore } from '../../mocks/fhir-store';
import { planSearch, matches } from '../../mocks/fhir-search';
import { issueAccessToken } from '../support/tokens';
import { fhirClient } from './fhir-client';

const CLARIFY = 'http://example.org/clarify/fhir/CodeSystem/clarify';

function queryTask(id: string, fields: Partial<Task> = {}): Task {
  return {
    resourceType: 'Task', id, status: 'requested', intent: 'order',
    code: { coding: [{ system: CLARIFY, code: 'clarification-query' }] },
    for: { reference: 'Patient/p1' }, encounter: { reference: 'Encounter/e1' },
    requester: { reference: 'Practitioner/tech' }, owner: { reference: 'Practitioner/doc' },
    identifier: [{ system: 'urn:q', value: id }],
    ...fields,
  };
}

const TASKS: Task[] = [
  queryTask('t1', { authoredOn: '2026-03-02T09:00:00Z' }),
  queryTask('t2', { authoredOn: '2026-03-04T09:00:00-08:00', status: 'accepted' }),
  queryTask('t3', { authoredOn: '2026-03-03T09:00:00Z', status: 'completed', owner: { reference: 'Practitioner/other' }, encounter: { reference: 'Encounter/e2' } }),
  queryTask('t4', { status: 'cancelled' }),
  queryTask('t5', { code: { coding: [{ system: 'urn:other', code: 'clarification-query' }] }, authoredOn: '2026-03-01T00:00:00Z' }),
  queryTask('other-patient', { for: { reference: 'Patient/p2' }, authoredOn: '2026-03-05T00:00:00Z' }),
];

const ISSUES: DetectedIssue[] = [
  { resourceType: 'DetectedIssue', id: 'd1', status: 'preliminary', patient: { reference: 'Patient/p1' }, identifier: [{ system: 'urn:f', value: 'f-1' }], code: { coding: [{ system: CLARIFY, code: 'cdi-finding' }] } },
  { resourceType: 'DetectedIssue', id: 'd2', status: 'preliminary', patient: { reference: 'Patient/p1' }, identifier: [{ system: 'urn:f', value: 'f-2' }], code: { coding: [{ system: 'urn:x', code: 'other' }] } },
];

const PROVENANCES: Provenance[] = [
  { resourceType: 'Provenance', id: 'pv1', target: [{ reference: 'Task/t1/_history/1' }], recorded: '2026-03-02T09:00:00Z', agent: [{ who: { reference: 'Practitioner/tech' } }] },
  { resourceType: 'Provenance', id: 'pv2', target: [{ reference: 'Patient/p1' }], recorded: '2026-03-02T09:00:00Z', agent: [{ who: { reference: 'Practitioner/tech' } }] },
];

const RESPONSES: QuestionnaireResponse[] = [
  { resourceType: 'QuestionnaireResponse', id: 'qr1', status: 'completed', subject: { reference: 'Patient/p1' }, author: { reference: 'Practitioner/doc' }, basedOn: [{ reference: 'Task/t3' }] },
];

const QUESTIONNAIRES: Questionnaire[] = [{ resourceType: 'Questionnaire', id: 'qn1', status: 'active', url: 'http://example.org/q/1' }];

async function serve(scope = 'patient/*.rs user/Practitioner.rs') {
  const patients: Patient[] = [{ resourceType: 'Patient', id: 'p1' }, { resourceType: 'Patient', id: 'p2' }];
  const store = new FhirStore([...patients, { resourceType: 'Practitioner', id: 'doc' }, ...TASKS, ...ISSUES, ...PROVENANCES, ...RESPONSES, ...QUESTIONNAIRES] as Resource[]);
  mockServer.use(...createTestEhr({ store }).handlers);
  return fhirClient(await issueAccessToken(scope, { patient: 'p1' }));
}

describe('mock EHR: Task search', () => {
  it.each<[string, string[]]>([
    ['patient=p1', ['t1', 't2', 't3', 't4', 't5']],
    ['patient=Patient/p1', ['t1', 't2', 't3', 't4', 't5']],
    ['subject=Patient/p1', ['t1', 't2', 't3', 't4', 't5']],
    ['owner=Practitioner/doc', ['t1', 't2', 't4', 't5']],
    ['requester=Practitioner/tech&owner=Practitioner/other', ['t3']],
    ['status=requested,accepted', ['t1', 't2', 't5']],
    [`code=${encodeURIComponent(`${CLARIFY}|clarification-query`)}`, ['t1', 't2', 't3', 't4']],
    ['code=clarification-query', ['t1', 't2', 't3', 't4', 't5']],
    [`identifier=${encodeURIComponent('urn:q|t2')}`, ['t2']],
    ['identifier=t3', ['t3']],
    ['encounter=Encounter/e2', ['t3']],
    ['authored-on=ge2026-03-03', ['t2', 't3']],
    ['authored-on=lt2026-03-03', ['t1', 't5']],
    ['authored-on=2026-03-02', ['t1']],
    ['authored-on=2026-03', ['t1', 't2', 't3', 't5']],
    ['_id=t1,t4', ['t1', 't4']],
  ])('Task?%s', async (query, expected) => {
    const fhir = await serve();
    expect(await fhir.ids(`Task?${query}`)).toEqual(expected);
  });

  it('sorts by -authored-on (an instant with an offset compared as one; without authoredOn last), authored-on and _lastUpdated', async () => {
    const fhir = await serve();
    expect(await fhir.ids('Task?patient=p1&_sort=-authored-on')).toEqual(['t2', 't3', 't1', 't5', 't4']);
    expect(await fhir.ids('Task?patient=p1&_sort=authored-on')).toEqual(['t5', 't1', 't3', 't2', 't4']);
    expect(await fhir.ids('Task?patient=p1&_sort=status,-authored-on')).toEqual(['t2', 't4', 't3', 't1', 't5']);
    expect((await fhir.get('Task?patient=p1&_sort=-_lastUpdated')).status).toBe(200);
    const bad = await fhir.get('Task?patient=p1&_sort=colour');
    expect(bad.status).toBe(400);
    expect(bad.body.issue[0].diagnostics).toMatch(/_sort key "colour"/);
  });

  it('pages a sorted search in order with next links', async () => {
    const fhir = await serve();
    const first = (await fhir.get<Bundle<Task>>('Task?patient=p1&_sort=-authored-on&_count=2')).body;
    const next = first.link?.find((l) => l.relation === 'next')?.url;
    expect(first.entry?.map((e) => e.resource?.id)).toEqual(['t2', 't3']);
    const second = (await fhir.get<Bundle<Task>>(next!.replace(/^http:\/\/ehr\.test\/fhir\//, ''))).body;
    expect(second.entry?.map((e) => e.resource?.id)).toEqual(['t1', 't5']);
  });

  it('includes the patients (_include=Task:patient) and owners, once each, as include entries after the matches', async () => {
    const fhir = await serve();
    const bundle = (await fhir.get<Bundle>('Task?status=requested&_include=Task:patient&_include=Task:owner')).body;
    expect(bundle.total).toBe(2);
    expect(bundle.entry?.map((e) => [e.search?.mode, `${e.resource?.resourceType}/${e.resource?.id}`])).toEqual([
      ['match', 'Task/t1'], ['match', 'Task/t5'], ['include', 'Patient/p1'], ['include', 'Practitioner/doc'],
    ]);
    expect((await fhir.get('Task?_include=Task:colour')).status).toBe(400);
  });

  it('leaves out what the token may not read from the includes, and the other patients\' Tasks from the matches', async () => {
    const fhir = await serve('patient/Task.rs');
    const bundle = (await fhir.get<Bundle>('Task?_include=Task:patient&_include=Task:owner')).body;
    expect(bundle.entry?.every((e) => e.resource?.resourceType === 'Task')).toBe(true);
    expect(bundle.entry?.map((e) => e.resource?.id)).not.toContain('other-patient');
  });

  it('finds Tasks across patients under user scopes (the physician inbox)', async () => {
    const fhir = await serve('user/Task.rs user/Patient.rs');
    expect(await fhir.ids('Task?owner=Practitioner/doc&status=requested,received,accepted,in-progress&_sort=-authored-on')).toEqual(['other-patient', 't2', 't1', 't5']);
  });
});

describe('mock EHR: DetectedIssue, Provenance, QuestionnaireResponse and Questionnaire search', () => {
  it.each<[string, string[]]>([
    ['DetectedIssue?patient=p1', ['d1', 'd2']],
    [`DetectedIssue?patient=p1&code=${encodeURIComponent(`${CLARIFY}|cdi-finding`)}`, ['d1']],
    [`DetectedIssue?identifier=${encodeURIComponent('urn:f|f-2')}`, ['d2']],
    ['Provenance?target=Task/t1', ['pv1']],
    ['Provenance?target=Task/t1/_history/1', ['pv1']],
    ['Provenance?target=Task/t1/_history/2', []],
    ['Provenance?patient=p1', ['pv2']],
    ['Provenance?agent=Practitioner/tech', ['pv1', 'pv2']],
    [`Provenance?${encodeURIComponent('target:Task.identifier')}=${encodeURIComponent('urn:q|t1')}`, ['pv1']],
    [`Provenance?${encodeURIComponent('target:Task.identifier')}=${encodeURIComponent('urn:q|t2')}`, []],
    [`Provenance?${encodeURIComponent('target:Patient')}=p1`, ['pv2']],
    ['QuestionnaireResponse?subject=Patient/p1', ['qr1']],
    ['QuestionnaireResponse?patient=p1', ['qr1']],
    ['QuestionnaireResponse?based-on=Task/t3&author=Practitioner/doc', ['qr1']],
    [`Questionnaire?url=${encodeURIComponent('http://example.org/q/1')}`, ['qn1']],
  ])('%s', async (query, expected) => {
    const fhir = await serve('patient/*.rs user/Questionnaire.rs');
    expect(await fhir.ids(query)).toEqual(expected);
  });

  it('refuses unknown parameters, unknown chains and unknown modifiers with 400', async () => {
    const fhir = await serve();
    for (const query of ['DetectedIssue?owner=x', `Provenance?${encodeURIComponent('target:Task.colour')}=x`, 'Task?status:not=requested', 'Task?owner.colour=x']) {
      expect((await fhir.get(query)).status, query).toBe(400);
    }
  });

  it('matches chained parameters only with a way to read the referenced resources', () => {
    const params = new URLSearchParams({ 'target:Task.identifier': 'urn:q|t1' });
    expect(planSearch('Provenance', params)).toEqual({ error: expect.stringMatching(/Chained/) });
    const plan = planSearch('Provenance', params, (type, id) => (type === 'Task' ? TASKS.find((t) => t.id === id) : undefined));
    if ('error' in plan) throw new Error(plan.error);
    expect(PROVENANCES.filter((p) => matches(p, plan)).map((p) => p.id)).toEqual(['pv1']);
  });
});
