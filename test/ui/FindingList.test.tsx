// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/preact';
import { FindingList } from '../../src/ui/FindingList';
import { PatientRecord } from '../../src/record/patient-record';
import type { Finding } from '../../src/rules/types';
import { LOINC } from '../../src/terminology/loinc';
import { lab, medicationRequest, patient } from '../rules/support';

afterEach(cleanup);

const sodium = lab(LOINC.SODIUM_SERUM, 131, 'mmol/L', '2021-03-01T09:00:00Z', { id: 'na-1' });
const tolvaptan = medicationRequest('358258', 'Tolvaptan 15 MG Oral Tablet', '2021-03-02T10:00:00Z');
const record = PatientRecord.fromResources([patient(), sodium, tolvaptan]);

const finding: Finding = {
  ruleId: 'electrolytes/hyponatremia', category: 'documentation-gap', severity: 'high', title: 'Low sodium without a hyponatremia diagnosis',
  summary: 'Sodium 131 mmol/L on 2021-03-01 09:00 (reference limit 135 mmol/L).', evidence: ['Observation/na-1', `MedicationRequest/${tolvaptan.id}`, 'Procedure/not-loaded'],
  suspectedCondition: 'E87.1', answerOptions: [{ text: 'Hyponatremia', icd10: 'E87.1' }, { text: 'Other (please specify)' }],
};

describe('FindingList', () => {
  it('shows each finding with its severity, title, code, observed facts and the query options', () => {
    render(<FindingList findings={[finding]} record={record} />);
    const item = within(screen.getByRole('list', { name: 'Findings' })).getAllByRole('listitem')[0]!;
    expect(within(item).getByRole('heading').textContent).toBe('Low sodium without a hyponatremia diagnosis');
    expect(item.textContent).toContain('High');
    expect(item.textContent).toContain('E87.1');
    expect(item.textContent).toContain('Sodium 131 mmol/L on 2021-03-01 09:00');
    expect(item.textContent).toContain('A query would offer: Hyponatremia (E87.1); Other (please specify).');
  });

  it('labels the evidence from the record, and falls back to the reference when it is not in the record', () => {
    render(<FindingList findings={[finding]} record={record} />);
    const evidence = screen.getByText('Evidence (3)').closest('details')!;
    expect([...evidence.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      `${LOINC.SODIUM_SERUM} 131 mmol/L, 2021-03-01 09:00`,
      'Order: Tolvaptan 15 MG Oral Tablet (active), 2021-03-02 10:00',
      'Procedure/not-loaded',
    ]);
  });

  it('says so when there is nothing to query', () => {
    render(<FindingList findings={[]} record={record} />);
    expect(screen.getByText(/No documentation gaps or coding discrepancies/)).toBeTruthy();
  });
});
