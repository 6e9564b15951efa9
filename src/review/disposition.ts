/**
 * The technician's disposition of a finding, kept in the EHR (issue 12, item 4): **Dismiss** (a reason from
 * a short list, free text) or **Mark reviewed**, and **Reopen**. It is a `DetectedIssue.mitigation` on the
 * finding's DetectedIssue (identifier = the finding id, code = the rule, evidence = the finding's
 * resources: the same resource a query's Task names as its reason, build-query.ts), with a Provenance; the
 * latest mitigation is where the finding stands, and the earlier ones stay as its history. Pure: the time
 * and the author come in; reading treats the DetectedIssue as untrusted JSON.
 */
import type { Bundle, BundleEntry, DetectedIssue, DetectedIssueMitigation, FhirResource } from 'fhir/r4';
import type { Finding } from '../rules/index';
import { CLARIFY_BASE, FINDING_IDENTIFIER_SYSTEM, derivedUuid, detectedIssueOf, partyOf, provenance, type Party } from '../query/build-query';
import { fhirTimeMs, isFhirDateTime } from '../record/fhir-dates';
import { displayableText } from '../record/text';
import { dismissReasonLabel } from '../terminology/dismiss-reasons';
import { isObject, objectList } from '../record/json';

/** CodeSystem of the dispositions (DetectedIssue.mitigation.action). */
export const DISPOSITION_SYSTEM = `${CLARIFY_BASE}/CodeSystem/finding-disposition`;
/** CodeSystem of the dismissal reasons (src/terminology/dismiss-reasons.ts), the action's second coding. */
export const DISMISS_REASON_SYSTEM = `${CLARIFY_BASE}/CodeSystem/dismiss-reason`;

export type DispositionAction = 'dismissed' | 'reviewed' | 'reopened';
const ACTION_LABEL: Record<DispositionAction, string> = { dismissed: 'Dismissed', reviewed: 'Marked reviewed', reopened: 'Reopened' };

export interface Disposition {
  action: DispositionAction;
  /** A dismissal's reason code (dismiss-reasons.ts) and its label. */
  reason?: { code: string; label: string };
  /** The technician's own words. */
  comment?: string;
  /** When (mitigation.date). */
  at?: string;
  /** Who (mitigation.author's display, else its reference). */
  author?: string;
}

const COMMENT_MAX = 1_000;
function line(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = displayableText(value.slice(0, COMMENT_MAX * 2)).replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text.length > COMMENT_MAX ? `${text.slice(0, COMMENT_MAX - 1)}…` : text;
}

/** The words of the mitigation's text after Clarify's own prefix (`Dismissed (reason): `). */
function commentOf(text: string | undefined, prefix: string): string | undefined {
  if (!text || text === prefix.replace(/: $/, '')) return undefined;
  return text.startsWith(prefix) ? line(text.slice(prefix.length)) : text;
}

const prefixOf = (action: DispositionAction, reasonLabel: string | undefined) => `${ACTION_LABEL[action]}${reasonLabel ? ` (${reasonLabel})` : ''}: `;

/** Clarify's dispositions recorded on a DetectedIssue, oldest first (by date; undated ones in written order, first). */
export function dispositionsOf(issue: unknown): Disposition[] {
  if (!isObject(issue) || issue.resourceType !== 'DetectedIssue') return [];
  const found = objectList(issue.mitigation).flatMap((mitigation, order): Array<Disposition & { order: number }> => {
    const action = isObject(mitigation.action) ? mitigation.action : undefined;
    const codings = objectList(action?.coding);
    const code = codings.find((c) => c.system === DISPOSITION_SYSTEM)?.code;
    if (code !== 'dismissed' && code !== 'reviewed' && code !== 'reopened') return [];
    const reasonCode = codings.find((c) => c.system === DISMISS_REASON_SYSTEM)?.code;
    const reasonLabel = typeof reasonCode === 'string' ? dismissReasonLabel(reasonCode) : undefined;
    const author = isObject(mitigation.author) ? line(mitigation.author.display) ?? line(mitigation.author.reference) : undefined;
    const comment = commentOf(line(action?.text), prefixOf(code, reasonLabel));
    return [{
      action: code,
      ...(reasonLabel ? { reason: { code: reasonCode as string, label: reasonLabel } } : {}),
      ...(comment ? { comment } : {}),
      ...(isFhirDateTime(mitigation.date) ? { at: mitigation.date } : {}),
      ...(author ? { author } : {}),
      order,
    }];
  });
  const time = (d: Disposition) => fhirTimeMs(d.at) ?? -Infinity;
  return found.sort((a, b) => time(a) - time(b) || a.order - b.order).map(({ order: _order, ...d }) => d);
}

