// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/preact';
import { FindingList } from '../../src/ui/FindingList';
import { PatientRecord } from '../../src/record/patient-record';
import type { Finding } from '../../src/rules/index';
import { LOINC } from '../../src/terminology/loinc';
import { lab, medicationRequest, patient } from '../rules/support';

afterEach(cleanup);

const sodium = lab(LOINC.SODIUM_SERUM, 131, 'mmol/L', '2021-03-01T09:00:00Z', { id: 'na-1' });
const tolvaptan = medicationRequest('358258', 'Tolvaptan 15 MG Oral Tablet', '2021-03-02T10:00:00Z');
const record = PatientRecord.fromResources([patient(), sodium, tolvaptan]);

const finding: Finding = {
  id: 'f-0000000000000001', ruleId: 'electrolytes/hyponatremia', category: 'documentation-gap', severity: 'high', title: 'Low sodium without a hyponatremia diagnosis',
  summary: 'Sodium 131 mmol/L on 2021-03-01 09:00 (reference limit 135 mmol/L).', evidence: ['Observation/na-1', `MedicationRequest/${tolvaptan.id}`, 'Procedure/not-loaded'],
  suspectedCondition: 'E87.1', answerOptions: [{ text: 'Hyponatremia', icd10: 'E87.1' }, { text: 'Other (please specify)' }],
  facts: [{ kind: 'result', label: 'sodium', value: 131, unit: 'mmol/L', time: '2021-03-01T09:00:00Z', referenceRange: { low: 135, unit: 'mmol/L' }, reference: 'Observation/na-1' }],
};

describe('FindingList', () => {
  it('shows each finding with its severity, title, code, observed facts and the query options', () => {
    render(<FindingList findings={[finding]} record={record} label="Documentation gaps" empty="Nothing found." />);
    const item = within(screen.getByRole('list', { name: 'Documentation gaps' })).getAllByRole('listitem')[0]!;
    expect(within(item).getByRole('heading').textContent).toBe('Low sodium without a hyponatremia diagnosis');
    expect(item.textContent).toContain('High');
    expect(item.textContent).toContain('Documentation gap');
    expect(item.textContent).toContain('E87.1');
    expect(item.textContent).toContain('Sodium 131 mmol/L on 2021-03-01 09:00');
    expect(item.textContent).toContain('A query would offer: Hyponatremia (E87.1); Other (please specify).');
  });

  it('labels the evidence from the record, and falls back to the reference when it is not in the record', () => {
    render(<FindingList findings={[finding]} record={record} label="Documentation gaps" empty="Nothing found." />);
    const evidence = screen.getByText('Evidence (3)').closest('details')!;
    expect([...evidence.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      `${LOINC.SODIUM_SERUM} 131 mmol/L, 2021-03-01 09:00`,
      'Order: Tolvaptan 15 MG Oral Tablet (active), 2021-03-02 10:00',
      'Procedure/not-loaded',
    ]);
  });

  it('says so when there is nothing to query', () => {
    render(<FindingList findings={[]} record={record} label="Documentation gaps" empty="No documentation gaps found in the record read." />);
    expect(screen.getByText('No documentation gaps found in the record read.')).toBeTruthy();
  });
});

describe('FindingList: coding discrepancies', () => {
  it('shows the kind and the code with its official title', async () => {
    const { loadIcd10Cm } = await import('../../src/terminology/icd10cm/icd10cm-table');
    const icd10cm = await loadIcd10Cm();
    const coding: Finding = {
      id: 'f-0000000000000002', ruleId: 'coding/non-billable-code', category: 'coding-discrepancy', kind: 'non-billable-code', severity: 'high',
      title: 'Header code used as a diagnosis', summary: 'E11 is a category header, not a billable code.', evidence: [], target: 'Condition/c1',
      suspectedCondition: 'E11', answerOptions: [], facts: [{ kind: 'diagnosis', label: 'E11', reference: 'Condition/c1' }],
    };
    render(<FindingList findings={[coding]} record={record} icd10cm={icd10cm} label="Coding discrepancies" empty="" />);
    const item = within(screen.getByRole('list', { name: 'Coding discrepancies' })).getAllByRole('listitem')[0]!;
    expect(item.querySelector('.finding-category')?.textContent).toBe('Non-billable code · E11 Type 2 diabetes mellitus');
    expect(item.textContent).not.toContain('A query would offer');
  });
});
