import type { LoadProgress, RecordPart } from '../fhir/load-patient-record';
import type { PatientRecord } from '../record/patient-record';

const number = new Intl.NumberFormat('en-US');

function countOf(part: RecordPart): number | undefined {
  return part.status.state === 'loaded' || part.status.state === 'partial' ? part.status.count : undefined;
}

/** What Clarify has read of the record, and, prominently, what it could not read. */
export function RecordStatus({ progress, record, unreadParts }: {
  progress: LoadProgress | undefined;
  record: PatientRecord | undefined;
  unreadParts: RecordPart[];
}) {
  if (!record) {
    const done = progress?.partsDone ?? 0;
    const total = progress?.partsTotal ?? 0;
    return (
      <div class="record-loading" role="status" aria-live="polite">
        <p>Reading the record… {total ? `${done} of ${total} parts` : ''}{progress ? `, ${number.format(progress.resourcesLoaded)} resources` : ''}</p>
        <progress max={total || 1} value={done} aria-label="Record parts read" />
      </div>
    );
  }
  const parts = progress?.parts ?? [];
  const unusable = record.issues.length;
  const setAside = record.setAside();
  const setAsideOf = (type: string) => setAside.filter((s) => s.resourceType === type).reduce((n, s) => n + s.count, 0);
  const ignoredFields = [...record.ignoredFields].sort(([a], [b]) => a.localeCompare(b));
  return (
    <div class="record-status">
      <p class="record-summary">
        Read <strong>{number.format(record.size)}</strong> {record.size === 1 ? 'resource' : 'resources'} from the EHR.
      </p>
      {unreadParts.length > 0 ? (
        <div class="notice notice-warning" role="alert">
          <p><strong>Parts of the record could not be read.</strong> Findings that depend on them may be missing:</p>
          <ul>
            {unreadParts.map((part) => (
              <li key={part.type}>
                {part.label}: {part.status.state === 'unavailable' || part.status.state === 'partial' ? part.status.reason : ''}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {unusable > 0 ? (
        <details class="record-issues">
          <summary>{number.format(unusable)} {unusable === 1 ? 'entry' : 'entries'} could not be used</summary>
          <ul>
            {[...record.issueCounts()].map(([problem, count]) => <li key={problem}>{problem}: {number.format(count)}</li>)}
          </ul>
        </details>
      ) : null}
      <details class="record-parts">
        <summary>What was read</summary>
        <table>
          <thead><tr><th scope="col">Part of the record</th><th scope="col">Resources</th><th scope="col">Set aside</th></tr></thead>
          <tbody>
            {parts.map((part) => (
              <tr key={part.type}>
                <td>{part.label}</td>
                <td>{countOf(part) !== undefined ? number.format(countOf(part)!) : 'not read'}</td>
                <td>{setAsideOf(part.type) > 0 ? number.format(setAsideOf(part.type)) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {setAside.length > 0 ? (
          <>
            <p>Set aside (kept out of the review), by type and reason:</p>
            <ul class="record-set-aside">
              {setAside.map((s) => <li key={`${s.resourceType}|${s.problem}`}>{number.format(s.count)} {s.resourceType} {s.problem}</li>)}
            </ul>
          </>
        ) : null}
        {ignoredFields.length > 0 ? (
          <>
            <p>Fields of the wrong type or value, ignored (the rest of each resource was read):</p>
            <ul class="record-ignored-fields">
              {ignoredFields.map(([path, count]) => <li key={path}><code>{path}</code>: {number.format(count)}</li>)}
            </ul>
          </>
        ) : null}
      </details>
    </div>
  );
}
