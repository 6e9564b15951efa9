// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/preact';
import { RecordStatus } from '../../src/ui/RecordStatus';
import { PatientRecord } from '../../src/record/patient-record';
import type { LoadProgress, RecordPart } from '../../src/fhir/load-patient-record';

afterEach(cleanup);

const parts: RecordPart[] = [
  { type: 'Condition', label: 'Conditions', status: { state: 'loaded', count: 8 } },
  { type: 'Claim', label: 'Claims', status: { state: 'unavailable', reason: 'access denied by the EHR (403)', status: 403 } },
  { type: 'Observation', label: 'Observations', status: { state: 'partial', count: 100000, reason: 'stopped at the page limit' } },
];

describe('RecordStatus', () => {
  it('shows progress while the record is read', () => {
    const progress: LoadProgress = { partsDone: 5, partsTotal: 17, resourcesLoaded: 1234, parts };
    render(<RecordStatus progress={progress} record={undefined} unreadParts={[]} />);
    expect(screen.getByRole('status').textContent).toContain('5 of 17 parts, 1,234 resources');
    expect(screen.getByLabelText('Record parts read').getAttribute('value')).toBe('5');
  });

  it('warns, part by part, about what could not be read', () => {
    const record = PatientRecord.fromResources([{ resourceType: 'Patient', id: 'p' }]);
    render(<RecordStatus progress={{ partsDone: 3, partsTotal: 3, resourcesLoaded: 1, parts }} record={record} unreadParts={parts.slice(1)} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Findings that depend on them may be missing');
    expect(within(alert).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Claims: access denied by the EHR (403)',
      'Observations: stopped at the page limit',
    ]);
  });

  it('shows no warning when everything was read, and counts the entries it could not use', () => {
    const record = PatientRecord.fromNdjson(['{"resourceType":"Patient","id":"p"}', 'not json']);
    const { container } = render(<RecordStatus progress={{ partsDone: 1, partsTotal: 1, resourcesLoaded: 1, parts: parts.slice(0, 1) }} record={record} unreadParts={[]} />);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(container.querySelector('.record-summary')?.textContent).toBe('Read 1 resource from the EHR.');
    expect(container.querySelector('.record-parts summary')?.textContent).toBe('What was read (1 resource set aside)');
    expect([...container.querySelectorAll('.record-set-aside li')].map((li) => li.textContent)).toEqual(['line 2 is not JSON: 1']);
    expect(screen.getByRole('table').textContent).toContain('Conditions8');
  });

  it('says in "What was read" how many resources of each type were set aside and why, and which fields were ignored', () => {
    const record = PatientRecord.fromResources([
      { resourceType: 'Patient', id: 'p' },
      { resourceType: 'Condition', id: 'c1', code: { coding: 'E11.9' } },
      { resourceType: 'Condition', id: 'c2', code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'E11.9' }] }, recordedDate: '2021-02-30' },
      { resourceType: 'Observation', id: 'o1', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '2951-2' }] }, valueQuantity: { value: 130, unit: 'mmol/L' } },
    ]);
    const { container } = render(<RecordStatus progress={{ partsDone: 3, partsTotal: 3, resourcesLoaded: 4, parts }} record={record} unreadParts={[]} />);
    const rows = [...container.querySelectorAll('.record-parts tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).toEqual([['Conditions', '8', '1'], ['Claims', 'not read', '—'], ['Observations', '100,000', '1']]);
    expect([...container.querySelectorAll('.record-set-aside li')].map((li) => li.textContent)).toEqual([
      '1 Condition without a coded diagnosis',
      '1 Observation without a usable effective time',
    ]);
    expect([...container.querySelectorAll('.record-ignored-fields li')].map((li) => li.textContent)).toEqual([
      'Condition.code.coding: 1',
      'Condition.recordedDate: 1',
    ]);
  });

  it('counts what was set aside and ignored in the "What was read" summary, and says nothing there when all was read', () => {
    const messy = PatientRecord.fromResources([
      { resourceType: 'Patient', id: 'p' },
      { resourceType: 'Condition', id: 'c1', code: 250 },
      { resourceType: 'Condition', id: 'c2', code: { coding: { system: 'http://snomed.info/sct', code: '49436004' } } },
    ]);
    const { container, unmount } = render(<RecordStatus progress={{ partsDone: 1, partsTotal: 1, resourcesLoaded: 3, parts: parts.slice(0, 1) }} record={messy} unreadParts={[]} />);
    expect(container.querySelector('.record-parts summary')?.textContent).toBe('What was read (1 resource set aside, 2 fields ignored)');
    expect(screen.getByRole('heading', { name: 'Set aside, by type and reason' })).toBeTruthy();
    unmount();
    const clean = PatientRecord.fromResources([{ resourceType: 'Patient', id: 'p' }]);
    const rendered = render(<RecordStatus progress={{ partsDone: 1, partsTotal: 1, resourcesLoaded: 1, parts: parts.slice(0, 1) }} record={clean} unreadParts={[]} />);
    expect(rendered.container.querySelector('.record-parts summary')?.textContent).toBe('What was read');
  });
});
