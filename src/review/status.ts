/**
 * Where a review item stands, from what the EHR and the session hold about its findings: the technician's
 * latest disposition, the queries sent, a draft being written. Pure.
 */
import type { QueryStatusKind } from '../query/query-status';
import { fhirTimeMs } from '../record/fhir-dates';
import type { Disposition } from './disposition';
import type { ItemStatus } from './items';

export interface StatusEvidence {
  /** The current disposition of each of the item's findings that has one (reopened ones are none). */
  dispositions: readonly Disposition[];
  /** The queries sent for the item's findings: where each stands and when it was sent. */
  queries: ReadonlyArray<{ kind: QueryStatusKind; authoredOn?: string }>;
  /** A query draft is open for one of the item's findings. */
  drafted: boolean;
}

const OPEN: ReadonlySet<QueryStatusKind> = new Set(['sent', 'received', 'accepted', 'in-progress', 'overdue']);
const time = (value: string | undefined) => fhirTimeMs(value) ?? -Infinity;

/**
 * A disposition counts unless a query was sent after it; then an open query is `sent`, an answered or
 * declined one `answered`; else a draft is `drafted`; else `new` (a cancelled query leaves the item new).
 */
export function itemStatus({ dispositions, queries, drafted }: StatusEvidence): ItemStatus {
  const disposition = [...dispositions].sort((a, b) => time(a.at) - time(b.at)).at(-1);
  const latestQuery = Math.max(-Infinity, ...queries.map((q) => time(q.authoredOn)));
  if (disposition && (disposition.action === 'dismissed' || disposition.action === 'reviewed') && time(disposition.at) >= latestQuery) return disposition.action;
  if (queries.some((q) => OPEN.has(q.kind))) return 'sent';
  if (queries.some((q) => q.kind === 'answered' || q.kind === 'declined')) return 'answered';
  return drafted ? 'drafted' : 'new';
}
