import { useState } from 'preact/hooks';
import type { QueryProblem } from '../query/check-query';
import type { QueryDraft, QueryFormat, QueryPurpose } from '../query/draft';
import type { IndicatorCandidate } from '../query/indicators';
import type { Composer } from '../state/queries';
import type { PractitionerChoice } from '../fhir/practitioners';

const PURPOSE_LABEL: Record<QueryPurpose, string> = {
  'clarification': 'Clarification',
  'clinical-validation': 'Clinical validation',
  'present-on-admission': 'Present on admission',
  'conflicting-documentation': 'Conflicting documentation',
  'confirm-documented': 'Confirm a diagnosis documented elsewhere',
};

const FORMAT_LABEL: Record<QueryFormat, string> = {
  'open-ended': 'Open-ended',
  'multiple-choice': 'Multiple choice',
  'yes-no': 'Yes / No',
};

export interface QueryComposerProps {
  composer: Composer;
  /** The formats the guideline allows for the draft's purpose. */
  formats: readonly QueryFormat[];
  problems: readonly QueryProblem[];
  /** What the technician may add as an indicator: from the record only, never typed in. */
  candidates: readonly IndicatorCandidate[];
  onDraft(draft: QueryDraft): void;
  onFormat(format: QueryFormat): void;
  onAddIndicator(candidate: IndicatorCandidate): void;
  onRemoveIndicator(index: number): void;
  onSend(): void;
  onClose(): void;
  /** Searches physicians by name (the EHR's Practitioner search). */
  onFindPhysicians(name: string): Promise<{ found: PractitionerChoice[] } | { error: string }>;
  onChooseRecipient(choice: PractitionerChoice): void;
  /** Who writes the query, about whom and when, as the query will say. */
  context: { author: string; patient: string; encounter?: string; date: string };
}

/**
 * The query composer under a finding: who it goes to, the clinical indicators (from the record), the
 * question, the options, and the compliance check, live. Send stays disabled while a blocking problem stands.
 */
