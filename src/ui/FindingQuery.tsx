import { useState } from 'preact/hooks';
import type { Task } from 'fhir/r4';
import type { Finding } from '../rules/index';
import type { QueryStatus } from '../query/query-status';
import { isOpenQuery } from '../query/query-status';
import { formatFhirDateTime, formatFhirDate } from '../record/fhir-dates';
import { formatHumanName, userDisplayName } from '../record/people';
import type { Encounter } from 'fhir/r4';
import type { ReviewStore } from '../state/review';
import type { SessionStore } from '../state/session';
import {
  addIndicator, cancelSentQuery, changeFormat, chooseRecipient, closeComposer, findPhysicians, editDraft, indicatorCandidates, openComposer, problemsOf,
  queryTemplate, removeIndicator, sendComposer, type QueryStore,
} from '../state/queries';
import { QueryComposer } from './QueryComposer';
import { readQueryForAnswer } from '../query/answer';
import { allowedFormats } from '../query/templates';

export interface QueryState {
  session: SessionStore;
  review: ReviewStore;
  queries: QueryStore;
}

const STATUS_LABEL: Record<QueryStatus['kind'], string> = {
  'sent': 'Query sent',
  'received': 'Query received',
  'accepted': 'Query accepted',
  'in-progress': 'Query in progress',
  'answered': 'Query answered',
  'declined': 'Query declined',
  'cancelled': 'Query cancelled',
  'overdue': 'Query overdue',
  'unknown': 'Query status unknown',
};

/**
 * A finding's queries: the status of those sent, the composer, and the buttons that open and cancel them
 * (none when `readOnly`: the EHR granted no Task writes).
 */
export function FindingQuery({ finding, state, readOnly = false }: { finding: Finding; state: QueryState; readOnly?: boolean }) {
  const { queries } = state;
  const sent = queries.byFinding.value.get(finding.id) ?? [];
  const open = sent.some((q) => isOpenQuery(q.status));
  const composer = queries.composers.value.get(finding.id);
  const template = queryTemplate(finding);
  const showing = queries.open.value === finding.id && composer !== undefined;

  return (
    <div class="finding-query">
      {sent.length > 0 ? (
        <ul class="query-statuses" aria-label="Queries sent for this finding">
          {sent.map(({ task, status }) => <SentQueryLine key={task.id} task={task} status={status} state={state} />)}
        </ul>
      ) : null}
      {template.kind === 'coder-fix'
        ? <p class="muted coder-fix">No query: {template.reason}</p>
        : !showing && !open && !readOnly ? (
          <button type="button" class="draft-query" onClick={() => openComposer(state, finding)}>
            {composer ? 'Continue draft query' : sent.length > 0 ? 'Draft follow-up query' : 'Draft query'}
          </button>
        ) : null}
      {showing && composer && template.kind === 'query' ? (
        <QueryComposer
          composer={composer}
          formats={allowedFormats(composer.draft.purpose)}
          problems={problemsOf(composer)}
          candidates={indicatorCandidates(state.review, composer)}
          onDraft={(draft) => editDraft(queries, finding.id, draft)}
          onFormat={(format) => changeFormat(queries, finding, format)}
          onAddIndicator={(candidate) => addIndicator(queries, finding.id, candidate)}
          onRemoveIndicator={(index) => removeIndicator(queries, finding.id, index)}
          onSend={() => void sendComposer(state, finding)}
          onClose={() => closeComposer(queries)}
          onFindPhysicians={(name) => findPhysicians(state.session, name)}
          onChooseRecipient={(choice) => chooseRecipient(queries, finding.id, choice)}
          context={composerContext(state, finding)}
        />
      ) : null}
    </div>
  );
}

/** Who writes, about whom, in which encounter, on what day: the header every query carries. */
function composerContext(state: QueryState, finding: Finding) {
  const user = state.session.user.value;
  const patient = state.review.patient.value;
  const record = state.review.record.value;
  const launch = state.session.smart.value?.encounterId;
  const encounter = record?.resolve({ reference: finding.encounter ?? (launch ? `Encounter/${launch}` : undefined) }) as Encounter | undefined;
  const start = encounter?.period?.start;
  const kind = encounter?.type?.[0]?.text ?? encounter?.type?.[0]?.coding?.[0]?.display;
  return {
    author: (user && userDisplayName(user)) ?? 'you',
    patient: formatHumanName(patient?.name) ?? 'the patient',
    ...(encounter ? { encounter: `${kind ?? 'Encounter'}${start ? ` of ${formatFhirDate(start)}` : ''}` } : {}),
    date: new Date().toISOString().slice(0, 10),
  };
}

export function SentQueryLine({ task, status, state, withQuestion = false }: { task: Task; status: QueryStatus; state: QueryState; withQuestion?: boolean }) {
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const owner = task.owner?.display ?? task.owner?.reference;
  const when = task.authoredOn ? formatFhirDateTime(task.authoredOn) : undefined;
  const answer = status.answer?.choices.map((c) => c.text).join('; ');
  const reading = withQuestion ? readQueryForAnswer(task) : undefined;
  return (
    <li class={`query-status query-${status.kind}`}>
      {reading?.ok ? <div class="query-question-line">{reading.query.question}</div> : null}
      <span class="query-badge">{STATUS_LABEL[status.kind]}</span>
      <span class="muted">
        {owner ? ` to ${owner}` : ''}{when ? ` on ${when}` : ''}{status.due && isOpenQuery(status) ? ` · due ${formatFhirDateTime(status.due)}` : ''}
      </span>
      {answer || status.answer?.comment ? (
        <div class="query-answer">
          Answer: {answer ?? '(free text)'}{status.answer?.comment ? ` (“${status.answer.comment}”)` : ''}
          {owner ? ` · by ${owner}` : ''}{status.answer?.authored ? ` on ${formatFhirDateTime(status.answer.authored)}` : ''}
        </div>
      ) : null}
      {status.reason ? <div class="query-answer">Reason: {status.reason}</div> : null}
      {isOpenQuery(status) ? (
        <button type="button" class="link-button" disabled={cancelling} onClick={async () => {
          setCancelling(true);
          setError(await cancelSentQuery(state, task));
          setCancelling(false);
        }}>{cancelling ? 'Cancelling…' : 'Cancel query'}</button>
      ) : null}
      {error ? <p class="notice notice-error" role="alert">{error}</p> : null}
    </li>
  );
}
