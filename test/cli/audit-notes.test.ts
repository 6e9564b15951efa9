/**
 * `clarify audit` reads the notes of Bundles and Bulk Data NDJSON (current Synthea exports carry a note per
 * encounter as a DocumentReference): a note that documents the low sodium silences the query and tells the coder.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FhirResource as Resource } from 'fhir/r4';
import { note } from '../rules/support';
import { audit, lowSodiumResources, ndjson, tempDir, transactionBundle } from './support';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => void (temp = tempDir()));
afterEach(() => temp.remove());

const documented = (patientId: string) => ({ ...note('# Assessment and Plan\nHyponatremia, fluid restriction.', '2021-02-02T12:00:00Z', { id: `${patientId}-note` }), subject: { reference: `Patient/${patientId}` } });

describe('clarify audit and clinical notes', () => {
  it('reads a Bundle\'s notes: the gap is silent and the coder finding cites the note', async () => {
    const file = temp.write('p1.json', transactionBundle([...lowSodiumResources('p1'), documented('p1') as unknown as Resource]));
    const { code, findings } = await audit('--now', '2021-03-01', file);
    expect(code).toBe(0);
    expect(findings.map((f) => f.ruleId)).toEqual(['coding/documented-not-coded']);
    expect(findings[0]).toMatchObject({
      category: 'coding-discrepancy', kind: 'documented-not-coded', target: 'DocumentReference/p1-note', suspectedCondition: 'E87.1',
      facts: [{ kind: 'note', label: 'progress note', text: 'Hyponatremia, fluid restriction.', reference: 'DocumentReference/p1-note' }],
    });
  });

  it('reads NDJSON notes, one file per type, as a Bulk Data export', async () => {
    const dir = join(temp.dir, 'export');
    mkdirSync(dir);
    const [patient, ...labs] = lowSodiumResources('p2').map((r) => (r.resourceType === 'Patient' ? r : { ...r, subject: { reference: 'Patient/p2' } }));
    temp.write('export/Patient.ndjson', ndjson([patient]));
    temp.write('export/Observation.ndjson', ndjson(labs));
    temp.write('export/DocumentReference.ndjson', ndjson([documented('p2')]));
    const { code, findings } = await audit('--now', '2021-03-01', dir);
    expect(code).toBe(0);
    expect(findings.map((f) => [f.patient, f.ruleId])).toEqual([['Patient/p2', 'coding/documented-not-coded']]);
  });

  it('resolves a note kept by link to a Binary of the same export', async () => {
    const linked = { ...documented('p4'), content: [{ attachment: { contentType: 'text/plain', url: 'Binary/p4-text' } }] };
    const binary = { resourceType: 'Binary', id: 'p4-text', contentType: 'text/plain', data: btoa('Hyponatremia, fluid restriction.') };
    const file = temp.write('p4.json', transactionBundle([...lowSodiumResources('p4'), linked, binary] as unknown as Resource[]));
    const { findings } = await audit('--now', '2021-03-01', file);
    expect(findings.map((f) => [f.ruleId, f.facts[0].text])).toEqual([['coding/documented-not-coded', 'Hyponatremia, fluid restriction.']]);
  });

  it('without the note, the gap is raised as before', async () => {
    const file = temp.write('p3.json', transactionBundle(lowSodiumResources('p3')));
    expect((await audit('--now', '2021-03-01', file)).findings.map((f) => f.ruleId)).toEqual(['electrolytes/hyponatremia']);
  });
});
