/**
 * The technician's disposition of a finding (src/review/disposition.ts): the mitigation an action adds, the
 * transaction that keeps it on the finding's DetectedIssue (created conditionally, or updated with If-Match),
 * and reading the dispositions back from a DetectedIssue as untrusted JSON. The finding is a real one: the
 * hyponatremia rule on an inpatient stay, 1–8 March 2021.
 */
import { describe, expect, it } from 'vitest';
import type { DetectedIssue, DetectedIssueMitigation, Provenance } from 'fhir/r4';
import {
  buildDispositionTransaction, currentDisposition, DISMISS_REASON_SYSTEM, DISPOSITION_SYSTEM, dispositionsOf, mitigationOf, type DispositionInput,
} from '../../src/review/disposition';
import { DATA_OPERATION_SYSTEM, FINDING_IDENTIFIER_SYSTEM, RULE_SYSTEM, detectedIssueOf } from '../../src/query/build-query';
import { hyponatremia } from '../../src/rules/gaps/electrolytes';
import { DISMISS_REASONS } from '../../src/terminology/dismiss-reasons';
import { LOINC } from '../../src/terminology/loinc';
import { CLARIFY_CODE, SYSTEM } from '../../src/terminology/systems';
import { encounter, findingsFor, lab } from '../rules/support';

const [FINDING] = findingsFor(hyponatremia, [
  encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-08T12:00:00Z'),
  lab(LOINC.SODIUM_SERUM, 128, 'mmol/L', '2021-03-01T09:00:00Z', { id: 'na-1', encounter: 'enc-1' }),
  lab(LOINC.SODIUM_SERUM, 126, 'mmol/L', '2021-03-02T06:00:00Z', { id: 'na-2', encounter: 'enc-1' }),
], { encounterId: 'enc-1' });
const finding = FINDING!;

const TECHNICIAN = { reference: 'Practitioner/cdi-technician-1', display: 'Renée Okafor, RHIT, CCDS' };
const AT = '2021-03-10T15:04:05Z';
const WRITE_ID = '0f4b8f2e-3c1a-4d6e-9b7a-2e5c8d1f0a34';
const URN_UUID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DOCUMENTED = DISMISS_REASONS.find((r) => r.code === 'documented-elsewhere')!;

function input(overrides: Partial<DispositionInput> = {}): DispositionInput {
  return { finding, patient: 'Patient/pat-1', author: TECHNICIAN, at: AT, action: 'dismissed', reasonCode: 'documented-elsewhere', writeId: WRITE_ID, ...overrides };
}

