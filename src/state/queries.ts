/**
 * The queries store: the drafts being written (by finding id, kept while the app is open: nothing typed is
 * lost), the composer that is open, and the queries sent, whose status shows on their finding. Queries
 * already in the EHR come with the record (Clarify's Tasks and DetectedIssues); those sent in this session
 * are added as the server returns them. The clinical and compliance logic is src/query's; this file only
 * holds state and talks to the server through src/fhir.
 */
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { DetectedIssue, Task } from 'fhir/r4';
import { sendQuery, cancelQuery } from '../fhir/queries';
import { searchPractitioners, type PractitionerChoice } from '../fhir/practitioners';
import { FhirRequestError } from '../fhir/errors';
import type { Finding } from '../rules/index';
import { checkQuery, type QueryProblem } from '../query/check-query';
import type { QueryDraft, QueryFormat } from '../query/draft';
import { recordIndicatorCandidates, withIndicator, withoutIndicator, type IndicatorCandidate } from '../query/indicators';
import { draftInFormat, templateFor, type QueryTemplate } from '../query/templates';
import { attendingPhysician, type Recipient } from '../query/recipient';
import { dueDate } from '../query/business-days';
import { buildCancelTransaction, buildQueryTransaction } from '../query/build-query';
import { findingIdOfIssue, findingIdOfQuery, queryStatus, type QueryStatus } from '../query/query-status';
import type { ReviewStore } from './review';
import { signedInParty, type SessionStore } from './session';

export type SendState = { state: 'editing' } | { state: 'sending' } | { state: 'failed'; message: string };

/** Who the query goes to: found in the record (with how), or chosen by the technician. */
export interface ComposerRecipient {
  reference: string;
  display?: string;
  source: Recipient['source'] | 'chosen';
  sourceLabel?: string;
}

/** A draft query under a finding. */
export interface Composer {
  findingId: string;
  draft: QueryDraft;
  /** The attending physician found in the record; undefined when none is, and then the query cannot be sent. */
  recipient?: ComposerRecipient;
  /** The Task's business identifier, made once per draft: a retried send finds the Task the first one made. */
  identifier: string;
  send: SendState;
}

/** A query in the EHR, matched to the finding it was sent for. */
export interface SentQuery {
  task: Task;
  status: QueryStatus;
}

export interface QueryStore {
  composers: Signal<ReadonlyMap<string, Composer>>;
  /** The finding whose composer is open. */
  open: Signal<string | undefined>;
  /** Tasks written in this session, newest last (the record read at launch holds the earlier ones). */
  written: Signal<readonly Task[]>;
  /** Every Clarify query of the patient by the finding id it was sent for, newest first. */
  byFinding: ReadonlySignal<ReadonlyMap<string, SentQuery[]>>;
  /**
   * Queries whose finding the rules no longer raise (the answer documented the diagnosis, or the record
   * changed): the finding is resolved, and its query history stays in view.
   */
  resolved: ReadonlySignal<SentQuery[]>;
}

const SOURCE_LABEL: Record<Recipient['source'], string> = {
  'ATND': 'attending of the encounter',
  'PPRF': 'primary performer of the encounter',
  'ADM': 'admitting physician',
  'DIS': 'discharging physician',
  'participant': 'clinician of the encounter',
  'care-team': 'care team',
  'general-practitioner': "patient's general practitioner",
};

export function createQueryStore(review: ReviewStore, now: () => number = Date.now): QueryStore {
  const written = signal<readonly Task[]>([]);
  const byFinding = computed(() => {
    const record = review.record.value;
    const issues = (record?.byType('DetectedIssue') ?? []) as DetectedIssue[];
    const tasks = new Map<string, Task>();
    for (const task of [...((record?.byType('Task') ?? []) as Task[]), ...written.value]) tasks.set(task.id ?? '', task);
    const found = new Map<string, SentQuery[]>();
    for (const task of tasks.values()) {
      const findingId = findingIdOfQuery(task, [...issues, ...writtenIssues(written.value)]);
      if (!findingId) continue;
      // The answer (Task.output's QuestionnaireResponse) is read from the record when it holds it.
      const status = queryStatus(task, now(), (reference) => record?.resolve({ reference }, task));
      found.set(findingId, [...(found.get(findingId) ?? []), { task, status }]);
    }
    for (const list of found.values()) list.sort((a, b) => (b.task.authoredOn ?? '').localeCompare(a.task.authoredOn ?? ''));
    return found;
  });
  const resolved = computed(() => {
    const raised = new Set(review.findings.value.map((f) => f.id));
    return [...byFinding.value].filter(([findingId]) => !raised.has(findingId)).flatMap(([, list]) => list);
  });
  return { composers: signal(new Map()), open: signal(undefined), written, byFinding, resolved };
}

