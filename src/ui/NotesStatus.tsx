import type { ClinicalNote } from '../notes/clinical-notes';
import { formatFhirDateTime } from '../record/fhir-dates';

/**
 * The notes of the review: how many were read, and each one that was not, with why (a PDF, a text kept on
 * another server, over the size limit). Titles and dates only: a note's text is shown only where a finding
 * quotes it.
 */
export function NotesStatus({ notes }: { notes: readonly ClinicalNote[] }) {
  const read = notes.filter((n) => n.text !== undefined).length;
  const notRead = notes.filter((n) => n.text === undefined);
  if (notes.length === 0) return <p class="notes-status muted">No clinical notes in this review: findings rest on coded data only.</p>;
  return (
    <div class="notes-status">
      <p class="muted">
        Notes in this review: {read} read{notRead.length > 0 ? `, ${notRead.length} not read` : ''}.
      </p>
      {notRead.length > 0 ? (
        <details>
          <summary>Notes not read ({notRead.length})</summary>
          <ul>
            {notRead.map((n) => (
              <li key={n.reference}>{n.title}{n.time ? `, ${formatFhirDateTime(n.time)}` : ''}: {n.notRead}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
