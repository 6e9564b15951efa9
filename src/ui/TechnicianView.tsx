import type { AppState } from '../state/app-state';
import { RecordStatus } from './RecordStatus';
import { FindingList } from './FindingList';

/** The technician's review of the launched patient: what was read, then the gaps and coding discrepancies. */
export function TechnicianView({ state }: { state: AppState }) {
  const record = state.record.value;
  const findings = state.findings.value;
  const gaps = findings.filter((f) => f.category === 'documentation-gap');
  const coding = findings.filter((f) => f.category === 'coding-discrepancy');
  const codeTable = state.codeTable.value;
  return (
    <>
      <section aria-labelledby="review-title" class="panel">
        <h2 id="review-title">Documentation review</h2>
        <RecordStatus progress={state.recordProgress.value} record={record} unreadParts={state.unreadParts.value} />
      </section>
      {record ? (
        <>
          <section aria-labelledby="gaps-title" class="panel">
            <h2 id="gaps-title">Documentation gaps ({gaps.length})</h2>
            <FindingList findings={gaps} record={record} label="Documentation gaps" empty="No documentation gaps found in the record read." />
          </section>
          <section aria-labelledby="coding-title" class="panel">
            <h2 id="coding-title">Coding discrepancies ({coding.length})</h2>
            {codeTable === 'loading' ? <p class="muted" role="status">Checking the ICD-10-CM codes…</p> : null}
            {state.whoIcd10Diagnoses.value > 0 ? (
              <p class="notice notice-warning">
                {state.whoIcd10Diagnoses.value === 1 ? '1 diagnosis is' : `${state.whoIcd10Diagnoses.value} diagnoses are`} coded in WHO ICD-10,
                a different code system from ICD-10-CM: not checked here.
              </p>
            ) : null}
            {codeTable === 'failed' ? (
              <p class="notice notice-warning" role="alert">The ICD-10-CM code table could not be loaded, so the codes were not checked. Reload the page to try again.</p>
            ) : null}
            {codeTable === 'not-needed' ? (
              <p class="muted">No diagnosis in the record is coded in ICD-10-CM, so there are no codes to check.</p>
            ) : (
              <FindingList findings={coding} record={record} icd10cm={state.icd10cm.value} label="Coding discrepancies" empty={codeTable === 'loaded' ? 'No coding discrepancies found.' : ''} />
            )}
          </section>
        </>
      ) : null}
    </>
  );
}