/** DetectedIssues contained in or written beside the Tasks of this session (the transaction returns them). */
function writtenIssues(tasks: readonly Task[]): DetectedIssue[] {
  return tasks.flatMap((task) => (task.contained ?? []).filter((r): r is DetectedIssue => r.resourceType === 'DetectedIssue'));
}

/** The template a finding's query starts from (or why it is the coder's to fix). */
export function queryTemplate(finding: Finding): QueryTemplate {
  return templateFor(finding);
}

/** The live compliance check of a draft. */
export function problemsOf(composer: Composer): QueryProblem[] {
  return checkQuery(composer.draft);
}

/** Opens the composer under a finding, with the draft already written for it, or a new one from its template. */
export function openComposer(state: { review: ReviewStore; queries: QueryStore }, finding: Finding, newIdentifier: () => string = () => crypto.randomUUID()): void {
  const { review, queries } = state;
  if (!queries.composers.value.has(finding.id)) {
    const template = templateFor(finding);
    const record = review.record.value;
    if (template.kind !== 'query' || !record) return;
    const recipient = attendingPhysician(record, finding.encounter, review.reviewedAt.value?.getTime() ?? Date.now());
    const composer: Composer = {
      findingId: finding.id,
      draft: template.draft,
      ...(recipient ? { recipient: { ...recipient, sourceLabel: SOURCE_LABEL[recipient.source] } } : {}),
      identifier: newIdentifier(),
      send: { state: 'editing' },
    };
    queries.composers.value = new Map(queries.composers.value).set(finding.id, composer);
  }
  queries.open.value = finding.id;
}

export function closeComposer(queries: QueryStore): void {
  queries.open.value = undefined;
}

function update(queries: QueryStore, findingId: string, change: (composer: Composer) => Composer): void {
  const composer = queries.composers.value.get(findingId);
  if (composer) queries.composers.value = new Map(queries.composers.value).set(findingId, change(composer));
}

/** The technician's choice of physician, replacing the one found in the record. */
export function chooseRecipient(queries: QueryStore, findingId: string, choice: PractitionerChoice): void {
  update(queries, findingId, (c) => ({ ...c, recipient: { reference: choice.reference, display: choice.display, source: 'chosen', sourceLabel: 'chosen by you' } }));
}

/** Physicians whose name starts with the text, for choosing a recipient; a failure says why in words. */
export async function findPhysicians(session: SessionStore, name: string): Promise<{ found: PractitionerChoice[] } | { error: string }> {
  const smart = session.smart.value;
  if (!smart) return { error: 'The session has ended.' };
  try {
    return { found: await searchPractitioners(smart.gateway, name) };
  } catch (error) {
    if (error instanceof FhirRequestError) return { error: `The search failed: ${error.message}` };
    throw error;
  }
}

export function editDraft(queries: QueryStore, findingId: string, draft: QueryDraft): void {
  update(queries, findingId, (c) => ({ ...c, draft }));
}

export function changeFormat(queries: QueryStore, finding: Finding, format: QueryFormat): void {
  update(queries, finding.id, (c) => ({ ...c, draft: draftInFormat(c.draft, format, finding) ?? c.draft }));
}

export function addIndicator(queries: QueryStore, findingId: string, candidate: IndicatorCandidate): void {
  update(queries, findingId, (c) => ({ ...c, draft: withIndicator(c.draft, { text: candidate.text, reference: candidate.reference }) }));
}

