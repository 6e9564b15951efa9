// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import type { Condition, Provenance, QuestionnaireResponse, Task } from 'fhir/r4';
import { createTestEhr, mockServer } from '../../mocks/node';
import { launchedApp } from '../support/launch';
import { fixtureChart } from '../support/fixtures';

const { patientId } = fixtureChart('Friesen');

beforeEach(() => sessionStorage.clear());

/**
 * The technician sends the hyponatremia query on Tommy Friesen's admission; then the attending it went to
 * opens Clarify on the same chart, where the inbox shows the open queries addressed to them.
 */
async function queryAnsweredOnTheChart() {
  const ehr = createTestEhr();
  mockServer.use(...ehr.handlers);
  const encounter = ehr.store.all('Encounter').find((e) => (e as { subject?: { reference?: string } }).subject?.reference === `Patient/${patientId}`
    && (e as { period?: { start?: string } }).period?.start?.startsWith('2021-02-10'))!;
  const technician = await launchedApp({ patient: patientId, encounter: encounter.id });
  await technician.app.loadRecord(technician.state);
  const finding = technician.state.review.findings.value.find((f) => f.title === 'Low sodium without a hyponatremia diagnosis')!;
  const queries = await import('../../src/state/queries');
  queries.openComposer(technician.state, finding);
  const attending = technician.state.queries.composers.value.get(finding.id)!.recipient!.reference;
  await queries.sendComposer(technician.state, finding);

  sessionStorage.clear();
  const physician = await launchedApp({ patient: patientId, encounter: encounter.id, user: attending });
  const inbox = await import('../../src/state/inbox');
  await inbox.loadPhysicianInbox(physician.state, { patientId });
  return { ehr, physician, inbox, finding };
}

/** The E87.1 Conditions in the mock EHR's store. */
function hyponatremiaConditions(ehr: { store: { all(type: string): unknown[] } }): Condition[] {
  return (ehr.store.all('Condition') as Condition[]).filter((c) => Array.isArray(c.code?.coding) && c.code!.coding!.some((x) => x.code === 'E87.1'));
}

describe('the inbox store', () => {
  it('lists the open query addressed to the attending on the chart, and opening it marks it received', async () => {
    const { ehr, physician, inbox } = await queryAnsweredOnTheChart();
    const { open } = physician.state.inbox.rows.value;
    expect(open).toHaveLength(1);
    expect(open[0]!.patientName).toBe('Tommy Friesen');
    await inbox.openInboxQuery(physician.state, open[0]!.taskReference);
    const id = open[0]!.taskReference.split('/')[1]!;
    expect((ehr.store.read('Task', id) as Task).status).toBe('received');
    const opened = inbox.openedQuery(physician.state.inbox);
    expect(opened?.ok && opened.query.options.map((o) => o.text)).toContain('Hyponatremia');
  });

  it('submits a diagnosis as the answer: the Task is completed, the QuestionnaireResponse and a confirmed Condition are written', async () => {
    const { ehr, physician, inbox } = await queryAnsweredOnTheChart();
    const [row] = physician.state.inbox.rows.value.open;
    await inbox.openInboxQuery(physician.state, row!.taskReference);
    const opened = inbox.openedQuery(physician.state.inbox)!;
    if (!opened.ok) throw new Error(opened.error);
    const hyponatremia = opened.query.options.find((o) => o.code === 'E87.1')!;
    const seeded = new Set(hyponatremiaConditions(ehr).map((c) => c.id));
    await inbox.submitInboxAnswer(physician.state, { choice: hyponatremia.index, comment: 'Likely SIADH.' });
    const task = ehr.store.read('Task', row!.taskReference.split('/')[1]!) as Task;
    expect(task.status).toBe('completed');
    const responses = ehr.store.all('QuestionnaireResponse') as QuestionnaireResponse[];
    expect(responses).toHaveLength(1);
    // Written by the answer: the seeded Conditions (the messy chart's, the validation scenarios') are not counted.
    const conditions = hyponatremiaConditions(ehr).filter((c) => !seeded.has(c.id));
    expect(conditions).toHaveLength(1);
    expect(conditions[0]!.verificationStatus?.coding?.[0]?.code).toBe('confirmed');
    expect(physician.state.inbox.rows.value.open).toHaveLength(0);
    expect(physician.state.inbox.selected.value).toBeUndefined();
  });

  it('amends an answer: a new response (amended) in the Task\'s output, the earlier one kept, each with its Provenance', async () => {
    const { ehr, physician, inbox } = await queryAnsweredOnTheChart();
    const [row] = physician.state.inbox.rows.value.open;
    const id = row!.taskReference.split('/')[1]!;
    await inbox.openInboxQuery(physician.state, row!.taskReference);
    const opened = inbox.openedQuery(physician.state.inbox)!;
    if (!opened.ok) throw new Error(opened.error);
    const seeded = new Set(hyponatremiaConditions(ehr).map((c) => c.id));
    await inbox.submitInboxAnswer(physician.state, { choice: opened.query.options.find((o) => o.code === 'E87.1')!.index });
    const [first] = ehr.store.all('QuestionnaireResponse') as QuestionnaireResponse[];

    // Opened again from the answered queries: its answer is shown, and amended.
    await inbox.openInboxQuery(physician.state, row!.taskReference);
    expect((await inbox.readOpenedAnswer(physician.state))?.choices.map((c) => c.code)).toEqual(['E87.1']);
    const undetermined = opened.query.options.find((o) => o.escape === 'undetermined')!;
    await inbox.amendInboxAnswer(physician.state, { choice: undetermined.index, comment: 'Sodium normal on repeat.' });
    expect(physician.state.inbox.answer.value.state).toBe('writing');

    const task = ehr.store.read('Task', id) as Task;
    expect(task.status).toBe('completed');
    const responses = ehr.store.all('QuestionnaireResponse') as QuestionnaireResponse[];
    expect(responses).toHaveLength(2);
    const amended = responses.find((r) => r.id !== first!.id)!;
    expect(amended.status).toBe('amended');
    expect(task.output!.map((o) => o.valueReference?.reference)).toEqual([`QuestionnaireResponse/${amended.id}`]);
    // The earlier answer is untouched, and so is the Condition it wrote.
    expect(ehr.store.read('QuestionnaireResponse', first!.id!)).toEqual(first);
    expect(first!.status).toBe('completed');
    expect(hyponatremiaConditions(ehr).filter((c) => !seeded.has(c.id))).toHaveLength(1);
    // Two Provenances name the answers: the first one's creation, and the amendment (revision of the first).
    const provenances = (ehr.store.all('Provenance') as Provenance[])
      .filter((p) => p.target.some((t) => t.reference === `QuestionnaireResponse/${first!.id}` || t.reference === `QuestionnaireResponse/${amended.id}`));
    expect(provenances).toHaveLength(2);
    const revision = provenances.find((p) => p.target.some((t) => t.reference === `QuestionnaireResponse/${amended.id}`))!;
    expect(revision.entity).toContainEqual({ role: 'revision', what: { reference: `QuestionnaireResponse/${first!.id}` } });
    expect(revision.activity?.coding?.[0]?.code).toBe('UPDATE');
  });

  it('refuses an answer to a query cancelled meanwhile, says so, and shows it as it now is', async () => {
    const { ehr, physician, inbox } = await queryAnsweredOnTheChart();
    const [row] = physician.state.inbox.rows.value.open;
    await inbox.openInboxQuery(physician.state, row!.taskReference);
    // Cancelled elsewhere (the technician, another tab) after the physician opened it.
    const id = row!.taskReference.split('/')[1]!;
    const current = ehr.store.read('Task', id) as Task;
    ehr.store.update({ ...current, status: 'cancelled', statusReason: { text: 'Withdrawn by the technician.' } } as Task & { id: string });
    const opened = inbox.openedQuery(physician.state.inbox)!;
    if (!opened.ok) throw new Error(opened.error);
    await inbox.submitInboxAnswer(physician.state, { choice: opened.query.options[0]!.index });
    expect(physician.state.inbox.answer.value.state).toBe('changed');
    expect((ehr.store.read('Task', id) as Task).status).toBe('cancelled');
    expect(ehr.store.all('QuestionnaireResponse')).toHaveLength(0);
  });

  it('declines with a reason: the Task is rejected with it', async () => {
    const { ehr, physician, inbox } = await queryAnsweredOnTheChart();
    const [row] = physician.state.inbox.rows.value.open;
    await inbox.openInboxQuery(physician.state, row!.taskReference);
    await inbox.declineInboxQuery(physician.state, 'Not my patient during this stay.');
    const task = ehr.store.read('Task', row!.taskReference.split('/')[1]!) as Task;
    expect(task.status).toBe('rejected');
    expect(task.statusReason?.text).toBe('Not my patient during this stay.');
  });
});