describe('mitigationOf', () => {
  it('codes a dismissal by action and reason, says both in words with the comment, and names who and when', () => {
    expect(mitigationOf({ action: 'dismissed', reasonCode: 'documented-elsewhere', comment: 'Hyponatremia is in the discharge summary.', at: AT, author: TECHNICIAN })).toEqual({
      action: {
        coding: [
          { system: DISPOSITION_SYSTEM, code: 'dismissed', display: 'Dismissed' },
          { system: DISMISS_REASON_SYSTEM, code: 'documented-elsewhere', display: DOCUMENTED.label },
        ],
        text: `Dismissed (${DOCUMENTED.label}): Hyponatremia is in the discharge summary.`,
      },
      date: AT,
      author: { reference: 'Practitioner/cdi-technician-1', display: 'Renée Okafor, RHIT, CCDS' },
    });
  });

  it('says a dismissal without a comment by its reason alone', () => {
    expect(mitigationOf({ action: 'dismissed', reasonCode: 'clinically-insignificant', at: AT, author: TECHNICIAN }).action.text)
      .toBe('Dismissed (Not clinically significant for this patient)');
  });

  it.each([undefined, '', 'bogus-reason', 'DOCUMENTED-ELSEWHERE'])('refuses a dismissal without a reason from the list (%j)', (reasonCode) => {
    expect(() => mitigationOf({ action: 'dismissed', ...(reasonCode !== undefined ? { reasonCode } : {}), at: AT, author: TECHNICIAN })).toThrow(RangeError);
  });

  it('refuses "Other" without the reason in words (blank, or only control characters, is none)', () => {
    for (const comment of [undefined, '', '   \n\t ', '\u0007\u0000\u202e']) {
      expect(() => mitigationOf({ action: 'dismissed', reasonCode: 'other', ...(comment !== undefined ? { comment } : {}), at: AT, author: TECHNICIAN })).toThrow(/Other/);
    }
    expect(mitigationOf({ action: 'dismissed', reasonCode: 'other', comment: 'Sodium drawn above an IV line.', at: AT, author: TECHNICIAN }).action.text)
      .toBe('Dismissed (Other (say why below)): Sodium drawn above an IV line.');
  });

  it('codes a mark reviewed without a reason coding, even when a reason is passed', () => {
    const mitigation = mitigationOf({ action: 'reviewed', reasonCode: 'documented-elsewhere', at: AT, author: TECHNICIAN });
    expect(mitigation.action.coding).toEqual([{ system: DISPOSITION_SYSTEM, code: 'reviewed', display: 'Marked reviewed' }]);
    expect(mitigation.action.text).toBe('Marked reviewed');
    expect(mitigationOf({ action: 'reviewed', comment: 'Query sent by phone.', at: AT, author: TECHNICIAN }).action.text).toBe('Marked reviewed: Query sent by phone.');
  });

  it('codes a reopening', () => {
    const mitigation = mitigationOf({ action: 'reopened', at: AT, author: TECHNICIAN });
    expect(mitigation.action).toEqual({ coding: [{ system: DISPOSITION_SYSTEM, code: 'reopened', display: 'Reopened' }], text: 'Reopened' });
  });

  it.each(['2021-02-30T10:00:00Z', '03/10/2021', '2021-03-10 15:04', '', 'now'])('refuses a time that is not a FHIR dateTime (%j)', (at) => {
    expect(() => mitigationOf({ action: 'reviewed', at, author: TECHNICIAN })).toThrow(RangeError);
  });

  it('accepts any FHIR dateTime, with an offset or as a date', () => {
    expect(mitigationOf({ action: 'reviewed', at: '2021-03-10T10:04:05-05:00', author: TECHNICIAN }).date).toBe('2021-03-10T10:04:05-05:00');
    expect(mitigationOf({ action: 'reviewed', at: '2021-03-10', author: TECHNICIAN }).date).toBe('2021-03-10');
  });

  it('trims the comment and folds its whitespace to single spaces', () => {
    expect(mitigationOf({ action: 'reviewed', comment: '  Seen   in the\n\nprogress note \t ', at: AT, author: TECHNICIAN }).action.text).toBe('Marked reviewed: Seen in the progress note');
  });

  it('removes control characters and terminal escape sequences from the comment', () => {
    const comment = 'Seen\u0007 in \u001b[31mthe\u001b[0m note\u202e; \u0000ok';
    expect(mitigationOf({ action: 'reviewed', comment, at: AT, author: TECHNICIAN }).action.text).toBe('Marked reviewed: Seen in the note; ok');
  });

  it('bounds the comment to 1000 characters, the last an ellipsis', () => {
    const text = mitigationOf({ action: 'reviewed', comment: 'x'.repeat(5000), at: AT, author: TECHNICIAN }).action.text!;
    const comment = text.slice('Marked reviewed: '.length);
    expect(comment).toHaveLength(1000);
    expect(comment.endsWith('x…')).toBe(true);
  });

  it('names the author by reference alone when there is no display', () => {
    expect(mitigationOf({ action: 'reviewed', at: AT, author: { reference: 'Practitioner/cdi-technician-1', display: '  ' } }).author).toEqual({ reference: 'Practitioner/cdi-technician-1' });
  });
});