export function removeIndicator(queries: QueryStore, findingId: string, index: number): void {
  update(queries, findingId, (c) => ({ ...c, draft: withoutIndicator(c.draft, index) }));
}

/** What the technician may add to a draft: the record's results, vital signs and medications in the review window. */
export function indicatorCandidates(review: ReviewStore, composer: Composer): IndicatorCandidate[] {
  const record = review.record.value;
  return record ? recordIndicatorCandidates(record, { exclude: composer.draft.indicators }) : [];
}

/**
 * Sends the draft as one transaction (DetectedIssue unless it exists, Task, Provenance), conditional on the
 * Task's identifier, so a retry after a timeout never makes a second query. A failure keeps the draft on
 * screen with the reason; Send becomes Retry, with the same identifier.
 */
export async function sendComposer(
  state: { session: SessionStore; review: ReviewStore; queries: QueryStore; worklist?: { issueOf(findingId: string): DetectedIssue | undefined } },
  finding: Finding,
): Promise<void> {
  const { session, queries } = state;
  // The finding's DetectedIssue when the EHR already holds it (a query sent before, a disposition): the query names it.
  const known = state.worklist
    ? state.worklist.issueOf(finding.id)
    : ((state.review.record.value?.byType('DetectedIssue') ?? []) as DetectedIssue[]).find((issue) => findingIdOfIssue(issue) === finding.id);
  const composer = queries.composers.value.get(finding.id);
  const smart = session.smart.value;
  if (!composer || !smart?.patientId || !composer.recipient || composer.send.state === 'sending') return;
  if (checkQuery(composer.draft).some((p) => p.severity === 'blocking')) return;
  const authoredOn = new Date().toISOString();
  let transaction;
  try {
    transaction = buildQueryTransaction({
      finding,
      draft: composer.draft,
      patient: `Patient/${smart.patientId}`,
      ...(finding.encounter ? { encounter: finding.encounter } : smart.encounterId ? { encounter: `Encounter/${smart.encounterId}` } : {}),
      author: signedInParty(session, 'Clarify user'),
      recipient: { reference: composer.recipient.reference, display: composer.recipient.display ?? composer.recipient.reference },
      authoredOn,
      dueDate: dueDate(authoredOn)!,
      identifier: composer.identifier,
      ...(known?.id && /^[A-Za-z0-9\-.]{1,64}$/.test(known.id) ? { existingIssue: `DetectedIssue/${known.id}` } : {}),
    });
  } catch (error) {
    // The builder refuses what would make an unsigned or misaddressed query (e.g. the EHR named no fhirUser).
    const message = error instanceof RangeError ? `The query cannot be written: ${error.message}.` : 'The query cannot be written.';
    update(queries, finding.id, (c) => ({ ...c, send: { state: 'failed', message } }));
    return;
  }
  update(queries, finding.id, (c) => ({ ...c, send: { state: 'sending' } }));
  const result = await sendQuery(smart.gateway, transaction);
  if (result.ok) {
    queries.written.value = [...queries.written.value, result.task];
    const composers = new Map(queries.composers.value);
    composers.delete(finding.id);
    queries.composers.value = composers;
    if (queries.open.value === finding.id) queries.open.value = undefined;
  } else {
    update(queries, finding.id, (c) => ({ ...c, send: { state: 'failed', message: result.message } }));
  }
}

/** Cancels a sent query: the Task becomes `cancelled`, with a Provenance; never deleted. */
export async function cancelSentQuery(state: { session: SessionStore; queries: QueryStore }, task: Task): Promise<string | undefined> {
  const smart = state.session.smart.value;
  if (!smart) return 'The session has ended.';
  let transaction;
  try {
    transaction = buildCancelTransaction(task, signedInParty(state.session, 'Clarify user'), new Date().toISOString());
  } catch {
    return 'The query cannot be cancelled from here: Clarify does not know who you are in the EHR.';
  }
  const result = await cancelQuery(smart.gateway, transaction);
  if (!result.ok) return result.message;
  state.queries.written.value = [...state.queries.written.value.filter((t) => t.id !== result.task.id), result.task];
  return undefined;
}