/** Where the finding stands by its dispositions: the latest one, unless it reopened the finding. */
export function currentDisposition(issue: unknown): Disposition | undefined {
  const latest = dispositionsOf(issue).at(-1);
  return latest && latest.action !== 'reopened' ? latest : undefined;
}

export interface DispositionInput {
  finding: Finding;
  /** `Patient/<id>` */
  patient: string;
  author: Party;
  /** FHIR dateTime of the action. */
  at: string;
  action: DispositionAction;
  reasonCode?: string;
  comment?: string;
  /** The finding's DetectedIssue as the EHR holds it, when there is one: it is updated (If-Match on its version). */
  existing?: DetectedIssue;
  /** A token made once per action (a UUID): the fullUrls of the transaction derive from it. */
  writeId: string;
}

/** The mitigation an action adds. Throws a RangeError for a dismissal without a known reason, or a bad time. */
export function mitigationOf(input: Pick<DispositionInput, 'action' | 'reasonCode' | 'comment' | 'at' | 'author'>): DetectedIssueMitigation {
  const { action, reasonCode, at } = input;
  const reasonLabel = reasonCode ? dismissReasonLabel(reasonCode) : undefined;
  if (action === 'dismissed' && !reasonLabel) throw new RangeError('a dismissal needs a reason from the list');
  if (!isFhirDateTime(at)) throw new RangeError('the time of a disposition must be a FHIR dateTime');
  const comment = line(input.comment);
  if (reasonCode === 'other' && !comment) throw new RangeError('"Other" needs the reason in words');
  return {
    action: {
      coding: [
        { system: DISPOSITION_SYSTEM, code: action, display: ACTION_LABEL[action] },
        ...(action === 'dismissed' && reasonCode ? [{ system: DISMISS_REASON_SYSTEM, code: reasonCode, display: reasonLabel }] : []),
      ],
      text: `${prefixOf(action, action === 'dismissed' ? reasonLabel : undefined)}${comment ?? ''}`.replace(/: $/, ''),
    },
    date: at,
    author: partyOf(input.author),
  };
}

const versionOf = (issue: DetectedIssue | undefined) => {
  const version = (issue?.meta as { versionId?: unknown } | undefined)?.versionId;
  return typeof version === 'string' && /^[A-Za-z0-9\-.]{1,64}$/.test(version) ? version : undefined;
};

/**
 * The transaction of a disposition: with the finding's DetectedIssue already in the EHR, its PUT (the
 * mitigation appended, If-Match on its version) and a Provenance (UPDATE); without one, the DetectedIssue
 * created with the mitigation (conditional on the finding's identifier, like a query's) and its Provenance
 * (CREATE). A conditional create that finds a DetectedIssue made meanwhile does not add the mitigation:
 * src/fhir/dispositions.ts then updates the one found.
 */
export function buildDispositionTransaction(input: DispositionInput): Bundle {
  const { finding, patient, author, at, existing, writeId } = input;
  const mitigation = mitigationOf(input);
  const findingIdentifier = { system: FINDING_IDENTIFIER_SYSTEM, value: finding.id };
  let entries: BundleEntry<FhirResource>[];
  if (existing?.id) {
    const reference = `DetectedIssue/${existing.id}`;
    const version = versionOf(existing);
    const updated: DetectedIssue = { ...existing, mitigation: [...(existing.mitigation ?? []), mitigation] };
    entries = [
      { fullUrl: derivedUuid(writeId, 'detected-issue'), resource: updated, request: { method: 'PUT', url: reference, ...(version ? { ifMatch: `W/"${version}"` } : {}) } },
      { fullUrl: derivedUuid(writeId, 'provenance'), resource: provenance({ reference }, at, author, 'UPDATE'), request: { method: 'POST', url: 'Provenance' } },
    ];
  } else {
    const issueUrl = derivedUuid(writeId, 'detected-issue');
    const created: DetectedIssue = { ...detectedIssueOf(finding, patient, author, at), mitigation: [mitigation] };
    entries = [
      { fullUrl: issueUrl, resource: created, request: { method: 'POST', url: 'DetectedIssue', ifNoneExist: `identifier=${FINDING_IDENTIFIER_SYSTEM}|${finding.id}` } },
      {
        fullUrl: derivedUuid(writeId, 'provenance'),
        resource: provenance({ reference: issueUrl, identifier: findingIdentifier }, at, author, 'CREATE'),
        request: { method: 'POST', url: 'Provenance', ifNoneExist: `target:DetectedIssue.identifier=${FINDING_IDENTIFIER_SYSTEM}|${finding.id}` },
      },
    ];
  }
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}