describe('buildDispositionTransaction', () => {
  describe('when the finding has no DetectedIssue yet', () => {
    const bundle = buildDispositionTransaction(input({ comment: 'In the discharge summary.' }));
    const [issueEntry, provenanceEntry] = bundle.entry!;
    const issue = issueEntry!.resource as DetectedIssue;

    it('creates the DetectedIssue unless one exists for the finding, then its Provenance, both conditional POSTs', () => {
      expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
      expect(bundle.entry!.map((e) => [e.resource!.resourceType, e.request])).toEqual([
        ['DetectedIssue', { method: 'POST', url: 'DetectedIssue', ifNoneExist: `identifier=${FINDING_IDENTIFIER_SYSTEM}|${finding.id}` }],
        ['Provenance', { method: 'POST', url: 'Provenance', ifNoneExist: `target:DetectedIssue.identifier=${FINDING_IDENTIFIER_SYSTEM}|${finding.id}` }],
      ]);
      for (const entry of bundle.entry!) expect(entry.fullUrl).toMatch(URN_UUID);
      expect(issue.id).toBeUndefined();
    });

    it('writes the finding as a query would (identifier, rule, evidence, summary), with the mitigation', () => {
      expect(issue).toEqual({ ...detectedIssueOf(finding, 'Patient/pat-1', TECHNICIAN, AT), mitigation: [mitigationOf(input({ comment: 'In the discharge summary.' }))] });
      expect(issue.identifier).toEqual([{ system: FINDING_IDENTIFIER_SYSTEM, value: finding.id }]);
      expect(issue.code!.coding).toEqual([{ system: SYSTEM.CLARIFY, code: CLARIFY_CODE.FINDING }, { system: RULE_SYSTEM, code: 'electrolytes/hyponatremia', display: finding.title }]);
      expect(issue.evidence).toEqual([{ detail: [{ reference: 'Observation/na-1' }, { reference: 'Observation/na-2' }] }]);
      expect(issue.patient).toEqual({ reference: 'Patient/pat-1' });
      expect(issue.mitigation).toHaveLength(1);
      expect(issue.mitigation![0]!.action.text).toBe(`Dismissed (${DOCUMENTED.label}): In the discharge summary.`);
    });

    it('records a CREATE Provenance of the new DetectedIssue by its fullUrl and the finding identifier', () => {
      const provenance = provenanceEntry!.resource as Provenance;
      expect(provenance.target).toEqual([{ reference: issueEntry!.fullUrl, identifier: { system: FINDING_IDENTIFIER_SYSTEM, value: finding.id } }]);
      expect(provenance.recorded).toBe(AT);
      expect(provenance.activity!.coding).toEqual([{ system: DATA_OPERATION_SYSTEM, code: 'CREATE', display: 'create' }]);
      expect(provenance.agent[0]!.who).toEqual(TECHNICIAN);
    });

    it('derives its fullUrls from the write id: the same action resent is the same transaction', () => {
      expect(buildDispositionTransaction(input({ comment: 'In the discharge summary.' }))).toEqual(bundle);
      const other = buildDispositionTransaction(input({ writeId: '7d2c5e1a-9f3b-4a8c-b6d4-1e0f2a3b4c5d' }));
      expect(other.entry!.map((e) => e.fullUrl)).not.toEqual(bundle.entry!.map((e) => e.fullUrl));
    });

    it('throws the RangeError of the mitigation for a dismissal without a reason, before anything is built', () => {
      expect(() => buildDispositionTransaction(input({ reasonCode: undefined }))).toThrow(RangeError);
    });
  });

  describe('when the finding\'s DetectedIssue is in the EHR', () => {
    const earlier: DetectedIssueMitigation = mitigationOf({ action: 'dismissed', reasonCode: 'clinically-insignificant', at: '2021-03-09T09:00:00Z', author: TECHNICIAN });
    const existing: DetectedIssue = {
      ...detectedIssueOf(finding, 'Patient/pat-1', TECHNICIAN, '2021-03-09T09:00:00Z'),
      id: 'di-7', meta: { versionId: '3', lastUpdated: '2021-03-09T09:00:01Z' }, mitigation: [earlier],
    };
    const bundle = buildDispositionTransaction(input({ action: 'reopened', reasonCode: undefined, existing }));
    const [issueEntry, provenanceEntry] = bundle.entry!;

    it('updates it in place: PUT DetectedIssue/<id> with If-Match on the version read', () => {
      expect(issueEntry!.request).toEqual({ method: 'PUT', url: 'DetectedIssue/di-7', ifMatch: 'W/"3"' });
    });

    it('keeps the earlier mitigations and everything else, and appends the new one', () => {
      const updated = issueEntry!.resource as DetectedIssue;
      expect(updated).toEqual({ ...existing, mitigation: [earlier, mitigationOf({ action: 'reopened', at: AT, author: TECHNICIAN })] });
      expect(existing.mitigation).toHaveLength(1);
    });

    it('records an UPDATE Provenance of DetectedIssue/<id>', () => {
      const provenance = provenanceEntry!.resource as Provenance;
      expect(provenanceEntry!.request).toEqual({ method: 'POST', url: 'Provenance' });
      expect(provenance.target).toEqual([{ reference: 'DetectedIssue/di-7' }]);
      expect(provenance.activity!.coding![0]!.code).toBe('UPDATE');
    });

    it('sends no If-Match for a version that is not a FHIR id', () => {
      const odd = buildDispositionTransaction(input({ existing: { ...existing, meta: { versionId: 'W/"3"' } } }));
      expect(odd.entry![0]!.request).toEqual({ method: 'PUT', url: 'DetectedIssue/di-7' });
    });

    it('creates instead when the DetectedIssue given has no id', () => {
      const { id: _id, ...withoutId } = existing;
      expect(buildDispositionTransaction(input({ existing: withoutId })).entry![0]!.request!.method).toBe('POST');
    });
  });
});

