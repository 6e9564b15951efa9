import type { ComponentChildren } from 'preact';
import type { PatientRecord } from '../record/patient-record';
import { formatFhirDate } from '../record/fhir-dates';
import type { ReviewWindow, Severity } from '../rules/index';
import { ITEM_STATUSES, type ItemFilter, type ItemStatus, type Queue, type ReviewItem } from '../review/items';
import type { Icd10CmTable } from '../terminology/icd10cm/icd10cm-table';
import { ItemDetail, type WorklistState } from './ItemDetail';
import { conditionTitle } from '../review/condition-title';

const SEVERITY_LABEL: Record<Severity, string> = { high: 'High', medium: 'Medium', low: 'Low' };
export const STATUS_LABEL: Record<ItemStatus, string> = {
  new: 'New', drafted: 'Query drafted', sent: 'Query sent', answered: 'Answered', dismissed: 'Dismissed', reviewed: 'Reviewed',
};
const QUEUE_TITLE: Record<Queue, string> = { query: 'Query opportunities', coding: 'Coding fixes' };
const QUEUE_HINT: Record<Queue, string> = {
  query: 'Clinical questions for the physician: draft a compliant query, or dismiss with a reason.',
  coding: "For the coder: codes to correct from the documentation. No query is needed unless the documentation is unclear.",
};

/** Up and down arrows, Home and End move between the items of a list (their header buttons). */
function moveFocus(event: KeyboardEvent) {
  const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
  if (!keys.includes(event.key)) return;
  const current = event.currentTarget as HTMLElement;
  const heads = [...(current.closest('ol')?.querySelectorAll<HTMLElement>('.item-head') ?? [])];
  const index = heads.indexOf(current);
  const next = event.key === 'Home' ? 0 : event.key === 'End' ? heads.length - 1 : index + (event.key === 'ArrowDown' ? 1 : -1);
  const target = heads[Math.max(0, Math.min(heads.length - 1, next))];
  if (target) {
    event.preventDefault();
    target.focus();
  }
}

function ItemRow({ item, state, record, window, icd10cm }: { item: ReviewItem; state: WorklistState; record: PatientRecord; window: ReviewWindow; icd10cm?: Icd10CmTable }) {
  const open = state.worklist.selected.value === item.id;
  const condition = item.condition ? conditionTitle(icd10cm, item.condition) : undefined;
  const date = item.observedAt ? formatFhirDate(item.observedAt) : undefined;
  const detailId = `item-detail-${item.id}`;
  return (
    <li class={`item severity-${item.severity} status-${item.status}`}>
      <button type="button" class="item-head" aria-expanded={open} aria-controls={detailId} onKeyDown={moveFocus}
        onClick={() => (state.worklist.selected.value = open ? undefined : item.id)}>
        <span class="severity-badge">{SEVERITY_LABEL[item.severity]}<span class="visually-hidden"> severity</span></span>
        <span class="item-main">
          <span class="item-title">{item.primary.title}</span>
          <span class="item-meta">
            {[condition, item.codes.length ? item.codes.slice(0, 6).join(', ') + (item.codes.length > 6 ? ` +${item.codes.length - 6}` : '') : undefined,
              item.findings.length > 1 ? `${item.findings.length} aspects` : undefined, date].filter(Boolean).join(' · ')}
          </span>
        </span>
        <span class={`status-chip status-chip-${item.status}`}>{STATUS_LABEL[item.status]}</span>
      </button>
      <div id={detailId} hidden={!open}>
        {open ? <ItemDetail item={item} state={state} record={record} window={window} /> : null}
      </div>
    </li>
  );
}

function FilterBar({ state }: { state: WorklistState }) {
  const filter = state.worklist.filter.value;
  const set = (change: Partial<ItemFilter>) => (state.worklist.filter.value = { ...filter, ...change });
  return (
    <div class="filters" role="search" aria-label="Filter findings">
      <label>Category
        <select value={filter.category} onChange={(e) => set({ category: e.currentTarget.value as ItemFilter['category'] })}>
          <option value="all">All</option>
          <option value="documentation-gap">Documentation gaps</option>
          <option value="coding-discrepancy">Coding discrepancies</option>
          <option value="clinical-validation">Clinical validation</option>
        </select>
      </label>
      <label>Severity
        <select value={filter.severity} onChange={(e) => set({ severity: e.currentTarget.value as ItemFilter['severity'] })}>
          <option value="all">All</option>
          <option value="high">High</option>
          <option value="medium">Medium</option>
          <option value="low">Low</option>
        </select>
      </label>
      <label>Status
        <select value={filter.status} onChange={(e) => set({ status: e.currentTarget.value as ItemFilter['status'] })}>
          <option value="open">To work (not dismissed or reviewed)</option>
          <option value="all">All</option>
          {ITEM_STATUSES.map((s) => <option value={s} key={s}>{STATUS_LABEL[s]}</option>)}
        </select>
      </label>
      <label class="search">Search
        <input type="search" value={filter.text} placeholder="Condition, code, value…" onInput={(e) => set({ text: e.currentTarget.value })} />
      </label>
    </div>
  );
}

/** The two queues, with counts, filters and text search; each item opens in place. */
export function Worklist({ state, window, icd10cm, notices }: { state: WorklistState; window: ReviewWindow; icd10cm?: Icd10CmTable; notices?: Partial<Record<Queue, ComponentChildren>> }) {
  const { worklist } = state;
  const record = state.review.record.value;
  if (!record) return null;
  const queue = worklist.queue.value;
  const visible = worklist.visible.value[queue];
  const total = worklist.items.value.filter((i) => i.queue === queue).length;
  const counts = worklist.openCounts.value;
  const select = (q: Queue) => (worklist.queue.value = q);
  const onTabKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const next: Queue = queue === 'query' ? 'coding' : 'query';
    select(next);
    (document.getElementById(`queue-tab-${next}`) as HTMLElement | null)?.focus();
  };
  return (
    <section class="panel worklist" aria-label="Findings">
      <div role="tablist" aria-label="Queues" class="tabs">
        {(['query', 'coding'] as const).map((q) => (
          <button type="button" role="tab" id={`queue-tab-${q}`} key={q} aria-selected={queue === q} aria-controls="queue-panel"
            tabIndex={queue === q ? 0 : -1} onClick={() => select(q)} onKeyDown={onTabKey}>
            {QUEUE_TITLE[q]} ({counts[q]})
          </button>
        ))}
      </div>
      <div role="tabpanel" id="queue-panel" aria-labelledby={`queue-tab-${queue}`}>
        <p class="muted queue-hint">{QUEUE_HINT[queue]}</p>
        {notices?.[queue]}
        <FilterBar state={state} />
        <p class="muted filter-count" role="status" aria-live="polite">
          {visible.length === total ? `${total} ${total === 1 ? 'finding' : 'findings'}` : `${visible.length} of ${total} findings shown`}
        </p>
        {visible.length > 0 ? (
          <ol class="items" aria-label={QUEUE_TITLE[queue]}>
            {visible.map((item) => <ItemRow key={item.id} item={item} state={state} record={record} window={window} icd10cm={icd10cm} />)}
          </ol>
        ) : (
          <p class="empty">{total === 0 ? `No ${QUEUE_TITLE[queue].toLowerCase()} in this scope.` : 'No finding matches the filter.'}</p>
        )}
      </div>
    </section>
  );
}
