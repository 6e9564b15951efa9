import { useEffect, useState } from 'preact/hooks';
import type { Resource } from 'fhir/r4';
import type { InboxStore, SessionStore } from '../state/app';
import {
  amendInboxAnswer, canAnswer, closeInboxQuery, declineInboxQuery, openedQuery, openInboxQuery, readOpenedAnswer, readSource, submitInboxAnswer,
} from '../state/inbox';
import type { QueryAnswer } from '../query/query-status';
import type { InboxRow } from '../query/inbox';
import type { AnswerOption, QueryForAnswer } from '../query/answer';
import { formatFhirDate, formatFhirDateTime } from '../record/fhir-dates';

interface InboxState {
  session: SessionStore;
  inbox: InboxStore;
}

const STATUS_LABEL: Record<string, string> = {
  sent: 'New', received: 'Opened', accepted: 'Accepted', 'in-progress': 'In progress', overdue: 'Overdue',
  answered: 'Answered', declined: 'Declined', cancelled: 'Cancelled', unknown: 'Unknown',
};

/**
 * The physician's inbox: open queries the oldest due first, closed ones under their own tab, the queries the
 * user sent, and the query opened. `onChart`: the open queries about the patient in context, at the top of
 * the review (shown only when there are some).
 */
export function PhysicianInbox({ state, onChart = false }: { state: InboxState; onChart?: boolean }) {
  const { inbox } = state;
  const status = inbox.status.value;
  const { open, closed, counts } = inbox.rows.value;
  const sent = inbox.sentRows.value;
  const tab = onChart ? 'open' : inbox.tab.value;
  const rows = tab === 'open' ? open : tab === 'closed' ? closed : sent;
  const selected = inbox.selected.value;
  if (onChart && (status !== 'loaded' || open.length === 0)) return null;
  const title = onChart ? `Queries addressed to you about this patient (${open.length})` : 'Query inbox';
  return (
    <section aria-labelledby="inbox-title" class="panel">
      <h2 id="inbox-title">{title}</h2>
      {status === 'loading' || status === 'idle' ? <p class="muted" role="status">Reading the queries addressed to you…</p> : null}
      {status === 'failed' ? <p class="notice notice-error" role="alert">{inbox.error.value}</p> : null}
      {status === 'loaded' ? (
        <>
          {(inbox.inbox.value?.problems ?? []).map((p) => <p class="notice notice-warning" key={p.part}>{p.reason}</p>)}
          {onChart ? null : (
            <div class="tabs" role="tablist" aria-label="Queries">
              <button type="button" role="tab" aria-selected={tab === 'open'} onClick={() => (inbox.tab.value = 'open')}>
                Open ({counts.open}){counts.overdue > 0 ? `, ${counts.overdue} overdue` : ''}
              </button>
              <button type="button" role="tab" aria-selected={tab === 'closed'} onClick={() => (inbox.tab.value = 'closed')}>
                Answered and closed ({counts.closed})
              </button>
              {sent.length > 0 ? (
                <button type="button" role="tab" aria-selected={tab === 'sent'} onClick={() => (inbox.tab.value = 'sent')}>
                  Queries I sent ({sent.length})
                </button>
              ) : null}
            </div>
          )}
          {rows.length === 0 ? (
            <p class="muted">{tab === 'open' ? 'No open queries: nothing is waiting for your answer.' : tab === 'closed' ? 'No answered, declined or cancelled queries.' : 'You have sent no queries.'}</p>
          ) : (
            <ul class="inbox-rows" aria-label={tab === 'open' ? 'Open queries' : tab === 'closed' ? 'Closed queries' : 'Queries I sent'}>
              {rows.map((row) => (
                <InboxRowItem key={row.taskReference} row={row} opened={row.taskReference === selected} sentByMe={tab === 'sent'}
                  readOnly={!canAnswer(state.session)} onOpen={() => void openInboxQuery(state, row.taskReference)} />
              ))}
            </ul>
          )}
          {selected && tab !== 'sent' ? <QueryDetail state={state} /> : null}
        </>
      ) : null}
    </section>
  );
}