describe('the inbox without the access it needs', () => {
  it('says why there is no inbox when the EHR granted no access to queries across patients (no user/ Task scope), and reads nothing', async () => {
    mockServer.use(...createTestEhr().handlers);
    // Without the inbox launch (startSession's inboxLaunch), an EHR launch without a patient keeps its patient/ scopes.
    const physician = await launchedApp({ user: 'Practitioner/dad277d0-71c6-467a-be3c-e49d5e10f41a' });
    expect(physician.state.session.view.value).toBe('physician');
    const inbox = await import('../../src/state/inbox');
    await inbox.loadPhysicianInbox(physician.state);
    expect(physician.state.inbox.status.value).toBe('failed');
    expect(physician.state.inbox.error.value).toMatch(/did not allow Clarify to read queries across patients/);
    expect(physician.state.inbox.inbox.value).toBeUndefined();
  });
});

describe('answering without the access it needs', () => {
  it('shows the queries read-only when the EHR granted no Task update: opening one writes nothing, and no answer form is offered', async () => {
    const { ehr, physician, inbox } = await queryAnsweredOnTheChart();
    const smart = physician.state.session.smart.value!;
    // The EHR granted reads only (every patient/ scope narrowed to .rs).
    physician.state.session.smart.value = { ...smart, grantedScopes: smart.grantedScopes.map((s) => s.replace(/^patient\/(\w+)\.c?r?u?s?$/, 'patient/$1.rs')) };
    expect(inbox.canAnswer(physician.state.session)).toBe(false);
    const [row] = physician.state.inbox.rows.value.open;
    await inbox.openInboxQuery(physician.state, row!.taskReference);
    expect((ehr.store.read('Task', row!.taskReference.split('/')[1]!) as Task).status).toBe('requested');

    const { render, screen, fireEvent, cleanup } = await import('@testing-library/preact');
    const { h } = await import('preact');
    const { PhysicianInbox } = await import('../../src/ui/PhysicianInbox');
    render(h(PhysicianInbox, { state: physician.state, onChart: true }));
    expect(screen.queryByRole('button', { name: 'Answer' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'View' }));
    expect(screen.getByRole('note').textContent).toContain('did not allow Clarify to record answers');
    expect(screen.queryByRole('form', { name: 'Your answer' })).toBeNull();
    cleanup();
  });
});
