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
  const setAside = record.setAside();
  const setAsideOf = (type: string) => setAside.filter((s) => s.resourceType === type).reduce((n, s) => n + s.count, 0);
  const ignoredFields = [...record.ignoredFields].sort(([a], [b]) => a.localeCompare(b));
  const setAsideTotal = setAside.reduce((n, s) => n + s.count, 0);
  const ignoredTotal = ignoredFields.reduce((n, [, count]) => n + count, 0);
  // Seen without opening the section: whether anything was kept out or left out.
  const hint = [
    setAsideTotal > 0 ? `${number.format(setAsideTotal)} ${setAsideTotal === 1 ? 'resource' : 'resources'} set aside` : '',
    ignoredTotal > 0 ? `${number.format(ignoredTotal)} ${ignoredTotal === 1 ? 'field' : 'fields'} ignored` : '',
  ].filter(Boolean).join(', ');
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
      <details class="record-parts">
        <summary>What was read{hint ? <span class="record-parts-hint"> ({hint})</span> : null}</summary>
        <table>
          <thead><tr><th scope="col">Part of the record</th><th scope="col" class="count">Resources</th><th scope="col" class="count">Set aside</th></tr></thead>
          <tbody>
            {parts.map((part) => (
              <tr key={part.type}>
                <td>{part.label}</td>
                <td class="count">{countOf(part) !== undefined ? number.format(countOf(part)!) : 'not read'}</td>
                <td class={setAsideOf(part.type) > 0 ? 'count set-aside' : 'count'}>{setAsideOf(part.type) > 0 ? number.format(setAsideOf(part.type)) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {setAside.length > 0 ? (
          <section aria-labelledby="record-set-aside-title">
            <h3 id="record-set-aside-title">Set aside, by type and reason</h3>
            <p class="muted">Kept out of the review: findings that depend on them may be missing.</p>
            <ul class="record-set-aside">
              {setAside.map((s) => (
                <li key={`${s.resourceType}|${s.problem}`}>
                  {s.resourceType === 'entry' ? `${s.problem}: ${number.format(s.count)}` : `${number.format(s.count)} ${s.resourceType} ${s.problem}`}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {ignoredFields.length > 0 ? (
          <section aria-labelledby="record-ignored-title">
            <h3 id="record-ignored-title">Fields ignored, by number of resources</h3>
            <p class="muted">Of the wrong type or value; the rest of each resource was read.</p>
            <ul class="record-ignored-fields">
              {ignoredFields.map(([path, count]) => <li key={path}><code>{path}</code>: {number.format(count)}</li>)}
            </ul>
          </section>
        ) : null}
      </details>
    </div>
  );
}
