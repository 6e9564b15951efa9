/** `clarify audit` (issue #8): what reaches the terminal, a closed pipe, --now, the set-aside summary. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Condition, FhirResource as Resource, MedicationRequest, Observation } from 'fhir/r4';
import { clean } from '../../src/cli/audit';
import { PatientRecord } from '../../src/record/patient-record';
import { LOINC } from '../../src/terminology/loinc';
import { SYSTEM } from '../../src/terminology/systems';
import { lab, patient } from '../rules/support';
import { audit, auditWith, lowSodiumResources, nodeIo, tempDir, transactionBundle } from './support';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => void (temp = tempDir()));
afterEach(() => temp.remove());

const CONTROL = /[\x00-\x1f\x7f-\x9f]/;

describe('clarify audit --format text: input cannot drive the terminal', () => {
  it('strips control characters and escape sequences and collapses line breaks in every field', async () => {
    const forged = 'Samsca 15 MG\x1b[2J\x1b[H\x1b]0;owned\x07\r\nPatient/forged                                 high    electrolytes/fake\x9b1A\x7f\x00\tx\u202e';
    const order: MedicationRequest = {
      resourceType: 'MedicationRequest', id: 'evil-order', status: 'active', intent: 'order',
      medicationCodeableConcept: { text: forged }, subject: { reference: 'urn:uuid:evil' }, authoredOn: '2021-02-01T10:00:00Z',
    };
    const [p, na] = lowSodiumResources('evil');
    const file = temp.write('evil.json', transactionBundle([p!, na!, order]));
    const run = await audit('--format', 'text', '--now', '2021-03-01', file);
    expect(run.code).toBe(0);
    const rows = run.stdout.split('\n');
    expect(rows).toHaveLength(3); // header, one finding, the final newline
    expect(rows[2]).toBe('');
    expect(rows[1]).toMatch(/^Patient\/evil\s+medium\s+electrolytes\/hyponatremia\s+E87\.1\s+Sodium 131/);
    expect(rows[1]).toMatch(/Samsca 15 MG Patient\/forged +high +electrolytes\/fake x ordered or given\./);
    expect(run.stdout.replace(/\n/g, '')).not.toMatch(CONTROL);
    expect(run.stdout).not.toContain('owned');
    expect(run.stdout).not.toContain('\u202e');

    // NDJSON output is JSON: the text as the record read it (escape sequences and controls removed at the
    // trust boundary, line breaks and tabs kept), escaped, parsing back as it was read.
    const json = await audit('--now', '2021-03-01', file);
    expect(json.lines).toHaveLength(1);
    expect(json.findings[0]!.summary).toContain('Samsca 15 MG\r\nPatient/forged                                 high    electrolytes/fake\tx');
  });

  it('cleans patient ids from the input in text rows and in messages', async () => {
    const id = 'p\x1b[31m1\nx';
    const who: Condition = { resourceType: 'Condition', id: 'c', subject: { reference: `urn:uuid:${id}` }, code: { coding: [{ system: SYSTEM.ICD10_WHO, code: 'E11' }] } };
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ fullUrl: `urn:uuid:${id}`, resource: { resourceType: 'Patient' } }, { resource: who }] };
    const run = await audit('--format', 'text', '--now', '2021-03-01', temp.write('ids.json', bundle));
    expect(run.stderr).toContain('clarify audit: Patient/p1 x: 1 diagnosis coded in WHO ICD-10');
    expect(run.stderr.replace(/\n/g, '')).not.toMatch(CONTROL);
  });

  it.each([
    ['ESC [ 2 J', 'a\x1b[2Jb', 'ab'],
    ['OSC title ended by BEL', 'a\x1b]0;title\x07b', 'ab'],
    ['OSC ended by ST', 'a\x1b]8;;http://x\x1b\\b', 'ab'],
    ['8-bit CSI', 'a\x9b2Jb', 'ab'],
    ['CR LF', 'line 1\r\nline 2', 'line 1 line 2'],
    ['DEL, NUL, BEL, backspace', 'a\x7f\x00\x07\bb', 'ab'],
    ['a lone ESC at the end', 'ab\x1b', 'ab'],
  ])('clean: %s', (_, input, output) => {
    expect(clean(input)).toBe(output);
  });
});

describe('clarify audit: a closed pipe', () => {
  const epipe = () => Object.assign(new Error('write EPIPE'), { code: 'EPIPE', errno: -32, syscall: 'write' });

  it('stops at the first write that fails with EPIPE, quietly, with the status so far', async () => {
    for (const id of ['p1', 'p2', 'p3']) temp.write(`${id}.json`, transactionBundle(lowSodiumResources(id)));
    let writes = 0;
    const io = nodeIo({ stdout: () => {
      writes++;
      if (writes > 1) throw epipe();
    } });
    const run = await auditWith(io, ['--now', '2021-03-01', temp.dir]);
    expect(run.code).toBe(0);
    expect(writes).toBe(2); // one finding written, the next write failed, nothing after it
    expect(run.stderr).toBe('');
    expect(io.reads).toHaveLength(2);
  });

  it('keeps exit 1 when an input was unreadable before the pipe closed', async () => {
    temp.write('a.json', 'not json');
    temp.write('b.json', transactionBundle(lowSodiumResources('p1')));
    const io = nodeIo({ stdout: () => { throw epipe(); } });
    const run = await auditWith(io, ['--now', '2021-03-01', temp.dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`clarify audit: ${temp.dir}/a.json: is not JSON\n`);
  });

  it('says so and exits 1 when stdout fails otherwise (a full disk)', async () => {
    temp.write('b.json', transactionBundle(lowSodiumResources('p1')));
    const io = nodeIo({ stdout: () => { throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }); } });
    const run = await auditWith(io, ['--now', '2021-03-01', temp.dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('clarify audit: cannot write the findings to stdout: ENOSPC\n');
  });
});

describe('clarify audit --now', () => {
  it.each(['2021-02-30', '03/02/2021', 'yesterday', '2021-04-01 10:00', '2021-04-01T25:00:00Z', ''])('refuses %j as a usage error naming the expected form', async (value) => {
    const run = await audit('--now', value, 'x.json');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`clarify audit: --now must be a FHIR date or date-time (YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with Z or ±hh:mm, e.g. 2021-04-01 or 2021-04-01T00:00:00Z), not "${value}"`);
  });

  it.each(['2021-04-01', '2021-04-01T00:00:00Z', '--now=2021-03-31T20:00:00-04:00'])('accepts %s', async (value) => {
    const file = temp.write('p1.json', transactionBundle(lowSodiumResources('p1')));
    const argv = value.startsWith('--') ? [value, file] : ['--now', value, file];
    const run = await audit(...argv);
    expect(run.code).toBe(0);
    expect(run.findings.map((f) => f.patient)).toEqual(['Patient/p1']);
  });

  it('places the look-back at the instant given, honouring its offset', async () => {
    const subject = { reference: 'urn:uuid:p1' };
    const file = temp.write('p1.json', transactionBundle([patient({ id: 'p1' }),
      { ...lab(LOINC.SODIUM_SERUM, 131, 'mmol/L', '2021-02-01T10:00:00Z', { id: 'na1' }), subject },
      { ...lab(LOINC.SODIUM_SERUM, 130, 'mmol/L', '2021-02-02T10:00:00Z', { id: 'na2' }), subject }]));
    // 365 days back from 2022-02-01T09:30Z is 2021-02-01T09:30Z: both results are in; from 11:30Z the first is not.
    expect((await audit('--now', '2022-02-01T09:30:00Z', file)).findings).toHaveLength(1);
    expect((await audit('--now', '2022-02-01T11:30:00+02:00', file)).findings).toHaveLength(1);
    expect((await audit('--now', '2022-02-01T09:30:00-02:00', file)).findings).toHaveLength(0);
  });
});

describe('clarify audit: resources set aside', () => {
  const untimed = (id: string, subject: string): Observation => {
    const { effectiveDateTime: _e, issued: _i, ...rest } = lab(LOINC.SODIUM_SERUM, 131, 'mmol/L', '2021-02-01T09:00:00Z', { id });
    return { ...rest, subject: { reference: subject } };
  };
  const uncoded = (id: string, subject: string): Condition => ({ resourceType: 'Condition', id, subject: { reference: subject }, code: { text: 'Twyla\'s secret diagnosis' } });
  /** The record's own wording for why a resource is set aside. */
  const problemOf = (resource: Resource) => PatientRecord.fromResources([resource]).setAside().map((s) => `${s.resourceType} (${s.problem})`);

  it('totals them by type and reason over the run, on stderr, without patient data', async () => {
    temp.write('a.json', transactionBundle([...lowSodiumResources('pa'), untimed('pa-x1', 'urn:uuid:pa'), untimed('pa-x2', 'urn:uuid:pa'), uncoded('pa-c', 'urn:uuid:pa')]));
    temp.write('b.json', transactionBundle([...lowSodiumResources('pb'), untimed('pb-x1', 'urn:uuid:pb')]));
    const run = await audit('--now', '2021-03-01', temp.dir);
    expect(run.code).toBe(0);
    expect(run.findings.map((f) => f.patient)).toEqual(['Patient/pa', 'Patient/pb']);
    const [observation] = problemOf(untimed('x', 'Patient/x'));
    const [condition] = problemOf(uncoded('c', 'Patient/x'));
    expect(observation).toMatch(/^Observation \(.*time.*\)$/);
    expect(run.stderr).toBe(`clarify audit: set aside 3 ${observation}, 1 ${condition}\n`);
    expect(run.stderr).not.toMatch(/pa|pb|Twyla|secret/);
  });

  it('says nothing when nothing was set aside', async () => {
    const run = await audit('--now', '2021-03-01', temp.write('a.json', transactionBundle(lowSodiumResources('pa'))));
    expect(run.stderr).toBe('');
  });
});