describe('dispositionsOf and currentDisposition', () => {
  const mitigation = (action: 'dismissed' | 'reviewed' | 'reopened', at: string, extra: { reasonCode?: string; comment?: string } = {}) =>
    mitigationOf({ action, at, author: TECHNICIAN, ...extra });
  const issueWith = (mitigations: unknown[]): unknown => ({ resourceType: 'DetectedIssue', id: 'di-1', status: 'preliminary', mitigation: mitigations });

  it('reads the dispositions oldest first, by their date rather than their order in the resource', () => {
    const issue = issueWith([
      mitigation('reviewed', '2021-03-12T10:00:00Z'),
      mitigation('dismissed', '2021-03-10T10:00:00Z', { reasonCode: 'record-error' }),
      mitigation('reopened', '2021-03-11T10:00:00-05:00'),
    ]);
    expect(dispositionsOf(issue).map((d) => [d.action, d.at])).toEqual([
      ['dismissed', '2021-03-10T10:00:00Z'], ['reopened', '2021-03-11T10:00:00-05:00'], ['reviewed', '2021-03-12T10:00:00Z'],
    ]);
    expect(currentDisposition(issue)).toMatchObject({ action: 'reviewed' });
  });

  it('compares dates as moments: 20:00 in New York is after 23:00 UTC the same day', () => {
    const issue = issueWith([mitigation('reviewed', '2021-03-10T20:00:00-05:00'), mitigation('reopened', '2021-03-10T23:00:00Z')]);
    expect(currentDisposition(issue)).toMatchObject({ action: 'reviewed' });
  });

  it('puts undated dispositions first, in the order written', () => {
    const undated = (action: 'dismissed' | 'reviewed') => ({ action: { coding: [{ system: DISPOSITION_SYSTEM, code: action }] } });
    const issue = issueWith([mitigation('reopened', '2021-03-10T10:00:00Z'), undated('reviewed'), undated('dismissed')]);
    expect(dispositionsOf(issue).map((d) => d.action)).toEqual(['reviewed', 'dismissed', 'reopened']);
  });

  it('ignores the mitigations of other systems (a pharmacist\'s, coded in HL7 ActCode)', () => {
    const pharmacist = {
      action: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMAUTH', display: 'emergency authorization override' }] },
      date: '2021-03-13T10:00:00Z', author: { reference: 'Practitioner/pharm-1' },
    };
    const lookalike = { action: { coding: [{ system: 'http://example.org/dispositions', code: 'dismissed' }] }, date: '2021-03-14T10:00:00Z' };
    const issue = issueWith([mitigation('dismissed', '2021-03-10T10:00:00Z', { reasonCode: 'record-error' }), pharmacist, lookalike]);
    expect(dispositionsOf(issue).map((d) => d.action)).toEqual(['dismissed']);
    expect(currentDisposition(issue)).toMatchObject({ action: 'dismissed', reason: { code: 'record-error' } });
  });

  it('answers no current disposition after a reopening, and the later one after it', () => {
    const dismissal = mitigation('dismissed', '2021-03-10T10:00:00Z', { reasonCode: 'record-error' });
    const reopening = mitigation('reopened', '2021-03-11T10:00:00Z');
    expect(currentDisposition(issueWith([dismissal, reopening]))).toBeUndefined();
    expect(currentDisposition(issueWith([dismissal, reopening, mitigation('reviewed', '2021-03-12T10:00:00Z')]))).toMatchObject({ action: 'reviewed' });
    expect(currentDisposition(issueWith([]))).toBeUndefined();
    expect(currentDisposition(undefined)).toBeUndefined();
  });

  it('reads a round trip: the action, the reason and its label, the comment, the author\'s name and the time', () => {
    const bundle = buildDispositionTransaction(input({ reasonCode: 'other', comment: 'Sodium drawn above an IV line.' }));
    expect(dispositionsOf(bundle.entry![0]!.resource)).toEqual([{
      action: 'dismissed', reason: { code: 'other', label: 'Other (say why below)' }, comment: 'Sodium drawn above an IV line.', at: AT, author: 'Renée Okafor, RHIT, CCDS',
    }]);
  });

  it('names the author by reference when the mitigation has no display', () => {
    const issue = issueWith([mitigationOf({ action: 'reviewed', comment: 'ok', at: AT, author: { reference: 'Practitioner/cdi-technician-1' } })]);
    expect(dispositionsOf(issue)[0]!.author).toBe('Practitioner/cdi-technician-1');
  });

  // A disposition recorded without a comment has no comment: its text is only Clarify's own wording.
  it('reads a disposition written without a comment as having none', () => {
    const issue = issueWith([mitigation('dismissed', AT, { reasonCode: 'documented-elsewhere' }), mitigation('reviewed', '2021-03-11T10:00:00Z')]);
    expect(dispositionsOf(issue).map((d) => d.comment)).toEqual([undefined, undefined]);
  });

  it('keeps the text of a mitigation written by hand (without Clarify\'s prefix) as its comment', () => {
    const byHand = { action: { coding: [{ system: DISPOSITION_SYSTEM, code: 'reviewed' }], text: 'Reviewed with Dr. Lee' }, date: AT };
    expect(dispositionsOf(issueWith([byHand]))).toEqual([{ action: 'reviewed', comment: 'Reviewed with Dr. Lee', at: AT }]);
  });

  it('drops an unknown reason code and a date that is not a FHIR dateTime, keeping the disposition', () => {
    const odd = {
      action: { coding: [{ system: DISPOSITION_SYSTEM, code: 'dismissed' }, { system: DISMISS_REASON_SYSTEM, code: 'because' }] },
      date: '2021-02-30T10:00:00Z', author: { display: 'Renée Okafor' },
    };
    expect(dispositionsOf(issueWith([odd]))).toEqual([{ action: 'dismissed', author: 'Renée Okafor' }]);
  });

  it('never throws on hostile or malformed JSON, and reads only what is well formed', () => {
    const huge = 'A'.repeat(1_000_000);
    const hostile: unknown[] = [
      null, undefined, 42, 'DetectedIssue', [], {}, { resourceType: 'Task', mitigation: [mitigation('reviewed', AT)] },
      { resourceType: 'DetectedIssue', mitigation: 'dismissed' },
      { resourceType: 'DetectedIssue', mitigation: { action: { coding: [{ system: DISPOSITION_SYSTEM, code: 'dismissed' }] } } },
      { resourceType: 'DetectedIssue', mitigation: 7 },
      issueWith([
        null, 1, 'dismissed', [], { action: 'dismissed' }, { action: { coding: 'dismissed' } }, { action: { coding: [null, 5, 'x'] } },
        { action: { coding: [{ system: DISPOSITION_SYSTEM, code: 42 }] } },
        { action: { coding: [{ system: DISPOSITION_SYSTEM, code: 'deleted' }] } },
        { action: { coding: [{ system: DISPOSITION_SYSTEM, code: 'toString' }] } },
        { action: { coding: [{ system: DISPOSITION_SYSTEM, code: 'reviewed' }], text: 42 }, date: 20210310, author: 'Practitioner/x' },
        { action: { coding: [{ system: DISPOSITION_SYSTEM, code: 'dismissed' }, { system: DISMISS_REASON_SYSTEM, code: { evil: true } }], text: huge }, date: huge, author: { display: huge, reference: 7 } },
      ]),
    ];
    for (const issue of hostile) {
      expect(() => dispositionsOf(issue)).not.toThrow();
      expect(() => currentDisposition(issue)).not.toThrow();
    }
    const read = dispositionsOf(hostile.at(-1));
    expect(read.map((d) => d.action)).toEqual(['reviewed', 'dismissed']);
    expect(read[0]).toEqual({ action: 'reviewed' });
    expect(read[1]!.reason).toBeUndefined();
    expect(read[1]!.at).toBeUndefined();
    expect(read[1]!.author!.length).toBeLessThanOrEqual(1000);
    expect(read[1]!.comment!.length).toBeLessThanOrEqual(1000);
  });

  it('reads at most 500 mitigations of a huge list', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => mitigation('reviewed', new Date(Date.UTC(2021, 0, 1) + i * 60_000).toISOString()));
    const read = dispositionsOf(issueWith(many));
    expect(read).toHaveLength(500);
    expect(read.at(-1)!.at).toBe(new Date(Date.UTC(2021, 0, 1) + 499 * 60_000).toISOString());
  });
});
