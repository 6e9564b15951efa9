// @vitest-environment happy-dom
/**
 * The worklist store (src/state/worklist.ts) after a real EHR launch into the mock EHR: the review's findings as
 * items in two queues, and the technician's dispositions (Dismiss, Reopen, Mark reviewed) kept in the EHR, so a
 * relaunch shows them as the EHR holds them, and a failed write leaves the item as it was.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { DetectedIssue, Encounter } from 'fhir/r4';
import { createTestEhr, mockServer } from '../../mocks/node';
import type { FaultPlan } from '../../mocks/faults';
import { launchedApp } from '../support/launch';
import { fixtureChart } from '../support/fixtures';

const FRIESEN = fixtureChart('Friesen').patientId;
const MOEN = fixtureChart('Moen').patientId;

beforeEach(() => sessionStorage.clear());

type Ehr = ReturnType<typeof createTestEhr>;

/** The patient's encounter that starts on this day, as the mock EHR serves it. */
function encounterOn(ehr: Ehr, patientId: string, day: string): Encounter {
  return ehr.store.all('Encounter').find((e) => (e as Encounter).subject?.reference === `Patient/${patientId}` && (e as Encounter).period?.start?.startsWith(day)) as Encounter;
}

/** Launches the technician into the encounter with the record read; the worklist actions from the same page. */
async function launchInto(ehr: Ehr, patientId: string, day: string) {
  const { app, state } = await launchedApp({ patient: patientId, encounter: encounterOn(ehr, patientId, day).id });
  await app.loadRecord(state);
  const worklist = await import('../../src/state/worklist');
  const queries = await import('../../src/state/queries');
  return { app, state, worklist, queries };
}

/** Tommy Friesen's 2021-02-10 heart-failure admission, where the mock EHR plants AKI, low sodium and low potassium. */
async function technicianOnAdmission(faults?: FaultPlan) {
  const ehr = createTestEhr(faults ? { faults } : {});
  mockServer.use(...ehr.handlers);
  const launched = await launchInto(ehr, FRIESEN, '2021-02-10');
  const item = (condition: string) => launched.state.worklist.items.value.find((i) => i.condition === condition)!;
  const statusOf = (condition: string) => item(condition).status;
  const issues = () => ehr.store.all('DetectedIssue') as DetectedIssue[];
  return { ehr, ...launched, item, statusOf, issues };
}

const conditions = (items: ReadonlyArray<{ condition?: string }>) => items.map((i) => i.condition);

describe('the worklist: items and queues', () => {
  it('makes the admission\'s findings query items, most important first, with heart failure\'s gap and unspecified code as one item', async () => {
    const { state } = await technicianOnAdmission();
    const items = state.worklist.items.value;
    expect(items.map((i) => [i.condition, i.queue, i.severity, i.status])).toEqual([
      ['N17.9', 'query', 'high', 'new'],
      ['I50.9', 'query', 'medium', 'new'],
      ['E87.1', 'query', 'medium', 'new'],
      ['E87.6', 'query', 'medium', 'new'],
    ]);
    const heartFailure = items[1]!;
    expect(heartFailure.findings.map((f) => f.ruleId)).toEqual(['heart-failure/type-acuity-unspecified', 'coding/unspecified-code']);
    expect(heartFailure.codes).toContain('I50.21');
    expect(state.worklist.openCounts.value).toEqual({ query: 4, coding: 0 });
    expect(state.worklist.queue.value).toBe('query');
    expect(conditions(state.worklist.visible.value.query)).toEqual(['N17.9', 'I50.9', 'E87.1', 'E87.6']);
    expect(state.worklist.visible.value.coding).toEqual([]);
  });

  it('puts a coder\'s fix in the coding queue: Twyla Moen\'s E11 category header at her 2020-09-27 check-up', async () => {
    const ehr = createTestEhr();
    mockServer.use(...ehr.handlers);
    const { state } = await launchInto(ehr, MOEN, '2020-09-27');
    expect(state.worklist.items.value.map((i) => [i.condition, i.queue, i.codes])).toEqual([['E11', 'coding', ['E11']]]);
    expect(state.worklist.openCounts.value).toEqual({ query: 0, coding: 1 });
    expect(conditions(state.worklist.visible.value.coding)).toEqual(['E11']);
  });

  it('narrows the visible items by the filter, and counts open items whatever the filter', async () => {
    const { state } = await technicianOnAdmission();
    state.worklist.filter.value = { ...state.worklist.filter.value, text: 'potassium' };
    expect(conditions(state.worklist.visible.value.query)).toEqual(['E87.6']);
    state.worklist.filter.value = { ...state.worklist.filter.value, text: '', severity: 'high' };
    expect(conditions(state.worklist.visible.value.query)).toEqual(['N17.9']);
    expect(state.worklist.openCounts.value).toEqual({ query: 4, coding: 0 });
  });
});

