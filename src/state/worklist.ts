/**
 * The worklist store: the review's findings as items in two queues (query opportunities, coding fixes),
 * each with where it stands (new, drafted, sent, answered, dismissed, reviewed), the technician's filter,
 * the item opened, and the dispositions recorded in the EHR. The grouping and statuses are src/review's;
 * this file holds state and talks to the server through src/fhir.
 */
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { DetectedIssue } from 'fhir/r4';
import { recordDisposition } from '../fhir/dispositions';
import { findingIdOfIssue } from '../query/query-status';
import { currentDisposition, dispositionsOf, type Disposition, type DispositionAction } from '../review/disposition';
import { DEFAULT_FILTER, filterItems, reviewItems, type ItemFilter, type Queue, type ReviewItem } from '../review/items';
import { itemStatus } from '../review/status';
import { conditionTitle } from '../review/condition-title';
import type { QueryStore } from './queries';
import type { ReviewStore } from './review';
import { signedInParty, type SessionStore } from './session';

export type DispositionState = { state: 'saving' } | { state: 'failed'; message: string };

export interface WorklistStore {
  /** The finding DetectedIssues as the EHR returned them after a disposition in this session, by finding id. */
  written: Signal<ReadonlyMap<string, DetectedIssue>>;
  /** Every item of the review, both queues, most important first. */
  items: ReadonlySignal<ReviewItem[]>;
  /** The queue shown. */
  queue: Signal<Queue>;
  filter: Signal<ItemFilter>;
  /** The items of each queue that pass the filter. */
  visible: ReadonlySignal<Record<Queue, ReviewItem[]>>;
  /** Items of each queue still to work (not dismissed or reviewed), whatever the filter. */
  openCounts: ReadonlySignal<Record<Queue, number>>;
  /** The item whose detail is open. */
  selected: Signal<string | undefined>;
  /** A disposition being saved, or why it failed, by item id. */
  saving: Signal<ReadonlyMap<string, DispositionState>>;
  /** The dispositions of a finding, oldest first (its history). */
  historyOf: (findingId: string) => Disposition[];
  /** The finding's DetectedIssue as the EHR last returned it (this session's write, else the record's). */
  issueOf: (findingId: string) => DetectedIssue | undefined;
}

export function createWorklistStore(review: ReviewStore, queries: QueryStore): WorklistStore {
  const written = signal<ReadonlyMap<string, DetectedIssue>>(new Map());
  const issues = computed(() => {
    const byFinding = new Map<string, DetectedIssue>();
    for (const issue of (review.record.value?.byType('DetectedIssue') ?? []) as DetectedIssue[]) {
      const id = findingIdOfIssue(issue);
      if (id) byFinding.set(id, issue);
    }
    for (const [id, issue] of written.value) byFinding.set(id, issue);
    return byFinding;
  });
  const items = computed(() => reviewItems(review.findings.value, (findings) => itemStatus({
    dispositions: findings.flatMap((f) => {
      const current = currentDisposition(issues.value.get(f.id));
      return current ? [current] : [];
    }),
    queries: findings.flatMap((f) => (queries.byFinding.value.get(f.id) ?? []).map(({ task, status }) => ({ kind: status.kind, authoredOn: task.authoredOn }))),
    drafted: findings.some((f) => queries.composers.value.has(f.id)),
  })));
  const filter = signal<ItemFilter>(DEFAULT_FILTER);
  const describeCondition = (code: string) => conditionTitle(review.icd10cm.value, code);
  const inQueue = (queue: Queue) => items.value.filter((item) => item.queue === queue);
  return {
    written,
    items,
    queue: signal<Queue>('query'),
    filter,
    visible: computed(() => ({ query: filterItems(inQueue('query'), filter.value, describeCondition), coding: filterItems(inQueue('coding'), filter.value, describeCondition) })),
    openCounts: computed(() => ({
      query: inQueue('query').filter((i) => i.status !== 'dismissed' && i.status !== 'reviewed').length,
      coding: inQueue('coding').filter((i) => i.status !== 'dismissed' && i.status !== 'reviewed').length,
    })),
    selected: signal<string | undefined>(undefined),
    saving: signal(new Map()),
    historyOf: (findingId) => dispositionsOf(issues.value.get(findingId)),
    issueOf: (findingId) => issues.value.get(findingId),
  };
}

/** Whether the EHR lets this session record dispositions (create or update the finding's DetectedIssue). */
export function canRecordDispositions(session: SessionStore): boolean {
  const permissions = session.permissions.value;
  return !permissions || (permissions.can('create', 'DetectedIssue', 'patient') && permissions.can('update', 'DetectedIssue', 'patient'));
}

/**
 * Records a disposition of an item (on its primary finding) in the EHR: Dismiss with a reason, Mark
 * reviewed, or Reopen. The item's status follows from the DetectedIssue the EHR returns.
 */
export async function recordItemDisposition(
  state: { session: SessionStore; worklist: WorklistStore },
  item: ReviewItem,
  choice: { action: DispositionAction; reasonCode?: string; comment?: string },
  { now = () => new Date(), newId = () => crypto.randomUUID() }: { now?: () => Date; newId?: () => string } = {},
): Promise<void> {
  const { session, worklist } = state;
  const smart = session.smart.value;
  if (!smart?.patientId || worklist.saving.value.get(item.id)?.state === 'saving') return;
  const setSaving = (value: DispositionState | undefined) => {
    const next = new Map(worklist.saving.value);
    if (value) next.set(item.id, value);
    else next.delete(item.id);
    worklist.saving.value = next;
  };
  setSaving({ state: 'saving' });
  const existing = worklist.issueOf(item.id);
  let result: Awaited<ReturnType<typeof recordDisposition>>;
  try {
    result = await recordDisposition(smart.gateway, {
      finding: item.primary,
      patient: `Patient/${smart.patientId}`,
      author: signedInParty(session, 'Clarify user'),
      at: now().toISOString(),
      action: choice.action,
      ...(choice.reasonCode ? { reasonCode: choice.reasonCode } : {}),
      ...(choice.comment ? { comment: choice.comment } : {}),
      ...(existing ? { existing } : {}),
      writeId: newId(),
    });
  } catch (error) {
    setSaving({ state: 'failed', message: error instanceof RangeError ? error.message : 'The change could not be saved.' });
    return;
  }
  const issue = result.ok ? result.issue : result.current;
  if (issue) worklist.written.value = new Map(worklist.written.value).set(item.id, issue);
  setSaving(result.ok ? undefined : { state: 'failed', message: result.message });
}
