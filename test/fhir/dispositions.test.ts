/**
 * Recording a technician's disposition of a finding in the mock EHR (msw), with the transactions the pure model
 * builds (src/review/disposition.ts) and the scopes Clarify really requests: the finding's DetectedIssue created
 * with the mitigation, updated with If-Match, a DetectedIssue made meanwhile updated rather than duplicated, a
 * stale version reported as a conflict with the issue as it is, a refusal as denied. The finding is a real one:
 * the hyponatremia rule on the stay the store holds.
 */
import { describe, expect, it } from 'vitest';
import type { DetectedIssue, Provenance, Resource } from 'fhir/r4';
import { createFhirGateway } from '../../src/fhir/gateway';
import { recordDisposition, type DispositionResult } from '../../src/fhir/dispositions';
import { sendQuery } from '../../src/fhir/queries';
import { launchScopes } from '../../src/fhir/scopes';
import { buildQueryTransaction, FINDING_IDENTIFIER_SYSTEM } from '../../src/query/build-query';
import { defaultDraft } from '../../src/query/templates';
import { PatientRecord } from '../../src/record/patient-record';
import { currentDisposition, dispositionsOf, type DispositionInput } from '../../src/review/disposition';
import { ALL_RULES, runRules, type Finding } from '../../src/rules/index';
import { LOINC } from '../../src/terminology/loinc';
import { FhirStore } from '../../mocks/fhir-store';
import type { FaultPlan } from '../../mocks/faults';
import { createTestEhr, mockServer, TEST_FHIR_BASE } from '../../mocks/node';
import { issueAccessToken } from '../support/tokens';
import { encounter, lab, patient, PATIENT_ID } from '../rules/support';

const TECHNICIAN = { reference: 'Practitioner/cdi-technician-1', display: 'Renée Okafor, RHIT, CCDS' };
const PHYSICIAN = { reference: 'Practitioner/dr-lee', display: 'Dr. Ana Lee' };

/** Twyla Moen's stay, 1–8 March 2021: two low sodium results, no hyponatremia diagnosis. */
const chart = (): Resource[] => [
  patient(),
  encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z'),
  lab(LOINC.SODIUM_SERUM, 128, 'mmol/L', '2021-03-01T09:00:00Z', { id: 'na-1', encounter: 'enc-1' }),
  lab(LOINC.SODIUM_SERUM, 126, 'mmol/L', '2021-03-02T06:00:00Z', { id: 'na-2', encounter: 'enc-1' }),
  { resourceType: 'Practitioner', id: 'cdi-technician-1', name: [{ family: 'Okafor', given: ['Renée'] }] },
  { resourceType: 'Practitioner', id: 'dr-lee', name: [{ family: 'Lee', given: ['Ana'], prefix: ['Dr.'] }] },
] as Resource[];

const FINDING: Finding = runRules(PatientRecord.fromResources(chart()), ALL_RULES, { now: new Date('2021-03-15T12:00:00Z'), encounterId: 'enc-1' })
  .find((f) => f.ruleId === 'electrolytes/hyponatremia')!;

interface Setup { faults?: FaultPlan; scope?: string }

async function setUp(setup: Setup = {}) {
  const store = new FhirStore(chart());
  mockServer.use(...createTestEhr({ store, ...(setup.faults ? { faults: setup.faults } : {}) }).handlers);
  const token = await issueAccessToken(setup.scope ?? launchScopes('ehr'), { patient: PATIENT_ID, user: TECHNICIAN.reference });
  const gateway = createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => `Bearer ${token}`, sleep: async () => {} });
  const issues = () => store.all('DetectedIssue') as DetectedIssue[];
  const provenances = () => store.all('Provenance') as Provenance[];
  return { store, gateway, issues, provenances };
}

let writes = 0;
function input(overrides: Partial<DispositionInput> = {}): DispositionInput {
  return {
    finding: FINDING, patient: `Patient/${PATIENT_ID}`, author: TECHNICIAN, at: '2021-03-10T15:00:00Z', action: 'dismissed', reasonCode: 'documented-elsewhere',
    comment: 'Hyponatremia is in the discharge summary.', writeId: `write-${++writes}`, ...overrides,
  };
}