describe('the worklist: dispositions kept in the EHR', () => {
  it('dismisses an item with a reason: dismissed, hidden from the default filter, shown when dismissed items are asked for', async () => {
    const { state, worklist, item, statusOf, issues } = await technicianOnAdmission();
    const sodium = item('E87.1');
    await worklist.recordItemDisposition(state, sodium, { action: 'dismissed', reasonCode: 'clinically-insignificant', comment: 'Pseudohyponatremia: lipemic sample.' });

    expect(state.worklist.saving.value.get(sodium.id)).toBeUndefined();
    expect(statusOf('E87.1')).toBe('dismissed');
    expect(conditions(state.worklist.visible.value.query)).toEqual(['N17.9', 'I50.9', 'E87.6']);
    expect(state.worklist.openCounts.value).toEqual({ query: 3, coding: 0 });
    state.worklist.filter.value = { ...state.worklist.filter.value, status: 'dismissed' };
    expect(conditions(state.worklist.visible.value.query)).toEqual(['E87.1']);

    // Kept in the EHR: the finding's DetectedIssue, with the mitigation and who did it.
    expect(issues()).toHaveLength(1);
    expect(state.worklist.historyOf(sodium.id)).toEqual([{
      action: 'dismissed', reason: { code: 'clinically-insignificant', label: 'Not clinically significant for this patient' },
      comment: 'Pseudohyponatremia: lipemic sample.', at: expect.any(String), author: 'Renée Okafor, RHIT, CCDS',
    }]);
  });

  it('still shows the item dismissed after a relaunch: the record read again from the EHR holds it, not the browser', async () => {
    const first = await technicianOnAdmission();
    const sodium = first.item('E87.1');
    await first.worklist.recordItemDisposition(first.state, sodium, { action: 'dismissed', reasonCode: 'documented-elsewhere' });
    expect(first.statusOf('E87.1')).toBe('dismissed');

    sessionStorage.clear();
    const { state } = await launchInto(first.ehr, FRIESEN, '2021-02-10');
    expect(state).not.toBe(first.state);
    expect(state.worklist.written.value.size).toBe(0);
    const again = state.worklist.items.value.find((i) => i.condition === 'E87.1')!;
    expect(again.id).toBe(sodium.id);
    expect(again.status).toBe('dismissed');
    expect(state.worklist.openCounts.value).toEqual({ query: 3, coding: 0 });
    expect(state.worklist.historyOf(sodium.id).map((d) => d.action)).toEqual(['dismissed']);
  });

  it('reopens a dismissed item (new again), then marks it reviewed (reviewed): one DetectedIssue, its history in order', async () => {
    const { state, worklist, item, statusOf, issues } = await technicianOnAdmission();
    const potassium = item('E87.6');
    await worklist.recordItemDisposition(state, potassium, { action: 'dismissed', reasonCode: 'record-error' });
    expect(statusOf('E87.6')).toBe('dismissed');
    await worklist.recordItemDisposition(state, item('E87.6'), { action: 'reopened' });
    expect(statusOf('E87.6')).toBe('new');
    expect(state.worklist.openCounts.value.query).toBe(4);
    await worklist.recordItemDisposition(state, item('E87.6'), { action: 'reviewed', comment: 'Replacement ordered; no query needed.' });
    expect(statusOf('E87.6')).toBe('reviewed');
    expect(conditions(state.worklist.visible.value.query)).not.toContain('E87.6');

    expect(issues()).toHaveLength(1);
    expect(issues()[0]!.meta?.versionId).toBe('3');
    expect(state.worklist.historyOf(potassium.id).map((d) => d.action)).toEqual(['dismissed', 'reopened', 'reviewed']);
  });

  it('records a disposition on the item\'s primary finding: marking heart failure reviewed marks the item, its two aspects together', async () => {
    const { state, worklist, item, statusOf, issues } = await technicianOnAdmission();
    const heartFailure = item('I50.9');
    await worklist.recordItemDisposition(state, heartFailure, { action: 'reviewed' });
    expect(statusOf('I50.9')).toBe('reviewed');
    expect(issues().map((i) => i.code?.coding?.find((c) => c.system?.endsWith('/CodeSystem/rule'))?.code)).toEqual(['heart-failure/type-acuity-unspecified']);
  });

  it('shows the item sent when a query is sent after its dismissal', async () => {
    const { state, worklist, queries, item, statusOf } = await technicianOnAdmission();
    const sodium = item('E87.1');
    await worklist.recordItemDisposition(state, sodium, { action: 'dismissed', reasonCode: 'query-not-warranted' }, { now: () => new Date(Date.now() - 60_000) });
    expect(statusOf('E87.1')).toBe('dismissed');
    queries.openComposer(state, sodium.primary);
    expect(statusOf('E87.1')).toBe('dismissed');
    await queries.sendComposer(state, sodium.primary);
    expect(statusOf('E87.1')).toBe('sent');
  });

  it('adds to a DetectedIssue another session created meanwhile (this one read the record before): one DetectedIssue, both dispositions', async () => {
    const other = await technicianOnAdmission();
    sessionStorage.clear();
    const mine = await launchInto(other.ehr, FRIESEN, '2021-02-10');
    await other.worklist.recordItemDisposition(other.state, other.item('E87.1'), { action: 'dismissed', reasonCode: 'documented-elsewhere' }, { now: () => new Date(Date.now() - 60_000) });
    const sodium = mine.state.worklist.items.value.find((i) => i.condition === 'E87.1')!;
    expect(sodium.status).toBe('new');
    await mine.worklist.recordItemDisposition(mine.state, sodium, { action: 'reviewed' });
    expect(mine.state.worklist.saving.value.has(sodium.id)).toBe(false);
    expect(mine.state.worklist.items.value.find((i) => i.condition === 'E87.1')!.status).toBe('reviewed');
    expect(other.issues()).toHaveLength(1);
    expect(mine.state.worklist.historyOf(sodium.id).map((d) => d.action)).toEqual(['dismissed', 'reviewed']);
  });

  // Dismissed then reopened, the finding's DetectedIssue has two Provenances (CREATE, UPDATE); the query
  // transaction's Provenance, conditional on `target:DetectedIssue.identifier`, matches both and the EHR answers 412
  // (see test/fhir/dispositions.test.ts): the reopened item can never be queried.
  it('sends a query for an item that was dismissed and then reopened', async () => {
    const { state, worklist, queries, item, statusOf } = await technicianOnAdmission();
    const sodium = item('E87.1');
    await worklist.recordItemDisposition(state, sodium, { action: 'dismissed', reasonCode: 'query-not-warranted' }, { now: () => new Date(Date.now() - 120_000) });
    await worklist.recordItemDisposition(state, item('E87.1'), { action: 'reopened' }, { now: () => new Date(Date.now() - 60_000) });
    expect(statusOf('E87.1')).toBe('new');
    queries.openComposer(state, sodium.primary);
    await queries.sendComposer(state, sodium.primary);
    expect(state.queries.composers.value.get(sodium.id)?.send).toBeUndefined();
    expect(statusOf('E87.1')).toBe('sent');
  });

  it('shows why a write failed and leaves the item as it was (the EHR refuses every transaction)', async () => {
    const { state, worklist, item, statusOf, issues } = await technicianOnAdmission({ types: { transaction: { status: 403 } } });
    const sodium = item('E87.1');
    await worklist.recordItemDisposition(state, sodium, { action: 'dismissed', reasonCode: 'documented-elsewhere' });
    expect(state.worklist.saving.value.get(sodium.id)).toEqual({ state: 'failed', message: expect.stringMatching(/\S/) });
    expect(statusOf('E87.1')).toBe('new');
    expect(state.worklist.openCounts.value.query).toBe(4);
    expect(issues()).toHaveLength(0);
    expect(state.worklist.historyOf(sodium.id)).toEqual([]);
  });

  it('says a dismissal needs a reason, and writes nothing', async () => {
    const { state, worklist, item, statusOf, issues } = await technicianOnAdmission();
    const sodium = item('E87.1');
    await worklist.recordItemDisposition(state, sodium, { action: 'dismissed' });
    expect(state.worklist.saving.value.get(sodium.id)).toEqual({ state: 'failed', message: 'a dismissal needs a reason from the list' });
    expect(statusOf('E87.1')).toBe('new');
    expect(issues()).toHaveLength(0);
  });

  it('clears a failure once the same disposition is recorded', async () => {
    const { state, worklist, item, statusOf } = await technicianOnAdmission({ types: { transaction: { status: 403, times: 1 } } });
    const sodium = item('E87.1');
    await worklist.recordItemDisposition(state, sodium, { action: 'dismissed', reasonCode: 'documented-elsewhere' });
    expect(state.worklist.saving.value.get(sodium.id)?.state).toBe('failed');
    await worklist.recordItemDisposition(state, sodium, { action: 'dismissed', reasonCode: 'documented-elsewhere' });
    expect(state.worklist.saving.value.has(sodium.id)).toBe(false);
    expect(statusOf('E87.1')).toBe('dismissed');
  });
});