export function QueryComposer(props: QueryComposerProps) {
  const { composer, formats, problems, candidates } = props;
  const { draft, recipient, send } = composer;
  const [adding, setAdding] = useState('');
  const blocking = problems.filter((p) => p.severity === 'blocking');
  const warnings = problems.filter((p) => p.severity === 'warning');
  const id = (name: string) => `${composer.findingId}-${name}`;
  const sending = send.state === 'sending';
  const canSend = blocking.length === 0 && recipient !== undefined && !sending;

  return (
    <form class="composer" aria-label="Draft query" onSubmit={(event) => { event.preventDefault(); if (canSend) props.onSend(); }}>
      <p class="composer-context muted">
        From {props.context.author} · {props.context.patient}{props.context.encounter ? ` · ${props.context.encounter}` : ''} · <span class="nowrap">{props.context.date}</span>
      </p>
      <div class="composer-row">
        <span class="composer-label">To</span>
        {recipient
          ? <span class="recipient">{recipient.display ?? recipient.reference}{recipient.sourceLabel ? <span class="muted"> · {recipient.sourceLabel}</span> : null}</span>
          : <span class="notice notice-warning">No attending physician found in the record: choose the physician to ask.</span>}
        <RecipientPicker idPrefix={id('recipient')} onFind={props.onFindPhysicians} onChoose={props.onChooseRecipient} startOpen={!recipient} />
      </div>

      <div class="composer-grid">
        <label for={id('purpose')}>Purpose</label>
        <select id={id('purpose')} value={draft.purpose} onChange={(e) => props.onDraft({ ...draft, purpose: (e.currentTarget as HTMLSelectElement).value as QueryPurpose })}>
          {(Object.keys(PURPOSE_LABEL) as QueryPurpose[]).map((purpose) => <option value={purpose} key={purpose}>{PURPOSE_LABEL[purpose]}</option>)}
        </select>
        <label for={id('format')}>Format</label>
        <select id={id('format')} value={draft.format} onChange={(e) => props.onFormat((e.currentTarget as HTMLSelectElement).value as QueryFormat)}>
          {formats.map((format) => <option value={format} key={format}>{FORMAT_LABEL[format]}</option>)}
        </select>
      </div>

      <fieldset class="indicators">
        <legend>Clinical indicators ({draft.indicators.length})</legend>
        {draft.indicators.length === 0 ? <p class="muted">No indicator cited yet: add one from the record.</p> : null}
        <ul>
          {draft.indicators.map((indicator, index) => (
            <li key={`${indicator.reference}-${index}`}>
              <span>{indicator.text}</span>
              <button type="button" class="link-button" onClick={() => props.onRemoveIndicator(index)} aria-label={`Remove indicator: ${indicator.text}`}>Remove</button>
            </li>
          ))}
        </ul>
        {candidates.length > 0 ? (
          <div class="composer-row">
            <label for={id('add')}>Add from the record</label>
            <select id={id('add')} value={adding} onChange={(e) => setAdding((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">Choose a result, vital sign or medication…</option>
              {candidates.map((candidate, index) => <option value={String(index)} key={`${candidate.reference}-${index}`}>{candidate.text}</option>)}
            </select>
            <button type="button" disabled={adding === ''} onClick={() => { const picked = candidates[Number(adding)]; if (picked) props.onAddIndicator(picked); setAdding(''); }}>Add</button>
          </div>
        ) : null}
      </fieldset>

      <label for={id('question')} class="composer-label">Question</label>
      <textarea id={id('question')} rows={3} value={draft.question} aria-describedby={id('problems')}
        onInput={(e) => props.onDraft({ ...draft, question: (e.currentTarget as HTMLTextAreaElement).value })} />

      {draft.format !== 'open-ended' ? (
        <fieldset class="options">
          <legend>Answer options</legend>
          <ul>
            {draft.format === 'yes-no' ? <><li>Yes</li><li>No</li></> : null}
            {draft.options.map((option, index) => (
              <li key={`${option.text}-${index}`}>
                {option.text}{option.code ? <span class="code">{option.code}</span> : null}
                <button type="button" class="link-button" aria-label={`Remove option: ${option.text}`}
                  onClick={() => props.onDraft({ ...draft, options: draft.options.filter((_, i) => i !== index) })}>Remove</button>
              </li>
            ))}
          </ul>
          <p class="muted">The physician also gets a free-text box for the answer.</p>
        </fieldset>
      ) : <p class="muted">Open-ended: the physician answers in free text.</p>}

      <div id={id('problems')} class="problems" role="status" aria-live="polite">
        {blocking.length === 0 && warnings.length === 0 ? <p class="check-ok">Compliance check: no problems found.</p> : null}
        {blocking.length > 0 ? (
          <ul class="problem-list blocking" aria-label="Problems that block sending">
            {blocking.map((p) => <li key={`${p.id}-${p.span?.start ?? ''}-${p.optionIndex ?? ''}`}><strong>Must fix:</strong> {p.message}{quoted(p, draft)}</li>)}
          </ul>
        ) : null}
        {warnings.length > 0 ? (
          <ul class="problem-list warning" aria-label="Warnings">
            {warnings.map((p) => <li key={`${p.id}-${p.span?.start ?? ''}-${p.optionIndex ?? ''}`}><strong>Check:</strong> {p.message}</li>)}
          </ul>
        ) : null}
      </div>

      {send.state === 'failed' ? (
        <p class="notice notice-error" role="alert">
          {send.message} Nothing you wrote is lost.
        </p>
      ) : null}

      <div class="composer-actions">
        <button type="submit" class="primary" disabled={!canSend}>{sending ? 'Sending…' : send.state === 'failed' ? 'Retry' : 'Send query'}</button>
        <button type="button" onClick={props.onClose}>Close</button>
      </div>
    </form>
  );
}

/** ` ("please document")`: the phrase a problem concerns, quoted from the question. */
function quoted(problem: QueryProblem, draft: QueryDraft): string {
  if (problem.field !== 'question' || !problem.span) return '';
  return ` (“${draft.question.slice(problem.span.start, problem.span.end)}”)`;
}

/** Change the recipient: search the EHR's physicians by name and choose one. */
function RecipientPicker({ idPrefix, onFind, onChoose, startOpen }: {
  idPrefix: string;
  onFind: QueryComposerProps['onFindPhysicians'];
  onChoose(choice: PractitionerChoice): void;
  startOpen: boolean;
}) {
  const [open, setOpen] = useState(startOpen);
  const [name, setName] = useState('');
  const [result, setResult] = useState<{ found: PractitionerChoice[] } | { error: string } | undefined>(undefined);
  const [searching, setSearching] = useState(false);
  if (!open) return <button type="button" class="link-button" onClick={() => setOpen(true)}>Change</button>;
  const search = async () => {
    setSearching(true);
    setResult(await onFind(name));
    setSearching(false);
  };
  return (
    <div class="recipient-picker">
      <label for={`${idPrefix}-name`}>Find a physician by name</label>
      <input id={`${idPrefix}-name`} type="search" value={name} minLength={2} autoComplete="off"
        onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
        onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void search(); } }} />
      <button type="button" disabled={name.trim().length < 2 || searching} onClick={() => void search()}>{searching ? 'Searching…' : 'Search'}</button>
      {result && 'error' in result ? <p class="notice notice-error" role="alert">{result.error}</p> : null}
      {result && 'found' in result ? (
        result.found.length === 0 ? <p class="muted" role="status">No physician found by that name.</p> : (
          <ul class="recipient-results" aria-label="Physicians found">
            {result.found.map((choice) => (
              <li key={choice.reference}>
                {choice.display}
                <button type="button" class="link-button" onClick={() => { onChoose(choice); setOpen(false); setResult(undefined); }}>Choose</button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}