function recorded(result: DispositionResult): DetectedIssue {
  if (!result.ok) throw new Error(`expected the disposition recorded, got ${result.kind}: ${result.message}`);
  return result.issue;
}

describe('recordDisposition', () => {
  it('is about a real finding of the stay', () => {
    expect(FINDING).toMatchObject({ ruleId: 'electrolytes/hyponatremia', encounter: 'Encounter/enc-1', evidence: ['Observation/na-1', 'Observation/na-2'] });
  });

  it('creates the finding\'s DetectedIssue with the mitigation, and a CREATE Provenance of it, when none exists', async () => {
    const { gateway, issues, provenances } = await setUp();
    const issue = recorded(await recordDisposition(gateway, input()));
    expect(issues()).toHaveLength(1);
    const stored = issues()[0]!;
    expect(issue).toEqual(stored);
    expect(stored).toMatchObject({ identifier: [{ system: FINDING_IDENTIFIER_SYSTEM, value: FINDING.id }], patient: { reference: `Patient/${PATIENT_ID}` }, meta: { versionId: '1' } });
    expect(currentDisposition(stored)).toEqual({
      action: 'dismissed', reason: { code: 'documented-elsewhere', label: 'Already documented (e.g. in a note or another diagnosis)' },
      comment: 'Hyponatremia is in the discharge summary.', at: '2021-03-10T15:00:00Z', author: 'Renée Okafor, RHIT, CCDS',
    });
    expect(provenances()).toHaveLength(1);
    expect(provenances()[0]).toMatchObject({ target: [{ reference: `DetectedIssue/${stored.id}` }], activity: { coding: [{ code: 'CREATE' }] }, recorded: '2021-03-10T15:00:00Z' });
  });

  it('updates the DetectedIssue for a second disposition: both mitigations kept, a new version, an UPDATE Provenance', async () => {
    const { gateway, store, issues, provenances } = await setUp();
    const first = recorded(await recordDisposition(gateway, input()));
    const second = recorded(await recordDisposition(gateway, input({ action: 'reopened', reasonCode: undefined, comment: undefined, at: '2021-03-11T09:00:00Z', existing: first })));
    expect(issues()).toHaveLength(1);
    expect(second.id).toBe(first.id);
    expect(second.meta?.versionId).toBe('2');
    expect(dispositionsOf(second).map((d) => d.action)).toEqual(['dismissed', 'reopened']);
    expect(currentDisposition(second)).toBeUndefined();
    expect(store.history('DetectedIssue', first.id!)).toHaveLength(2);
    expect(provenances().map((p) => p.activity?.coding?.[0]?.code).sort()).toEqual(['CREATE', 'UPDATE']);
  });

  it('adds the mitigation to a DetectedIssue created meanwhile (a query sent from another tab): one DetectedIssue, updated', async () => {
    const { gateway, issues, provenances } = await setUp();
    const sent = await sendQuery(gateway, buildQueryTransaction({
      finding: FINDING, draft: defaultDraft(FINDING)!, patient: `Patient/${PATIENT_ID}`, encounter: 'Encounter/enc-1', author: TECHNICIAN, recipient: PHYSICIAN,
      authoredOn: '2021-03-10T09:00:00Z', dueDate: '2021-03-12', identifier: '3f1c2b4a-0000-4000-8000-000000000001',
    }));
    expect(sent.ok).toBe(true);
    expect(issues()).toHaveLength(1);
    expect(issues()[0]!.mitigation).toBeUndefined();

    // This tab read the record before the query was sent: it passes no `existing`.
    const issue = recorded(await recordDisposition(gateway, input({ action: 'reviewed', reasonCode: undefined, comment: 'Query sent; nothing else to do.' })));
    expect(issues()).toHaveLength(1);
    expect(issue.id).toBe(issues()[0]!.id);
    expect(issue.meta?.versionId).toBe('2');
    expect(dispositionsOf(issues()[0]).map((d) => [d.action, d.comment])).toEqual([['reviewed', 'Query sent; nothing else to do.']]);
    // The query's two Provenances and the update's; the create path's Provenance matched the query's and wrote nothing.
    expect(provenances().map((p) => p.activity?.coding?.[0]?.code).sort()).toEqual(['CREATE', 'CREATE', 'UPDATE']);
  });

  it('reports a stale version as a conflict, with the DetectedIssue as it now is, and overwrites nothing', async () => {
    const { gateway, issues } = await setUp();
    const first = recorded(await recordDisposition(gateway, input()));
    // Another technician reopens it meanwhile (version 2).
    recorded(await recordDisposition(gateway, input({ action: 'reopened', reasonCode: undefined, comment: undefined, at: '2021-03-11T09:00:00Z', existing: first })));
    // This session still holds version 1.
    const result = await recordDisposition(gateway, input({ action: 'reviewed', reasonCode: undefined, comment: undefined, at: '2021-03-11T10:00:00Z', existing: first }));
    expect(result).toMatchObject({ ok: false, kind: 'conflict', retrySafe: expect.any(Boolean) });
    expect(result.ok === false && result.message).toMatch(/changed this finding meanwhile/);
    const current = result.ok === false ? result.current : undefined;
    expect(current).toEqual(issues()[0]);
    expect(current?.meta?.versionId).toBe('2');
    expect(dispositionsOf(current).map((d) => d.action)).toEqual(['dismissed', 'reopened']);
    // Retrying with the current issue records it.
    const retried = recorded(await recordDisposition(gateway, input({ action: 'reviewed', reasonCode: undefined, comment: undefined, at: '2021-03-11T10:00:00Z', existing: current })));
    expect(dispositionsOf(retried).map((d) => d.action)).toEqual(['dismissed', 'reopened', 'reviewed']);
  });

  it('answers denied when the EHR did not grant DetectedIssue writes (403), and writes nothing', async () => {
    const { gateway, issues, provenances } = await setUp({ scope: launchScopes('ehr').replace('patient/DetectedIssue.crus', 'patient/DetectedIssue.rs') });
    const result = await recordDisposition(gateway, input());
    expect(result).toMatchObject({ ok: false, kind: 'denied' });
    expect(result.ok === false && result.current).toBeUndefined();
    expect(issues()).toHaveLength(0);
    expect(provenances()).toHaveLength(0);
  });

  it('throws the RangeError of a dismissal without a reason, before writing anything', async () => {
    const { gateway, issues } = await setUp();
    await expect(recordDisposition(gateway, input({ reasonCode: undefined }))).rejects.toThrow(RangeError);
    expect(issues()).toHaveLength(0);
  });

  describe('the same call repeated after it succeeded (a double click, a retry after a lost answer)', () => {
    it('writes nothing the second time when the first created the DetectedIssue: the conditional create finds it carrying the action', async () => {
      const { gateway, store, issues, provenances } = await setUp();
      const same = input();
      const first = recorded(await recordDisposition(gateway, same));
      const again = recorded(await recordDisposition(gateway, same));
      expect(again).toEqual(first);
      expect(issues()).toHaveLength(1);
      expect(store.history('DetectedIssue', first.id!)).toHaveLength(1);
      expect(provenances()).toHaveLength(1);
    });

    it('writes nothing the second time when the first updated it: If-Match fails on the old version, and the issue already carries the action', async () => {
      const { gateway, store, provenances } = await setUp();
      const created = recorded(await recordDisposition(gateway, input()));
      const same = input({ action: 'reopened', reasonCode: undefined, comment: undefined, at: '2021-03-11T09:00:00Z', existing: created });
      const first = recorded(await recordDisposition(gateway, same));
      const again = recorded(await recordDisposition(gateway, same));
      expect(again).toEqual(first);
      expect(store.history('DetectedIssue', created.id!)).toHaveLength(2);
      expect(provenances()).toHaveLength(2);
    });
  });

  it('reports the disposition recorded when the EHR saved it but the answer was lost (504 after processing)', async () => {
    const { gateway, issues, provenances } = await setUp({ faults: { types: { transaction: { status: 504, processed: true, times: 1 } } } });
    const issue = recorded(await recordDisposition(gateway, input()));
    expect(currentDisposition(issue)?.action).toBe('dismissed');
    expect(issues()).toHaveLength(1);
    expect(provenances()).toHaveLength(1);
  });

  it('reports an update recorded when the EHR saved it but the answer was lost: not resent, but found carrying the action', async () => {
    const { gateway, store, issues } = await setUp();
    const created = recorded(await recordDisposition(gateway, input()));
    mockServer.use(...createTestEhr({ store, faults: { types: { transaction: { status: 504, processed: true, times: 1 } } } }).handlers);
    const issue = recorded(await recordDisposition(gateway, input({ action: 'reviewed', reasonCode: undefined, comment: undefined, at: '2021-03-11T09:00:00Z', existing: created })));
    expect(dispositionsOf(issue).map((d) => d.action)).toEqual(['dismissed', 'reviewed']);
    expect(store.history('DetectedIssue', issues()[0]!.id!)).toHaveLength(2);
  });

  it('reports an update the EHR never received (504) as failed, with the issue as it is, and writes nothing', async () => {
    const { gateway, store, issues } = await setUp();
    const created = recorded(await recordDisposition(gateway, input()));
    mockServer.use(...createTestEhr({ store, faults: { types: { transaction: { status: 504, times: 1 } } } }).handlers);
    const result = await recordDisposition(gateway, input({ action: 'reviewed', reasonCode: undefined, comment: undefined, at: '2021-03-11T09:00:00Z', existing: created }));
    expect(result).toMatchObject({ ok: false, kind: 'outcome-unknown' });
    expect(result.ok === false && result.current).toEqual(issues()[0]);
    expect(store.history('DetectedIssue', created.id!)).toHaveLength(1);
  });

  // After a dismissal and a reopening, two Provenances target the finding's DetectedIssue (CREATE, UPDATE). The
  // create path's Provenance is conditional on `target:DetectedIssue.identifier=<finding>`, which then matches
  // both: a conditional create that matches several resources fails with 412 (FHIR R4 http.html#ccreate), so
  // a session that read the record before the DetectedIssue existed cannot record its disposition.
  it('adds the mitigation to a DetectedIssue created meanwhile that has already been updated once', async () => {
    const { gateway } = await setUp();
    const created = recorded(await recordDisposition(gateway, input()));
    recorded(await recordDisposition(gateway, input({ action: 'reopened', reasonCode: undefined, comment: undefined, at: '2021-03-11T09:00:00Z', existing: created })));
    // Another session, whose record was read before any of this, marks it reviewed.
    const result = await recordDisposition(gateway, input({ action: 'reviewed', reasonCode: undefined, comment: undefined, at: '2021-03-12T09:00:00Z' }));
    expect(result.ok).toBe(true);
  });

  // The same matching makes a query impossible to send for a finding once it has been dismissed and reopened:
  // the query transaction's DetectedIssue Provenance carries the same conditional.
  it('lets a query be sent for a finding that was dismissed and then reopened', async () => {
    const { gateway } = await setUp();
    const created = recorded(await recordDisposition(gateway, input()));
    recorded(await recordDisposition(gateway, input({ action: 'reopened', reasonCode: undefined, comment: undefined, at: '2021-03-11T09:00:00Z', existing: created })));
    const sent = await sendQuery(gateway, buildQueryTransaction({
      finding: FINDING, draft: defaultDraft(FINDING)!, patient: `Patient/${PATIENT_ID}`, encounter: 'Encounter/enc-1', author: TECHNICIAN, recipient: PHYSICIAN,
      authoredOn: '2021-03-12T09:00:00Z', dueDate: '2021-03-16', identifier: '3f1c2b4a-0000-4000-8000-000000000002',
    }));
    expect(sent).toMatchObject({ ok: true });
  });
});
