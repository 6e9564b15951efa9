/**
 * Records a technician's disposition of a finding (dismissed, reviewed, reopened) in the EHR: the pure
 * model builds the transaction (src/review/disposition.ts); this module posts it and reads back the
 * finding's DetectedIssue as the EHR now holds it. Nothing is written twice: the DetectedIssue's create is
 * conditional on the finding id, its update carries If-Match. A create that found a DetectedIssue made
 * meanwhile (a query sent from another tab) did not add the mitigation: the one found is then updated. A
 * stale version (412) is reported as a conflict, with the DetectedIssue as it now is.
 */
import type { Bundle, DetectedIssue } from 'fhir/r4';
import type { FhirGateway, RequestOptions } from './gateway';
import { FhirRequestError } from './errors';
import { failureOf, located, UNCERTAIN, type QueryFailureKind } from './queries';
import { buildDispositionTransaction, dispositionsOf, type DispositionInput } from '../review/disposition';
import { FINDING_IDENTIFIER_SYSTEM } from '../query/build-query';
import { findingIdOfIssue } from '../query/query-status';

export type DispositionResult =
  | { ok: true; issue: DetectedIssue }
  | { ok: false; kind: QueryFailureKind; message: string; retrySafe: boolean; current?: DetectedIssue };

const isIssue = (value: unknown, findingId: string): value is DetectedIssue =>
  typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === 'DetectedIssue'
  && typeof (value as { id?: unknown }).id === 'string' && findingIdOfIssue(value) === findingId;

/** Whether the DetectedIssue carries this action at this time (the write took). */
const carries = (issue: DetectedIssue, input: DispositionInput) => dispositionsOf(issue).some((d) => d.action === input.action && d.at === input.at);

async function issueByFinding(gateway: FhirGateway, findingId: string, options: RequestOptions): Promise<DetectedIssue | undefined> {
  const found = await gateway.search<DetectedIssue>('DetectedIssue', { identifier: `${FINDING_IDENTIFIER_SYSTEM}|${findingId}`, _count: '2' }, options).catch(() => []);
  return found.length === 1 && isIssue(found[0], findingId) ? found[0] : undefined;
}

/** The DetectedIssue the transaction-response names first: returned, or read from its location. */
async function issueOfResponse(gateway: FhirGateway, response: Bundle, findingId: string, options: RequestOptions): Promise<DetectedIssue | undefined> {
  const entry = response.entry?.[0];
  if (isIssue(entry?.resource, findingId)) return entry.resource;
  const where = located(entry?.response?.location, 'DetectedIssue');
  if (!where) return undefined;
  const read = await gateway.read<DetectedIssue>(`DetectedIssue/${where.id}`, options).catch(() => undefined);
  return isIssue(read, findingId) ? read : undefined;
}

/** Posts a disposition; answers the finding's DetectedIssue as the EHR holds it, or why it was not recorded. */
export async function recordDisposition(gateway: FhirGateway, input: DispositionInput, options: RequestOptions = {}): Promise<DispositionResult> {
  const findingId = input.finding.id;
  let attempt = input;
  for (let round = 0; round < 2; round++) {
    const transaction = buildDispositionTransaction(attempt);
    try {
      const response = await gateway.transaction(transaction, options);
      const issue = await issueOfResponse(gateway, response, findingId, options);
      if (issue && carries(issue, input)) return { ok: true, issue };
      // The conditional create found a DetectedIssue made meanwhile: add the mitigation to that one.
      const current = issue ?? await issueByFinding(gateway, findingId, options);
      if (!current) return { ok: false, kind: 'malformed', message: 'The EHR accepted the change but its answer did not say where the finding is kept.', retrySafe: true };
      if (carries(current, input)) return { ok: true, issue: current };
      attempt = { ...input, existing: current };
    } catch (error) {
      if (!(error instanceof FhirRequestError)) throw error;
      const failure = failureOf(error, transaction);
      const current = failure.kind === 'conflict' || UNCERTAIN.has(failure.kind) ? await issueByFinding(gateway, findingId, options) : undefined;
      if (current && carries(current, input)) return { ok: true, issue: current };
      // A create refused because the finding is already recorded (its Provenances make the condition ambiguous):
      // update the one there, on the version just read.
      if (failure.kind === 'conflict' && !attempt.existing && current && round === 0) {
        attempt = { ...input, existing: current };
        continue;
      }
      return { ok: false, kind: failure.kind, message: failure.kind === 'conflict' ? 'Someone changed this finding meanwhile; its current state is shown. Try again if it still applies.' : failure.message, retrySafe: failure.retrySafe, ...(current ? { current } : {}) };
    }
  }
  return { ok: false, kind: 'conflict', message: 'Someone changed this finding meanwhile; its current state is shown. Try again if it still applies.', retrySafe: true };
}