function InboxRowItem({ row, opened, sentByMe, readOnly, onOpen }: { row: InboxRow; opened: boolean; sentByMe: boolean; readOnly: boolean; onOpen(): void }) {
  const kind = row.overdue ? 'overdue' : row.status.kind;
  return (
    <li class={`inbox-row${opened ? ' opened' : ''}${row.overdue ? ' overdue' : ''}`}>
      <div class="inbox-row-head">
        <strong>{row.patientName ?? row.patientReference ?? 'Unknown patient'}</strong>
        {row.patientAge !== undefined ? <span class="muted"> · {row.patientAge} y</span> : null}
        {row.encounterLabel ? <span class="muted"> · {row.encounterLabel}</span> : null}
        <span class={`query-badge status-${kind}`}>{STATUS_LABEL[kind] ?? kind}</span>
      </div>
      <div class="inbox-question">{row.questionFirstLine}</div>
      <div class="muted inbox-meta">
        {sentByMe ? (row.owner ? `To ${row.owner} · ` : '') : row.requester ? `From ${row.requester} · ` : ''}
        {row.ageOfQueryDays !== undefined ? (row.ageOfQueryDays === 0 ? 'sent today' : `sent ${row.ageOfQueryDays} day${row.ageOfQueryDays === 1 ? '' : 's'} ago`) : ''}
        {row.due ? ` · due ${formatFhirDate(row.due)}` : ''}
        {row.status.answer ? ` · answer: ${row.status.answer.choices.map((c) => c.text).join('; ')}` : ''}
        {row.status.reason ? ` · ${row.status.reason}` : ''}
      </div>
      {sentByMe ? null : <button type="button" onClick={onOpen} aria-expanded={opened}>{readOnly || row.status.kind === 'answered' || row.status.kind === 'declined' || row.status.kind === 'cancelled' ? 'View' : 'Answer'}</button>}
    </li>
  );
}

/** The opened query: question, indicators (each source viewable as text), options, the answer form. */
function QueryDetail({ state }: { state: InboxState }) {
  const { inbox } = state;
  const reading = openedQuery(inbox);
  if (!reading) return null;
  if (!reading.ok) return <p class="notice notice-warning" role="alert">{reading.error}</p>;
  const query = reading.query;
  const answer = inbox.answer.value;
  return (
    <article class="query-detail" aria-labelledby="query-detail-title">
      <h3 id="query-detail-title">{query.title ?? 'Clarification query'}{query.requester?.display ? ` from ${query.requester.display}` : ''}</h3>
      <p class="muted">
        {query.authoredOn ? `Sent ${formatFhirDateTime(query.authoredOn)}` : ''}{query.due ? ` · due ${formatFhirDate(query.due)}` : ''}
      </p>
      <p class="query-question">{query.question}</p>
      <h4>Clinical indicators</h4>
      <ul class="indicators">
        {query.indicators.map((indicator, i) => <IndicatorLine key={`${indicator.reference ?? ''}-${i}`} text={indicator.text} reference={indicator.reference} session={state.session} />)}
      </ul>
      {answer.state === 'changed' ? <p class="notice notice-warning" role="alert">{answer.message}</p> : null}
      {query.open && !canAnswer(state.session)
        ? <p class="notice notice-info" role="note"><strong>Read-only.</strong> The EHR did not allow Clarify to record answers in this session: answer this query in the EHR.</p>
        : query.open
        ? <AnswerForm query={query} state={state} />
        : query.taskStatus === 'completed'
          ? <AmendAnswer key={`${query.task}/${query.versionId ?? ''}`} query={query} state={state} />
          : <p class="muted">This query is {query.taskStatus ?? 'closed'}: it can no longer be answered.</p>}
      <button type="button" onClick={() => closeInboxQuery(inbox)}>Close</button>
    </article>
  );
}

/** An answered query: its current answer, and "Change answer" to amend it (a new version with its Provenance). */
function AmendAnswer({ query, state }: { query: QueryForAnswer; state: InboxState }) {
  const [current, setCurrent] = useState<QueryAnswer | 'reading' | undefined>('reading');
  const [changing, setChanging] = useState(false);
  useEffect(() => {
    let live = true;
    void readOpenedAnswer(state).then((answer) => live && setCurrent(answer), () => live && setCurrent(undefined));
    return () => { live = false; };
  }, [query.task, query.versionId]);
  return (
    <section class="current-answer" aria-label="Current answer">
      <h4>Your answer</h4>
      {current === 'reading' ? <p class="muted" role="status">Reading your answer…</p>
        : current ? (
          <p>
            {current.choices.map((c) => c.text).join('; ') || null}
            {current.comment ? <span class="muted">{current.choices.length ? ' · ' : ''}{current.comment}</span> : null}
            {current.authored ? <span class="muted"> (answered {formatFhirDateTime(current.authored)})</span> : null}
          </p>
        ) : <p class="muted">This query is answered; the answer could not be read.</p>}
      {!canAnswer(state.session) ? null : changing
        ? <AnswerForm query={query} state={state} amend />
        : <button type="button" onClick={() => setChanging(true)} aria-expanded={false}>Change answer</button>}
    </section>
  );
}

