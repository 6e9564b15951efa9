// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestEhr, mockServer } from '../../mocks/node';
import { launchedApp } from '../support/launch';
import { fixtureChart } from '../support/fixtures';
import type { Task } from 'fhir/r4';
import type { FaultPlan } from '../../mocks/faults';

const { patientId } = fixtureChart('Friesen');
/** Tommy Friesen's 2021-02-10 admission, where the mock EHR plants low sodium without a diagnosis. */
const ADMISSION_TITLE = 'Low sodium without a hyponatremia diagnosis';

beforeEach(() => sessionStorage.clear());

/** Launches as the technician on the admission with the record read, the query store ready. */
async function technicianOnAdmission(faults?: FaultPlan) {
  const ehr = createTestEhr(faults ? { faults } : {});
  mockServer.use(...ehr.handlers);
  const encounter = ehr.store.all('Encounter').find((e) => (e as { subject?: { reference?: string } }).subject?.reference === `Patient/${patientId}`
    && (e as { period?: { start?: string } }).period?.start?.startsWith('2021-02-10'))!;
  const { app, state } = await launchedApp({ patient: patientId, encounter: encounter.id });
  await app.loadRecord(state);
  const finding = state.review.findings.value.find((f) => f.title === ADMISSION_TITLE)!;
  const queries = await import('../../src/state/queries');
  return { ehr, state, finding, queries };
}

const tasks = (ehr: ReturnType<typeof createTestEhr>) => ehr.store.all('Task');

describe('the query store', () => {
  it('opens a draft from the finding, addressed to the attending, with its indicators and a compliant question', async () => {
    const { state, finding, queries } = await technicianOnAdmission();
    expect(finding).toBeDefined();
    queries.openComposer(state, finding);
    const composer = state.queries.composers.value.get(finding.id)!;
    expect(state.queries.open.value).toBe(finding.id);
    expect(composer.recipient?.reference).toMatch(/^Practitioner\//);
    expect(composer.draft.indicators.map((i) => i.reference)).toEqual(finding.facts.map((f) => f.reference));
    expect(queries.problemsOf(composer).filter((p) => p.severity === 'blocking')).toEqual([]);
  });

  it('sends one transaction, and the finding then shows the query as sent', async () => {
    const { ehr, state, finding, queries } = await technicianOnAdmission();
    const before = tasks(ehr).length;
    queries.openComposer(state, finding);
    await queries.sendComposer(state, finding);
    expect(tasks(ehr).length).toBe(before + 1);
    expect(state.queries.composers.value.has(finding.id)).toBe(false);
    expect(state.queries.byFinding.value.get(finding.id)?.map((q) => q.status.kind)).toEqual(['sent']);
  });

  it('does not send while a blocking problem stands', async () => {
    const { ehr, state, finding, queries } = await technicianOnAdmission();
    const before = tasks(ehr).length;
    queries.openComposer(state, finding);
    const composer = state.queries.composers.value.get(finding.id)!;
    queries.editDraft(state.queries, finding.id, { ...composer.draft, question: 'Please document hyponatremia.' });
    await queries.sendComposer(state, finding);
    expect(tasks(ehr).length).toBe(before);
    expect(state.queries.composers.value.get(finding.id)?.send.state).toBe('editing');
  });

  it('keeps the draft with the reason when the EHR fails, and a retry makes exactly one query', async () => {
    // The EHR answers 503 to every transaction until the fault is spent (the gateway's own retries included).
    const { ehr, state, finding, queries } = await technicianOnAdmission({ types: { transaction: { status: 503, times: 4 } } });
    const before = tasks(ehr).length;
    queries.openComposer(state, finding);
    const composer = state.queries.composers.value.get(finding.id)!;
    const edited = { ...composer.draft, question: `${composer.draft.question} Thank you.` };
    queries.editDraft(state.queries, finding.id, edited);
    await queries.sendComposer(state, finding);
    const failed = state.queries.composers.value.get(finding.id)!;
    expect(failed.send.state).toBe('failed');
    expect(failed.draft).toEqual(edited);
    expect(tasks(ehr).length).toBe(before);

    await queries.sendComposer(state, finding);
    expect(state.queries.composers.value.has(finding.id)).toBe(false);
    expect(tasks(ehr).length).toBe(before + 1);
  });

  it('cancels a sent query: the Task becomes cancelled, never deleted, and a follow-up can be drafted', async () => {
    const { ehr, state, finding, queries } = await technicianOnAdmission();
    queries.openComposer(state, finding);
    await queries.sendComposer(state, finding);
    const [sent] = state.queries.byFinding.value.get(finding.id)!;
    expect(await queries.cancelSentQuery(state, sent!.task)).toBeUndefined();
    expect(state.queries.byFinding.value.get(finding.id)?.map((q) => q.status.kind)).toEqual(['cancelled']);
    expect((ehr.store.read('Task', sent!.task.id!) as Task | undefined)?.status).toBe('cancelled');
    // A follow-up is a new query: a new draft with its own identifier, so sending it makes a second Task.
    queries.openComposer(state, finding);
    const followUp = state.queries.composers.value.get(finding.id)!;
    expect(sent!.task.identifier?.map((i) => i.value)).not.toContain(followUp.identifier);
    await queries.sendComposer(state, finding);
    expect(state.queries.byFinding.value.get(finding.id)?.map((q) => q.status.kind).sort()).toEqual(['cancelled', 'sent']);
  });
});

describe('the query store: queries already in the record', () => {
  it('shows an answered query with the answer the QuestionnaireResponse in the record holds, on its finding', async () => {
    const { signal } = await import('@preact/signals');
    const { PatientRecord } = await import('../../src/record/patient-record');
    const { createQueryStore } = await import('../../src/state/queries');
    const { FINDING_IDENTIFIER_SYSTEM } = await import('../../src/query/build-query');
    const task: Task = {
      resourceType: 'Task', id: 't1', status: 'completed', intent: 'order', authoredOn: '2021-02-12T10:00:00Z',
      for: { reference: 'Patient/p1' },
      reasonReference: { reference: 'DetectedIssue/di1' },
      output: [{ type: { text: 'questionnaire-response' }, valueReference: { reference: 'QuestionnaireResponse/qr1' } }],
    };
    const issue = { resourceType: 'DetectedIssue', id: 'di1', status: 'final', patient: { reference: 'Patient/p1' }, identifier: [{ system: FINDING_IDENTIFIER_SYSTEM, value: 'f-00000000000000aa' }] };
    const response = {
      resourceType: 'QuestionnaireResponse', id: 'qr1', status: 'completed', subject: { reference: 'Patient/p1' }, authored: '2021-02-13T09:00:00Z',
      item: [{ linkId: 'answer', answer: [{ valueCoding: { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'E87.1', display: 'Hyponatremia' } }] },
        { linkId: 'comment', answer: [{ valueString: 'SIADH workup pending.' }] }],
    };
    const record = PatientRecord.fromResources([{ resourceType: 'Patient', id: 'p1' }, task, issue, response] as never[]);
    const store = createQueryStore({ record: signal(record) } as never, () => Date.parse('2021-02-14T00:00:00Z'));
    const [query] = store.byFinding.value.get('f-00000000000000aa')!;
    expect(query!.status.kind).toBe('answered');
    expect(query!.status.answer?.choices.map((c) => c.text)).toEqual(['Hyponatremia']);
    expect(query!.status.answer?.comment).toBe('SIADH workup pending.');
  });
});
