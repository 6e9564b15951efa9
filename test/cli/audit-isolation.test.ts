/** `clarify audit` (issue #8): one bad file, line or patient costs only itself. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ALL_RULES, type Rule } from '../../src/rules/index';
import { PatientRecord } from '../../src/record/patient-record';
import { LOINC } from '../../src/terminology/loinc';
import { lab } from '../rules/support';
import { audit, auditWith, lowSodiumResources, ndjson, nodeIo, tempDir, transactionBundle } from './support';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => void (temp = tempDir()));
afterEach(() => {
  temp.remove();
  vi.restoreAllMocks();
});

/** A rule that throws for the patient with this id, as a bug in a rule would (its message quotes data). */
const explodesFor = (patientId: string): Rule => ({
  id: 'test/explodes', title: 'explodes', category: 'documentation-gap', severity: 'low', rationale: 'test', thresholds: {},
  evaluate(context) {
    if (context.record.patient?.id === patientId) throw new TypeError('unexpected value "Twyla Moen, MRN 12345" in rule');
    return [];
  },
});
const withExploding = (patientId: string) => ({ rules: [...ALL_RULES, explodesFor(patientId)] });

describe('clarify audit: failures are isolated', () => {
  it('reports an error in the rules with its file and patient, audits the other patients of the Bundle, and exits 1', async () => {
    const file = temp.write('two.json', transactionBundle([...lowSodiumResources('boom'), ...lowSodiumResources('fine')]));
    const run = await auditWith(nodeIo(), ['--now', '2021-03-01', file], withExploding('boom'));
    expect(run.code).toBe(1);
    expect(run.findings.map((f) => f.patient)).toEqual(['Patient/fine']);
    expect(run.stderr).toBe(`clarify audit: ${file}: Patient/boom: internal error: TypeError: unexpected value "…" in rule\n`);
    expect(run.stderr).not.toContain('Twyla');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('reports an error while building one patient\'s record and audits the others', async () => {
    const file = temp.write('two.json', transactionBundle([...lowSodiumResources('boom'), ...lowSodiumResources('fine')]));
    const fromEntries = PatientRecord.fromEntries.bind(PatientRecord);
    vi.spyOn(PatientRecord, 'fromEntries').mockImplementation((entries, options) => {
      if ([...entries].some((e) => (e.resource as { id?: string }).id === 'boom')) throw new RangeError('Invalid time value');
      return fromEntries(entries, options);
    });
    const run = await audit('--now', '2021-03-01', file);
    expect(run.code).toBe(1);
    expect(run.findings.map((f) => f.patient)).toEqual(['Patient/fine']);
    expect(run.stderr).toBe(`clarify audit: ${file}: Patient/boom: internal error: RangeError: Invalid time value\n`);
  });

  it('names the files a pooled patient came from when its audit fails', async () => {
    const [p, na1, na2] = lowSodiumResources('boom').map((r) => ('subject' in r ? { ...r, subject: { reference: 'Patient/boom' } } : r));
    const patients = temp.write('Patient.ndjson', ndjson([p, ...lowSodiumResources('fine').slice(0, 1)]));
    const observations = temp.write('Observation.ndjson', ndjson([na1, na2, ...lowSodiumResources('fine').slice(1).map((r) => ({ ...r, subject: { reference: 'Patient/fine' } }))]));
    const run = await auditWith(nodeIo(), ['--now', '2021-03-01', temp.dir], withExploding('boom'));
    expect(run.code).toBe(1);
    expect(run.findings.map((f) => f.patient)).toEqual(['Patient/fine']);
    expect(run.stderr).toBe(`clarify audit: ${observations}, ${patients}: Patient/boom: internal error: TypeError: unexpected value "…" in rule\n`);
  });

  describe('three Bundle files, the middle one bad: the other two give exactly their own findings', () => {
    const files = () => ({
      first: temp.write('1.json', transactionBundle(lowSodiumResources('first'))),
      second: temp.write('2.json', transactionBundle(lowSodiumResources('second'))),
      third: temp.write('3.json', transactionBundle([...lowSodiumResources('third'),
        { ...lab(LOINC.SODIUM_SERUM, 128, 'mmol/L', '2021-02-03T09:00:00Z', { id: 'third-na3' }), subject: { reference: 'urn:uuid:third' } }])),
    });
    const alone = async (file: string) => (await audit('--now', '2021-03-01', file)).stdout;

    it('when the middle one is not JSON', async () => {
      const { first, second, third } = files();
      temp.write('2.json', '{"resourceType": "Bundle", "entry": [');
      const expected = (await alone(first)) + (await alone(third));
      const run = await audit('--now', '2021-03-01', first, second, third);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe(expected);
      expect(run.findings.map((f) => f.patient)).toEqual(['Patient/first', 'Patient/third']);
      expect(run.stderr).toBe(`clarify audit: ${second}: is not JSON\n`);
    });

    it('when the rules throw on the middle one', async () => {
      const { first, second, third } = files();
      const expected = (await alone(first)) + (await alone(third));
      const run = await auditWith(nodeIo(), ['--now', '2021-03-01', temp.dir], withExploding('second'));
      expect(run.code).toBe(1);
      expect(run.stdout).toBe(expected);
      expect(run.stderr).toBe(`clarify audit: ${second}: Patient/second: internal error: TypeError: unexpected value "…" in rule\n`);
      void first;
    });
  });

  it('one bad NDJSON line loses only that line', async () => {
    const [p, na1, na2] = lowSodiumResources('px').map((r) => ('subject' in r ? { ...r, subject: { reference: 'Patient/px' } } : r));
    temp.write('Patient.ndjson', ndjson([p]));
    const good = temp.write('good.ndjson', ndjson([na1, na2]));
    const goodRun = await audit('--now', '2021-03-01', temp.dir);
    temp.write('good.ndjson', `${JSON.stringify(na1)}\n{"resourceType": "Observation", "id": \n[1, 2]\n${JSON.stringify(na2)}\r\n`);
    const run = await audit('--now', '2021-03-01', temp.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(goodRun.stdout);
    expect(run.findings).toHaveLength(1);
    expect(run.stderr).toBe(`clarify audit: ${good}: 2 lines are not FHIR resources and were skipped (lines 2, 3)\n`);
  });

  it('a broken line that names its patient (placed unparsed) is found when that patient is reviewed, and reported with its file and line', async () => {
    const [p, na1, na2] = lowSodiumResources('px').map((r) => ('subject' in r ? { ...r, subject: { reference: 'Patient/px' } } : r));
    temp.write('Patient.ndjson', ndjson([p]));
    const good = temp.write('good.ndjson', ndjson([na1, na2]));
    const goodRun = await audit('--now', '2021-03-01', temp.dir);
    // Brackets balance, so the partition pass places it with Patient/px by its bytes; only parsing shows it is not JSON.
    const broken = '{"resourceType":"Observation","subject":{"reference":"Patient/px"},"valueQuantity":{"value":12x}}';
    // And one whose only line is broken: a patient with nothing readable is not reviewed.
    const orphan = '{"resourceType":"Observation","subject":{"reference":"Patient/nobody"},"status":final}';
    temp.write('good.ndjson', `${JSON.stringify(na1)}\n${broken}\n${JSON.stringify(na2)}\n${orphan}\n`);
    for (const workers of ['1', '3']) {
      const run = await auditWith(nodeIo({ cores: () => 3 }), ['--now', '2021-03-01', '--workers', workers, temp.dir]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(goodRun.stdout);
      expect(run.stderr).toBe(`clarify audit: ${good}: 2 lines are not FHIR resources and were skipped (lines 2, 4)\n`);
    }
    // A file none of whose lines is a resource is named as not NDJSON, as it was when every line was parsed on reading.
    const bad = temp.write('bad.ndjson', `${broken}\n${orphan}\n`);
    const run = await audit('--now', '2021-03-01', bad);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`clarify audit: ${bad}: is not FHIR NDJSON (no line holds a FHIR resource: lines 1, 2)\n`);
  });
});
