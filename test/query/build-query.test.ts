/**
 * The FHIR writes of a query: one transaction (DetectedIssue unless it exists, Task, Provenance), every POST
 * conditional so a retried send never makes a second query, the Questionnaire exactly as fhir-draft.ts
 * documents it (draftFromFhir reads back the draft), deterministic fullUrls, no patient data in identifiers or
 * URLs; and the cancellation, a PUT with If-Match and a Provenance, never a delete (issue 10; DOMAIN §4).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, DetectedIssue, Provenance, Questionnaire, Task } from 'fhir/r4';
import { checkQuery } from '../../src/query/check-query';
import { CLARIFY_SYSTEM, ESCAPE_CODES, type QueryDraft } from '../../src/query/draft';
import {
  CONTAINED_QUESTIONNAIRE_ID, INDICATOR_SOURCE_EXTENSION, OPTION_SNOMED_EXTENSION, SDC_TEMP_SYSTEM, TASK_INPUT, YES_NO_SYSTEM, draftFromBundle, draftFromFhir,
} from '../../src/query/fhir-draft';
import {
  CANCEL_REASON, DATA_OPERATION_SYSTEM, FINDING_IDENTIFIER_SYSTEM, PROVENANCE_PARTICIPANT_SYSTEM, QUERY_IDENTIFIER_SYSTEM, RULE_SYSTEM,
  buildCancelTransaction, buildQueryTransaction, derivedUuid, implicatedReferences, referencingExistingIssue, snomedForIcd10, type QueryTransactionInput,
} from '../../src/query/build-query';
import { defaultDraft } from '../../src/query/templates';
import { PatientRecord } from '../../src/record/patient-record';
import type { Finding } from '../../src/rules/index';
import { loadIcd10Cm, type Icd10CmTable } from '../../src/terminology/icd10cm/icd10cm-table';
import { CLARIFY_CODE, SYSTEM } from '../../src/terminology/systems';
import { FINDING_SCENARIOS, UNSPECIFIED_CODE_SCENARIOS, findingsOf } from './finding-scenarios';
import { COMPLIANT_QUERIES, HYPONATREMIA } from './queries';

let icd10cm: Icd10CmTable;
beforeAll(async () => void (icd10cm = await loadIcd10Cm()), 60_000);

const findingFor = (ruleId: string, name?: string): Finding => {
  const scenario = [...FINDING_SCENARIOS, ...UNSPECIFIED_CODE_SCENARIOS].find((s) => s.ruleId === ruleId && (name === undefined || s.name === name))!;
  return findingsOf(scenario, icd10cm)[0]!;
};

const IDENTIFIER = '6f1c2a9e-4b7d-4e21-9c3a-0d8e5f7a1b2c';
const UUID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function inputFor(finding: Finding, overrides: Partial<QueryTransactionInput> = {}): QueryTransactionInput {
  return {
    finding,
    draft: defaultDraft(finding)!,
    patient: 'Patient/pat-1',
    encounter: 'Encounter/enc-1',
    author: { reference: 'Practitioner/cdi-okafor', display: 'Renée Okafor, RHIT, CCDS' },
    recipient: { reference: 'Practitioner/lee', display: 'Dr. Ana Lee' },
    authoredOn: '2021-03-05T15:04:05Z',
    dueDate: '2021-03-09',
    identifier: IDENTIFIER,
    ...overrides,
  };
}

const resourcesOf = (bundle: Bundle) => bundle.entry!.map((e) => e.resource!);
const taskOf = (bundle: Bundle) => resourcesOf(bundle).find((r): r is Task => r.resourceType === 'Task')!;

describe('the transaction that sends a query', () => {
  it('holds, in order, the DetectedIssue, the Task and their Provenances, each a conditional POST with a urn:uuid fullUrl', () => {
    const finding = findingFor('electrolytes/hyponatremia');
    const bundle = buildQueryTransaction(inputFor(finding));
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    expect(bundle.entry!.map((e) => [e.resource!.resourceType, e.request!.method, e.request!.url, e.request!.ifNoneExist])).toEqual([
      ['DetectedIssue', 'POST', 'DetectedIssue', `identifier=${FINDING_IDENTIFIER_SYSTEM}|${finding.id}`],
      ['Task', 'POST', 'Task', `identifier=${QUERY_IDENTIFIER_SYSTEM}|${IDENTIFIER}`],
      ['Provenance', 'POST', 'Provenance', `target:Task.identifier=${QUERY_IDENTIFIER_SYSTEM}|${IDENTIFIER}`],
      ['Provenance', 'POST', 'Provenance', `target:DetectedIssue.identifier=${FINDING_IDENTIFIER_SYSTEM}|${finding.id}`],
    ]);
    for (const entry of bundle.entry!) expect(entry.fullUrl).toMatch(UUID);
    // Every POST is conditional: the gateway may resend it after a timeout (README, "Writing to the EHR").
    expect(bundle.entry!.every((e) => e.request!.method !== 'POST' || !!e.request!.ifNoneExist)).toBe(true);
    // Resources to be created carry no id: the server assigns them.
    expect(resourcesOf(bundle).every((r) => r.id === undefined)).toBe(true);
  });

  it('records the finding as a DetectedIssue: identifier, code, patient, author, evidence and the summary', () => {
    const finding = findingFor('electrolytes/hyponatremia');
    const bundle = buildQueryTransaction(inputFor(finding));
    const issue = resourcesOf(bundle)[0] as DetectedIssue;
    expect(issue).toEqual({
      resourceType: 'DetectedIssue',
      identifier: [{ system: FINDING_IDENTIFIER_SYSTEM, value: finding.id }],
      status: 'preliminary',
      code: {
        coding: [{ system: SYSTEM.CLARIFY, code: CLARIFY_CODE.FINDING }, { system: RULE_SYSTEM, code: 'electrolytes/hyponatremia', display: finding.title }],
        text: finding.title,
      },
      severity: 'moderate',
      patient: { reference: 'Patient/pat-1' },
      identifiedDateTime: '2021-03-05T15:04:05Z',
      author: { reference: 'Practitioner/cdi-okafor', display: 'Renée Okafor, RHIT, CCDS' },
      evidence: [{ detail: finding.evidence.map((reference) => ({ reference })) }],
      detail: finding.summary,
    });
  });

  it('writes the Task as DOMAIN §4 models a query', () => {
    const finding = findingFor('electrolytes/hyponatremia');
    const bundle = buildQueryTransaction(inputFor(finding));
    const task = taskOf(bundle);
    expect(task).toMatchObject({
      resourceType: 'Task', status: 'requested', intent: 'order',
      identifier: [{ system: QUERY_IDENTIFIER_SYSTEM, value: IDENTIFIER }],
      code: { coding: [{ system: SYSTEM.CLARIFY, code: CLARIFY_CODE.QUERY }] },
      for: { reference: 'Patient/pat-1' },
      encounter: { reference: 'Encounter/enc-1' },
      requester: { reference: 'Practitioner/cdi-okafor', display: 'Renée Okafor, RHIT, CCDS' },
      owner: { reference: 'Practitioner/lee', display: 'Dr. Ana Lee' },
      authoredOn: '2021-03-05T15:04:05Z',
      lastModified: '2021-03-05T15:04:05Z',
      restriction: { period: { end: '2021-03-09' } },
      reasonReference: { reference: bundle.entry![0]!.fullUrl, identifier: { system: FINDING_IDENTIFIER_SYSTEM, value: finding.id } },
    });
    expect(task.focus).toBeUndefined();
    expect(task.input).toEqual([
      { type: { coding: [{ system: SDC_TEMP_SYSTEM, code: TASK_INPUT.questionnaire }] }, valueCanonical: `#${CONTAINED_QUESTIONNAIRE_ID}` },
      { type: { coding: [{ system: CLARIFY_SYSTEM, code: TASK_INPUT.purpose }] }, valueCoding: { system: CLARIFY_SYSTEM, code: 'clarification' } },
      { type: { coding: [{ system: CLARIFY_SYSTEM, code: TASK_INPUT.format }] }, valueCoding: { system: CLARIFY_SYSTEM, code: 'multiple-choice' } },
    ]);
  });

  it('carries the question as a contained Questionnaire: question, indicators with their source, coded options, free text', () => {
    const finding = findingFor('electrolytes/hyponatremia');
    const draft = defaultDraft(finding)!;
    const questionnaire = taskOf(buildQueryTransaction(inputFor(finding))).contained![0] as Questionnaire;
    expect(questionnaire).toMatchObject({ resourceType: 'Questionnaire', id: CONTAINED_QUESTIONNAIRE_ID, status: 'active', subjectType: ['Patient'], title: 'Clarification query' });
    expect(questionnaire.item!.map((i) => [i.linkId, i.type])).toEqual([
      ['question', 'display'], ...draft.indicators.map((_, i) => [`indicator-${i + 1}`, 'display']), ['answer', 'choice'], ['comment', 'text'],
    ]);
    expect(questionnaire.item![1]).toEqual({
      linkId: 'indicator-1', type: 'display', text: draft.indicators[0]!.text,
      extension: [{ url: INDICATOR_SOURCE_EXTENSION, valueReference: { reference: draft.indicators[0]!.reference } }],
    });
    expect(questionnaire.item!.at(-2)!.answerOption).toEqual([
      { valueCoding: { system: SYSTEM.ICD10CM, code: 'E87.1', display: 'Hyponatremia' },
        extension: [{ url: OPTION_SNOMED_EXTENSION, valueCoding: { system: SYSTEM.SNOMED, ...snomedForIcd10('E87.1')! } }] },
      { valueCoding: { system: CLARIFY_SYSTEM, code: ESCAPE_CODES.other, display: 'Other (please specify)' } },
      { valueCoding: { system: CLARIFY_SYSTEM, code: ESCAPE_CODES.undetermined, display: 'Clinically undetermined' } },
      { valueCoding: { system: CLARIFY_SYSTEM, code: ESCAPE_CODES.notSignificant, display: 'Not clinically significant' } },
    ]);
  });

  it('names the Provenance of the Task: target, time, the author as author, CREATE, the finding as its source', () => {
    const bundle = buildQueryTransaction(inputFor(findingFor('electrolytes/hyponatremia')));
    const [issueEntry, taskEntry, provenanceEntry] = bundle.entry!;
    const provenance = provenanceEntry!.resource as Provenance;
    expect(provenance).toEqual({
      resourceType: 'Provenance',
      target: [{ reference: taskEntry!.fullUrl, identifier: { system: QUERY_IDENTIFIER_SYSTEM, value: IDENTIFIER } }],
      recorded: '2021-03-05T15:04:05Z',
      activity: { coding: [{ system: DATA_OPERATION_SYSTEM, code: 'CREATE', display: 'create' }] },
      agent: [{ type: { coding: [{ system: PROVENANCE_PARTICIPANT_SYSTEM, code: 'author', display: 'Author' }] }, who: { reference: 'Practitioner/cdi-okafor', display: 'Renée Okafor, RHIT, CCDS' } }],
      entity: [{ role: 'source', what: { reference: issueEntry!.fullUrl, identifier: { system: FINDING_IDENTIFIER_SYSTEM, value: (issueEntry!.resource as DetectedIssue).identifier![0]!.value } } }],
    });
    expect((bundle.entry![3]!.resource as Provenance).target).toEqual([{ reference: issueEntry!.fullUrl, identifier: (issueEntry!.resource as DetectedIssue).identifier![0] }]);
  });

  it('links its entries by their fullUrls, so a record read from the Bundle resolves them', () => {
    const bundle = buildQueryTransaction(inputFor(findingFor('electrolytes/hyponatremia')));
    const record = PatientRecord.fromEntries(bundle.entry!.map((e) => ({ fullUrl: e.fullUrl, resource: e.resource })));
    const task = record.byType('Task')[0] as Task;
    expect(record.resolve(task.reasonReference)?.resourceType).toBe('DetectedIssue');
    for (const provenance of record.byType('Provenance') as Provenance[]) expect(record.resolve(provenance.target[0])).toBeDefined();
  });

  it('focuses the Task on the Condition being clarified, and implicates it in the DetectedIssue', () => {
    const hf = findingFor('heart-failure/type-acuity-unspecified');
    const condition = hf.facts.find((f) => f.kind === 'diagnosis')!.reference;
    const bundle = buildQueryTransaction(inputFor(hf));
    expect(taskOf(bundle).focus).toEqual({ reference: condition });
    expect((resourcesOf(bundle)[0] as DetectedIssue).implicated).toEqual([{ reference: condition }]);
    const coded = findingFor('coding/unspecified-code', 'N18.9 coded with eGFR results');
    expect(taskOf(buildQueryTransaction(inputFor(coded))).focus).toEqual({ reference: 'Condition/ckd' });
  });

  it('implicates only the diagnosis a finding is about, not the ones that support it', () => {
    expect(implicatedReferences(findingFor('hematology/anemia'))).toEqual([]);
    const diabetes = findingFor('diabetes/complication-not-linked');
    const e119 = diabetes.facts.find((f) => f.label === 'E11.9')!.reference;
    expect(implicatedReferences(diabetes)).toEqual([e119]);
    expect(implicatedReferences(findingFor('coding/invalid-code'))).toEqual(['Condition/contusion']);
  });

  it('omits the encounter when the query has none', () => {
    const { encounter: _none, ...withoutEncounter } = inputFor(findingFor('ckd/stage-unspecified'));
    expect(taskOf(buildQueryTransaction(withoutEncounter)).encounter).toBeUndefined();
  });
});

describe('a round trip through the Task', () => {
  it.each(COMPLIANT_QUERIES)('%s: draftFromFhir gives the draft back, with the same problems', (_name, draft) => {
    const bundle = buildQueryTransaction(inputFor(findingFor('electrolytes/hyponatremia'), { draft }));
    const reading = draftFromFhir(taskOf(bundle));
    expect(reading).toEqual({ ok: true, draft, problems: [] });
    expect(checkQuery((reading as { draft: QueryDraft }).draft)).toEqual(checkQuery(draft));
    expect(draftFromBundle(bundle)).toEqual({ ok: true, draft, problems: [] });
  });

  it('writes the Yes and No of a yes/no query first, from HL7 table 0136', () => {
    const yesNo = COMPLIANT_QUERIES.find(([, d]) => d.format === 'yes-no')![1];
    const questionnaire = taskOf(buildQueryTransaction(inputFor(findingFor('electrolytes/hyponatremia'), { draft: yesNo }))).contained![0] as Questionnaire;
    expect(questionnaire.item!.find((i) => i.linkId === 'answer')!.answerOption!.slice(0, 2)).toEqual([
      { valueCoding: { system: YES_NO_SYSTEM, code: 'Y', display: 'Yes' } }, { valueCoding: { system: YES_NO_SYSTEM, code: 'N', display: 'No' } },
    ]);
  });

  it('writes an open-ended query with no answer item, only the free text', () => {
    const open = COMPLIANT_QUERIES.find(([, d]) => d.format === 'open-ended')![1];
    const questionnaire = taskOf(buildQueryTransaction(inputFor(findingFor('electrolytes/hyponatremia'), { draft: open }))).contained![0] as Questionnaire;
    expect(questionnaire.item!.map((i) => i.linkId)).not.toContain('answer');
    expect(questionnaire.item!.at(-1)).toEqual({ linkId: 'comment', type: 'text', text: 'Comment' });
  });
});

describe('identifiers and fullUrls', () => {
  it('are the same on every build of the same query (a retry sends the same Bundle), and differ between queries', () => {
    const finding = findingFor('electrolytes/hyponatremia');
    expect(buildQueryTransaction(inputFor(finding))).toEqual(buildQueryTransaction(inputFor(finding)));
    const other = buildQueryTransaction(inputFor(finding, { identifier: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d' }));
    const urls = (b: Bundle) => b.entry!.map((e) => e.fullUrl);
    expect(new Set([...urls(buildQueryTransaction(inputFor(finding))), ...urls(other)]).size).toBe(8);
  });

  it('derivedUuid gives RFC 9562 syntax (version 8, RFC variant), distinct per role', () => {
    const roles = ['task', 'detected-issue', 'task-provenance', 'detected-issue-provenance'];
    const uuids = roles.map((role) => derivedUuid(IDENTIFIER, role));
    for (const uuid of uuids) expect(uuid).toMatch(UUID);
    expect(new Set(uuids).size).toBe(roles.length);
  });

  it('put no patient data in identifiers, fullUrls or request URLs', () => {
    const finding = findingFor('electrolytes/hyponatremia');
    const bundle = buildQueryTransaction(inputFor(finding));
    const addresses = JSON.stringify([
      bundle.entry!.map((e) => [e.fullUrl, e.request]),
      resourcesOf(bundle).map((r) => (r as { identifier?: unknown }).identifier),
    ]);
    // The default test patient: Twyla Moen, born 1950-06-15, Patient/pat-1.
    for (const personal of ['Twyla', 'Moen', '1950', 'pat-1']) expect(addresses).not.toContain(personal);
    expect(finding.id).toMatch(/^f-[0-9a-f]{16}$/);
  });

  it('refuse input no caller should pass', () => {
    const finding = findingFor('electrolytes/hyponatremia');
    expect(() => buildQueryTransaction(inputFor(finding, { identifier: 'Twyla Moen' }))).toThrow(RangeError);
    expect(() => buildQueryTransaction(inputFor(finding, { identifier: 'short' }))).toThrow(RangeError);
    expect(() => buildQueryTransaction(inputFor(finding, { patient: 'pat-1' }))).toThrow(RangeError);
    expect(() => buildQueryTransaction(inputFor(finding, { recipient: { reference: 'Organization/hospital' } }))).toThrow(RangeError);
    expect(() => buildQueryTransaction(inputFor(finding, { author: { reference: '' } }))).toThrow(RangeError);
    expect(() => buildQueryTransaction(inputFor(finding, { dueDate: '2021-02-30' }))).toThrow(RangeError);
    expect(() => buildQueryTransaction(inputFor(finding, { authoredOn: '2021-03-05' }))).toThrow(RangeError);
    // A fhirUser is often absolute: accepted.
    expect(() => buildQueryTransaction(inputFor(finding, { author: { reference: 'https://ehr.example.org/fhir/Practitioner/cdi-okafor' } }))).not.toThrow();
  });
});

describe('the SNOMED CT coding beside a diagnosis option', () => {
  it('is given where the curated map knows exactly one disorder for the code', () => {
    expect(snomedForIcd10('E87.1')).toMatchObject({ code: expect.stringMatching(/^\d+$/) });
    expect(snomedForIcd10('e871')).toEqual(snomedForIcd10('E87.1'));
    // Several concepts lead to E11.9 (type 2, type 2 without complication, diabetes of no type): none is chosen.
    expect(snomedForIcd10('E11.9')).toBeUndefined();
    expect(snomedForIcd10('I50.21')).toBeUndefined();
  });
});

describe('cancelling a query', () => {
  const sent = (): Task => ({
    ...taskOf(buildQueryTransaction(inputFor(findingFor('electrolytes/hyponatremia')))),
    id: 'task-7', meta: { versionId: '3', lastUpdated: '2021-03-05T15:04:06Z' },
  });

  it('PUTs the Task as cancelled with its reason and time, If-Match on its version, everything else as it was', () => {
    const task = sent();
    const bundle = buildCancelTransaction(task, { reference: 'Practitioner/cdi-okafor', display: 'Renée Okafor' }, '2021-03-06T09:00:00Z');
    expect(bundle.type).toBe('transaction');
    const [put, provenance] = bundle.entry!;
    expect(put!.request).toEqual({ method: 'PUT', url: 'Task/task-7', ifMatch: 'W/"3"' });
    expect(put!.resource).toEqual({ ...task, status: 'cancelled', statusReason: { text: CANCEL_REASON }, lastModified: '2021-03-06T09:00:00Z' });
    expect(task.status).toBe('requested');
    expect(provenance!.request).toEqual({ method: 'POST', url: 'Provenance', ifNoneExist: `target=Task/task-7&recorded=${encodeURIComponent('2021-03-06T09:00:00Z')}` });
    expect(provenance!.resource).toMatchObject({
      resourceType: 'Provenance', target: [{ reference: 'Task/task-7' }], recorded: '2021-03-06T09:00:00Z',
      activity: { coding: [{ system: DATA_OPERATION_SYSTEM, code: 'UPDATE' }] },
      agent: [{ who: { reference: 'Practitioner/cdi-okafor', display: 'Renée Okafor' } }],
      entity: [{ role: 'revision', what: { reference: 'Task/task-7/_history/3' } }],
    });
    // Never a DELETE.
    expect(bundle.entry!.map((e) => e.request!.method)).not.toContain('DELETE');
  });

  it('takes another reason, and sends no If-Match when the Task has no version', () => {
    const { meta: _meta, ...unversioned } = sent();
    const [put, provenance] = buildCancelTransaction(unversioned, { reference: 'Practitioner/cdi-okafor' }, '2021-03-06T09:00:00Z', 'Sent to the wrong physician').entry!;
    expect(put!.request).toEqual({ method: 'PUT', url: 'Task/task-7' });
    expect((put!.resource as Task).statusReason).toEqual({ text: 'Sent to the wrong physician' });
    expect((provenance!.resource as Provenance).entity).toBeUndefined();
  });

  it('refuses a Task without a usable id', () => {
    expect(() => buildCancelTransaction({ ...sent(), id: undefined }, { reference: 'Practitioner/a' }, '2021-03-06T09:00:00Z')).toThrow(RangeError);
    expect(() => buildCancelTransaction({ ...sent(), id: '../x' }, { reference: 'Practitioner/a' }, '2021-03-06T09:00:00Z')).toThrow(RangeError);
  });
});

describe('a query as sent and read back from the server', () => {
  it('the Task a server returns (with an id, version and resolved references) still reads back the draft', () => {
    const draft = HYPONATREMIA;
    const task: Task = { ...taskOf(buildQueryTransaction(inputFor(findingFor('electrolytes/hyponatremia'), { draft }))), id: 't1', meta: { versionId: '1' }, reasonReference: { reference: 'DetectedIssue/d1' } };
    expect(draftFromFhir(task)).toEqual({ ok: true, draft, problems: [] });
  });
});

describe('a query for a finding the EHR already records', () => {
  const finding = () => findingFor('electrolytes/hyponatremia');

  it('names the existing DetectedIssue and neither creates it nor records its creation again', () => {
    const bundle = buildQueryTransaction(inputFor(finding(), { existingIssue: 'DetectedIssue/di-7' }));
    expect(resourcesOf(bundle).map((r) => r.resourceType)).toEqual(['Task', 'Provenance']);
    expect(taskOf(bundle).reasonReference?.reference).toBe('DetectedIssue/di-7');
    const provenance = resourcesOf(bundle)[1] as Provenance;
    expect(provenance.entity?.[0]?.what.reference).toBe('DetectedIssue/di-7');
  });

  it('rewrites a transaction that would create it (a send refused because the finding was recorded meanwhile) to the same shape', () => {
    const one = finding();
    const created = buildQueryTransaction(inputFor(one));
    const rewritten = referencingExistingIssue(created, 'DetectedIssue/di-7');
    expect(rewritten).toEqual(buildQueryTransaction(inputFor(one, { existingIssue: 'DetectedIssue/di-7' })));
    expect(JSON.stringify(rewritten)).not.toContain(created.entry![0]!.fullUrl!);
  });

  it('refuses a reference that is not a DetectedIssue', () => {
    expect(() => buildQueryTransaction(inputFor(finding(), { existingIssue: 'Condition/c1' }))).toThrow(RangeError);
    expect(() => referencingExistingIssue(buildQueryTransaction(inputFor(finding())), 'javascript:x')).toThrow(RangeError);
  });
});
