import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FhirResource as Resource } from 'fhir/r4';
import { LOINC } from '../../src/terminology/loinc';
import { lab, patient } from '../rules/support';
import { audit, lowSodiumResources, tempDir, transactionBundle } from './support';
import { PatientRecord } from '../../src/record/patient-record';
import { runRules, ALL_RULES } from '../../src/rules/index';

let temp: ReturnType<typeof tempDir>;
let dir: string;
beforeEach(() => void ({ dir } = temp = tempDir()));
afterEach(() => temp.remove());
const write = (name: string, content: unknown) => temp.write(name, content);

describe('clarify audit', () => {
  it('writes one NDJSON finding per line for a Bundle file, referencing the evidence', async () => {
    const file = write('p1.json', transactionBundle(lowSodiumResources('p1')));
    const { code, lines, stderr } = await audit('--now', '2021-03-01', file);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(lines.map((l) => JSON.parse(l))).toEqual([{
      id: expect.stringMatching(/^f-[0-9a-f]{16}$/), patient: 'Patient/p1', ruleId: 'electrolytes/hyponatremia', category: 'documentation-gap', severity: 'medium',
      suspectedCondition: 'E87.1', evidence: ['Observation/p1-na1', 'Observation/p1-na2'],
      facts: ['p1-na1', 'p1-na2'].map((id, day) => ({
        kind: 'result', label: 'sodium', value: expect.any(Number), unit: 'mmol/L', time: `2021-02-0${day + 1}T09:00:00Z`,
        referenceRange: { low: 135, unit: 'mmol/L' }, reference: `Observation/${id}`,
      })),
      summary: expect.stringContaining('Sodium 131 mmol/L on 2021-02-01 09:00'),
    }]);
  });

  it('gives each finding the id the app gives it, the same on every run', async () => {
    const file = write('p1.json', transactionBundle(lowSodiumResources('p1')));
    const first = JSON.parse((await audit('--now', '2021-03-01', file)).lines[0]!);
    const again = JSON.parse((await audit('--now', '2021-03-01', file)).lines[0]!);
    const record = PatientRecord.fromBundle(transactionBundle(lowSodiumResources('p1')));
    const [inApp] = runRules(record, ALL_RULES, { now: new Date('2021-03-01T00:00:00Z') });
    expect(again.id).toBe(first.id);
    expect(inApp!.id).toBe(first.id);
  });

  it('audits a directory, names the files that are not FHIR on stderr, audits the rest, and exits 1', async () => {
    write('a.json', transactionBundle(lowSodiumResources('pa')));
    mkdirSync(join(dir, 'nested'));
    write('nested/b.json', transactionBundle(lowSodiumResources('pb')));
    write('notes.json', { hello: 'world' });
    write('broken.json', '{"resourceType": "Bundle", ');
    write('readme.txt', 'ignored: neither .json nor .ndjson');
    const { code, lines, stderr } = await audit('--now', '2021-03-01', dir);
    expect(code).toBe(1);
    expect(lines.map((l) => JSON.parse(l).patient)).toEqual(['Patient/pa', 'Patient/pb']);
    expect(stderr).toContain(`${join(dir, 'notes.json')}: is not a FHIR resource or Bundle`);
    expect(stderr).toContain(`${join(dir, 'broken.json')}: is not JSON`);
    expect(stderr).not.toContain('readme.txt');
  });

  it('groups a Bulk Data NDJSON export (one file per type) by patient', async () => {
    const resources = [...lowSodiumResources('px'), patient({ id: 'py' }),
      { ...lab(LOINC.SODIUM_SERUM, 140, 'mmol/L', '2021-02-01T09:00:00Z', { id: 'py-na' }), subject: { reference: 'Patient/py' } }];
    const bulk = resources.map((r) => (r.resourceType === 'Observation' && (r as { subject: { reference: string } }).subject.reference.startsWith('urn:')
      ? { ...r, subject: { reference: 'Patient/px' } } : r));
    write('Patient.ndjson', bulk.filter((r) => r.resourceType === 'Patient').map((r) => JSON.stringify(r)).join('\n'));
    write('Observation.ndjson', bulk.filter((r) => r.resourceType === 'Observation').map((r) => JSON.stringify(r)).join('\n') + '\n');
    const { code, lines } = await audit('--now', '2021-03-01', dir);
    expect(code).toBe(0);
    expect(lines.map((l) => JSON.parse(l)).map((f) => [f.patient, f.ruleId])).toEqual([['Patient/px', 'electrolytes/hyponatremia']]);
  });

  it('refuses an NDJSON file with no FHIR line but keeps auditing', async () => {
    write('Observation.ndjson', 'not json\n{"also": "not fhir"}\n');
    const good = write('ok.json', transactionBundle(lowSodiumResources('pz')));
    const { code, lines, stderr } = await audit('--now', '2021-03-01', join(dir, 'Observation.ndjson'), good);
    expect(code).toBe(1);
    expect(stderr).toContain('is not FHIR NDJSON');
    expect(lines).toHaveLength(1);
  });

  it('prints a table for people with --format text', async () => {
    const file = write('p1.json', transactionBundle(lowSodiumResources('p1')));
    const { lines } = await audit('--format', 'text', '--now', '2021-03-01', file);
    expect(lines[0]).toMatch(/^PATIENT\s+SEVERITY\s+RULE\s+CODE\s+SUMMARY$/);
    expect(lines[1]).toMatch(/^Patient\/p1\s+medium\s+electrolytes\/hyponatremia\s+E87\.1\s+Sodium 131/);
  });

  it('uses --now for the look-back: a year later the same results are out of the window', async () => {
    const file = write('p1.json', transactionBundle(lowSodiumResources('p1')));
    expect((await audit('--now', '2022-06-01', file)).lines).toEqual([]);
  });

  it.each([
    [['--format', 'xml', 'x.json'], '--format must be ndjson or text'],
    [['--now', 'yesterday', 'x.json'], '--now must be a FHIR date or date-time'],
    [[], 'no input files'],
    [['--frobnicate', 'x.json'], 'unknown option --frobnicate'],
  ])('refuses a usage error (%j) with exit code 2', async (argv, message) => {
    const { code, stderr, stdout } = await audit(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
  });

  it('says which path does not exist and exits 1', async () => {
    const { code, stderr } = await audit(join(dir, 'missing.json'));
    expect(code).toBe(1);
    expect(stderr).toContain('missing.json: no such file or directory');
  });
});

describe('clarify audit: WHO ICD-10', () => {
  it('says on stderr that WHO ICD-10 codings were not checked as ICD-10-CM', async () => {
    const who = { resourceType: 'Condition', id: 'who-1', subject: { reference: 'urn:uuid:pw' }, code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'E11' }] } } as Resource;
    const file = write('pw.json', transactionBundle([patient({ id: 'pw' }), who]));
    const { code, lines, stderr } = await audit('--now', '2021-03-01', file);
    expect(code).toBe(0);
    expect(lines).toEqual([]);
    expect(stderr).toContain('Patient/pw: 1 diagnosis coded in WHO ICD-10 (http://hl7.org/fhir/sid/icd-10), a different code system from ICD-10-CM, was not checked');
  });
});