function IndicatorLine({ text, reference, session }: { text: string; reference?: string; session: SessionStore }) {
  const [source, setSource] = useState<{ resource: Resource } | { error: string } | undefined>(undefined);
  return (
    <li>
      {text}
      {reference && !reference.includes('://') ? (
        <button type="button" class="link-button" onClick={async () => setSource(source ? undefined : await readSource(session, reference))}>
          {source ? 'Hide source' : 'View source'}
        </button>
      ) : null}
      {source && 'error' in source ? <p class="notice notice-error">{source.error}</p> : null}
      {/* The resource as text: FHIR narrative and note text are untrusted, never rendered as HTML. */}
      {source && 'resource' in source ? <pre class="source" aria-label={`Source ${reference}`}>{JSON.stringify({ ...source.resource, text: undefined }, null, 2)}</pre> : null}
    </li>
  );
}

function AnswerForm({ query, state, amend = false }: { query: QueryForAnswer; state: InboxState; amend?: boolean }) {
  const [choice, setChoice] = useState<number | 'other' | undefined>(undefined);
  const [otherText, setOtherText] = useState('');
  const [comment, setComment] = useState('');
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const answer = state.inbox.answer.value;
  const busy = answer.state === 'submitting';
  const needsChoice = query.options.length > 0;
  const ready = needsChoice ? choice !== undefined && (choice !== 'other' || otherText.trim() !== '') : comment.trim() !== '';
  const optionValue = (option: AnswerOption) => (option.escape === 'other' ? 'other' : option.index);
  return (
    <form class="answer-form" aria-label={amend ? 'Your amended answer' : 'Your answer'} onSubmit={(e) => {
      e.preventDefault();
      if (!ready || busy) return;
      const given = { ...(choice !== undefined ? { choice } : {}), ...(choice === 'other' ? { otherText } : {}), ...(comment.trim() ? { comment } : {}) };
      void (amend ? amendInboxAnswer(state, given) : submitInboxAnswer(state, given));
    }}>
      {needsChoice ? (
        <fieldset>
          <legend>Your answer</legend>
          {query.options.map((option) => (
            <label class="option" key={option.index}>
              <input type="radio" name="answer" checked={choice === optionValue(option)} onChange={() => setChoice(optionValue(option))} />
              {option.text}{option.code ? <span class="code">{option.code}</span> : null}
            </label>
          ))}
          {choice === 'other' ? (
            <label class="other-text">Please specify
              <input type="text" value={otherText} onInput={(e) => setOtherText((e.currentTarget as HTMLInputElement).value)} />
            </label>
          ) : null}
        </fieldset>
      ) : null}
      <label for="answer-comment">{needsChoice ? 'Comment (optional)' : 'Your answer'}</label>
      <textarea id="answer-comment" rows={3} value={comment} onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)} />
      {answer.state === 'failed' ? <p class="notice notice-error" role="alert">{answer.message} Your answer is still here.</p> : null}
      <div class="composer-actions">
        <button type="submit" class="primary" disabled={!ready || busy}>{busy ? 'Submitting…' : amend ? 'Submit amended answer' : 'Submit answer'}</button>
        {amend ? null : <button type="button" onClick={() => setDeclining(!declining)} aria-expanded={declining}>Decline</button>}
      </div>
      {declining && !amend ? (
        <div class="decline">
          <label for="decline-reason">Why you decline this query</label>
          <textarea id="decline-reason" rows={2} value={reason} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} />
          <button type="button" disabled={reason.trim() === '' || busy} onClick={() => void declineInboxQuery(state, reason)}>Confirm decline</button>
        </div>
      ) : null}
    </form>
  );
}
