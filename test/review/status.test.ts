/**
 * Where a review item stands (src/review/status.ts), from the technician's dispositions kept in the EHR, the
 * queries sent and a draft being written: the precedence, as a table, then the edges of its times.
 */
import { describe, expect, it } from 'vitest';
import type { DetectedIssue } from 'fhir/r4';
import type { QueryStatusKind } from '../../src/query/query-status';
import { currentDisposition, mitigationOf, type Disposition } from '../../src/review/disposition';
import type { ItemStatus } from '../../src/review/items';
import { itemStatus, type StatusEvidence } from '../../src/review/status';

const TECHNICIAN = { reference: 'Practitioner/cdi-technician-1', display: 'Renée Okafor, RHIT, CCDS' };
const dismissed = (at: string): Disposition => ({ action: 'dismissed', reason: { code: 'clinically-insignificant', label: 'Not clinically significant for this patient' }, at, author: TECHNICIAN.display });
const reviewed = (at: string): Disposition => ({ action: 'reviewed', at, author: TECHNICIAN.display });
const query = (kind: QueryStatusKind, authoredOn?: string) => ({ kind, ...(authoredOn ? { authoredOn } : {}) });
const evidence = (fields: Partial<StatusEvidence>): StatusEvidence => ({ dispositions: [], queries: [], drafted: false, ...fields });

describe('itemStatus', () => {
  it.each<[string, Partial<StatusEvidence>, ItemStatus]>([
    ['nothing recorded', {}, 'new'],
    ['a draft open', { drafted: true }, 'drafted'],
    ['a dismissal', { dispositions: [dismissed('2021-03-05T10:00:00Z')] }, 'dismissed'],
    ['a mark reviewed', { dispositions: [reviewed('2021-03-05T10:00:00Z')] }, 'reviewed'],
    ['a dismissal while a draft is open', { dispositions: [dismissed('2021-03-05T10:00:00Z')], drafted: true }, 'dismissed'],
    ['a dismissal after the query was sent', { dispositions: [dismissed('2021-03-06T10:00:00Z')], queries: [query('sent', '2021-03-05T10:00:00Z')] }, 'dismissed'],
    ['a mark reviewed after the query was answered', { dispositions: [reviewed('2021-03-08T10:00:00Z')], queries: [query('answered', '2021-03-05T10:00:00Z')] }, 'reviewed'],
    ['a dismissal and a query at the same moment', { dispositions: [dismissed('2021-03-05T10:00:00Z')], queries: [query('sent', '2021-03-05T10:00:00Z')] }, 'dismissed'],
    ['a query sent after a dismissal', { dispositions: [dismissed('2021-03-05T10:00:00Z')], queries: [query('sent', '2021-03-06T10:00:00Z')] }, 'sent'],
    ['a query answered after a mark reviewed', { dispositions: [reviewed('2021-03-05T10:00:00Z')], queries: [query('answered', '2021-03-06T10:00:00Z')] }, 'answered'],
    ['a query cancelled after a dismissal, with a draft open', { dispositions: [dismissed('2021-03-05T10:00:00Z')], queries: [query('cancelled', '2021-03-06T10:00:00Z')], drafted: true }, 'drafted'],
    ['a query sent', { queries: [query('sent', '2021-03-05T10:00:00Z')] }, 'sent'],
    ['a query received', { queries: [query('received', '2021-03-05T10:00:00Z')] }, 'sent'],
    ['a query accepted', { queries: [query('accepted', '2021-03-05T10:00:00Z')] }, 'sent'],
    ['a query in progress', { queries: [query('in-progress', '2021-03-05T10:00:00Z')] }, 'sent'],
    ['a query overdue', { queries: [query('overdue', '2021-03-05T10:00:00Z')] }, 'sent'],
    ['a query answered', { queries: [query('answered', '2021-03-05T10:00:00Z')] }, 'answered'],
    ['a query declined', { queries: [query('declined', '2021-03-05T10:00:00Z')] }, 'answered'],
    ['an open follow-up after an answered query', { queries: [query('answered', '2021-03-05T10:00:00Z'), query('sent', '2021-03-07T10:00:00Z')] }, 'sent'],
    ['an open query and an answered follow-up', { queries: [query('sent', '2021-03-05T10:00:00Z'), query('answered', '2021-03-07T10:00:00Z')] }, 'sent'],
    ['an open query while a follow-up is drafted', { queries: [query('sent', '2021-03-05T10:00:00Z')], drafted: true }, 'sent'],
    ['an answered query while a follow-up is drafted', { queries: [query('answered', '2021-03-05T10:00:00Z')], drafted: true }, 'answered'],
    ['a cancelled query only', { queries: [query('cancelled', '2021-03-05T10:00:00Z')] }, 'new'],
    ['a cancelled query and a new draft', { queries: [query('cancelled', '2021-03-05T10:00:00Z')], drafted: true }, 'drafted'],
    ['a query whose status cannot be read', { queries: [query('unknown', '2021-03-05T10:00:00Z')] }, 'new'],
  ])('%s → %s', (_scenario, fields, status) => {
    expect(itemStatus(evidence(fields))).toBe(status);
  });

  it('goes by the latest disposition of the item\'s findings, whatever order they come in', () => {
    const dispositions = [reviewed('2021-03-07T10:00:00Z'), dismissed('2021-03-05T10:00:00Z')];
    expect(itemStatus(evidence({ dispositions }))).toBe('reviewed');
    expect(itemStatus(evidence({ dispositions: [...dispositions].reverse() }))).toBe('reviewed');
  });

  it('compares moments, not how the times are written: 10:00 in New York is after 14:00 UTC', () => {
    // The dismissal at 15:00 UTC comes after the query sent at 14:00 UTC.
    expect(itemStatus(evidence({ dispositions: [dismissed('2021-03-05T10:00:00-05:00')], queries: [query('sent', '2021-03-05T14:00:00Z')] }))).toBe('dismissed');
    // The dismissal at 13:00 UTC comes before it.
    expect(itemStatus(evidence({ dispositions: [dismissed('2021-03-05T08:00:00-05:00')], queries: [query('sent', '2021-03-05T14:00:00Z')] }))).toBe('sent');
  });

  it('lets a dated disposition stand over a query without a send time', () => {
    expect(itemStatus(evidence({ dispositions: [dismissed('2021-03-05T10:00:00Z')], queries: [query('sent')] }))).toBe('dismissed');
  });

  it('falls through a reopened finding: currentDisposition gives no disposition, so the queries and draft decide', () => {
    const dismissal = mitigationOf({ action: 'dismissed', reasonCode: 'documented-elsewhere', at: '2021-03-05T10:00:00Z', author: TECHNICIAN });
    const reopening = mitigationOf({ action: 'reopened', at: '2021-03-06T10:00:00Z', author: TECHNICIAN });
    const issue: DetectedIssue = { resourceType: 'DetectedIssue', id: 'di-1', status: 'preliminary', mitigation: [dismissal, reopening] };
    const current = currentDisposition(issue);
    expect(current).toBeUndefined();
    const dispositions = current ? [current] : [];
    expect(itemStatus(evidence({ dispositions }))).toBe('new');
    expect(itemStatus(evidence({ dispositions, drafted: true }))).toBe('drafted');
    expect(itemStatus(evidence({ dispositions, queries: [query('answered', '2021-03-01T10:00:00Z')] }))).toBe('answered');
  });
});
