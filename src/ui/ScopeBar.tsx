import { useState } from 'preact/hooks';
import type { ReviewStore } from '../state/review';
import type { ReviewScope } from '../review/scope';

const valueOf = (scope: ReviewScope) => (scope.kind === 'encounter' ? `encounter:${scope.encounterId}` : scope.kind);
function scopeOf(value: string): ReviewScope {
  if (value.startsWith('encounter:')) return { kind: 'encounter', encounterId: value.slice('encounter:'.length) };
  return value === 'whole-record' ? { kind: 'whole-record' } : { kind: 'recent' };
}

/**
 * What the review covers, always in view: the encounter (type, dates, status, attending) or the window, and
 * the switch to another encounter (newest first; administrative visits on request) or the whole record.
 */
export function ScopeBar({ review }: { review: ReviewStore }) {
  const [showAdministrative, setShowAdministrative] = useState(false);
  const description = review.scopeDescription.value;
  const scope = review.scope.value;
  const encounters = review.encounters.value;
  if (!description) return null;
  const administrative = encounters.filter((e) => e.administrative).length;
  const listed = encounters.filter((e) => showAdministrative || !e.administrative || (scope.kind === 'encounter' && scope.encounterId === e.id));
  const facts = [description.dates, description.statusLabel, description.attending ? `attending ${description.attending}` : undefined].filter(Boolean);
  return (
    <div class="scope">
      <p class="scope-line">
        <span class="scope-label">Reviewing</span> <strong class="scope-title">{description.title}</strong>
        {facts.length ? <span class="scope-facts"> · {facts.join(' · ')}</span> : null}
      </p>
      {description.note ? <p class="muted scope-note">{description.note}</p> : null}
      <div class="scope-switch">
        <label for="scope-select">Review scope</label>
        <select id="scope-select" value={valueOf(scope)} onChange={(e) => (review.chosenScope.value = scopeOf(e.currentTarget.value))}>
          <option value="recent">The 12 months to the latest activity</option>
          <optgroup label="Encounters, newest first">
            {listed.map((e) => (
              <option value={`encounter:${e.id}`} key={e.id}>
                {[e.dates ?? 'undated', e.classLabel, e.typeLabel, e.statusLabel === 'finished' ? undefined : e.statusLabel].filter(Boolean).join(' · ')}
              </option>
            ))}
          </optgroup>
          <option value="whole-record">The whole record</option>
        </select>
        {administrative > 0 ? (
          <label class="inline">
            <input type="checkbox" checked={showAdministrative} onChange={(e) => setShowAdministrative(e.currentTarget.checked)} />
            Show administrative visits ({administrative})
          </label>
        ) : null}
      </div>
    </div>
  );
}
