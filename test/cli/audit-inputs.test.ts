/** `clarify audit` (issue #8): directory walks, BOMs, Bulk Data exports, Bundles without ids, pooling. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { FhirResource as Resource, Medication, MedicationRequest } from 'fhir/r4';
import { PatientRecord } from '../../src/record/patient-record';
import { LOINC } from '../../src/terminology/loinc';
import { SYSTEM } from '../../src/terminology/systems';
import { lab, patient } from '../rules/support';
import { audit, auditWith, lowSodiumResources, ndjson, nodeIo, tempDir, transactionBundle, mkfifoAvailable } from './support';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => void (temp = tempDir()));
afterEach(() => {
  temp.remove();
  vi.restoreAllMocks();
});

const hasMkfifo = mkfifoAvailable('the FIFO test of clarify audit');

/** Bulk Data shape: references are `Patient/id`. */
const bulk = (patientId: string) => lowSodiumResources(patientId).map((r) => ('subject' in r ? { ...r, subject: { reference: `Patient/${patientId}` } } : r));

describe('clarify audit: directory walks', () => {
  it('follows symbolic links to files and directories, reads each file once, and stops at symlink loops', async () => {
    const { dir, write } = temp;
    write('a.json', transactionBundle(lowSodiumResources('pa')));
    mkdirSync(join(dir, 'elsewhere'));
    write('elsewhere/b.json', transactionBundle(lowSodiumResources('pb')));
    mkdirSync(join(dir, 'in'));
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'in', 'linked-dir')); // a link to a directory: followed
    symlinkSync(join(dir, 'a.json'), join(dir, 'in', 'linked.json')); // a link to a file already read: once
    symlinkSync(dir, join(dir, 'in', 'loop')); // back up to the root: a loop
    symlinkSync(join(dir, 'in', 'self'), join(dir, 'in', 'self')); // a link to itself, not named as an input
    symlinkSync(join(dir, 'missing.json'), join(dir, 'in', 'dangling.json')); // named as an input: reported
    const run = await audit('--now', '2021-03-01', join(dir, 'in'), dir);
    expect(run.findings.map((f) => f.patient)).toEqual(['Patient/pb', 'Patient/pa']);
    expect(run.reads).toEqual([join(dir, 'in/linked-dir/b.json'), join(dir, 'in/linked.json')]);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      `clarify audit: ${join(dir, 'in/dangling.json')}: no such file or directory`,
      `clarify audit: ${join(dir, 'in/loop/a.json')}: same file as ${join(dir, 'in/linked.json')}; read once`,
      `clarify audit: ${join(dir, 'in/loop/elsewhere')}: same directory as ${join(dir, 'in/linked-dir')}; read once`,
      `clarify audit: ${join(dir, 'in/loop/in')}: symbolic link loop (leads back to ${join(dir, 'in')}); skipped`,
      `clarify audit: ${dir}: same directory as ${join(dir, 'in/loop')}; read once`,
    ]); // in/self, a link to itself, is not named like an input: passed over in silence
    expect(run.code).toBe(1); // the dangling link
  });

  it('detects a loop below the starting directory', async () => {
    const { dir, write } = temp;
    write('a.json', transactionBundle(lowSodiumResources('pa')));
    mkdirSync(join(dir, 'sub'));
    symlinkSync('..', join(dir, 'sub', 'up'));
    const run = await audit('--now', '2021-03-01', dir);
    expect(run.code).toBe(0);
    expect(run.findings.map((f) => f.patient)).toEqual(['Patient/pa']);
    expect(run.stderr).toBe(`clarify audit: ${join(dir, 'sub/up')}: symbolic link loop (leads back to ${dir}); skipped\n`);
  });

  it.skipIf(!hasMkfifo)('never opens a FIFO, a socket or a device in a directory; refuses one named on the command line', async () => {
    const { dir, write } = temp;
    write('a.json', transactionBundle(lowSodiumResources('pa')));
    execFileSync('mkfifo', [join(dir, 'Observation.ndjson')]);
    symlinkSync('/dev/null', join(dir, 'null.json'));
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(join(dir, 'socket.ndjson'), resolve));
    try {
      const run = await audit('--now', '2021-03-01', dir);
      expect(run.code).toBe(0);
      expect(run.findings.map((f) => f.patient)).toEqual(['Patient/pa']);
      expect(run.reads).toEqual([join(dir, 'a.json')]);
      for (const name of ['Observation.ndjson', 'null.json', 'socket.ndjson']) {
        expect(run.stderr).toContain(`${join(dir, name)}: is not a regular file (a FIFO, socket or device); skipped`);
      }
      const named = await audit('--now', '2021-03-01', join(dir, 'Observation.ndjson'), join(dir, 'a.json'));
      expect(named.code).toBe(1);
      expect(named.reads).toEqual([join(dir, 'a.json')]);
      expect(named.stderr).toBe(`clarify audit: ${join(dir, 'Observation.ndjson')}: is not a regular file or directory (a FIFO, socket or device); not read\n`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.skipIf(!hasMkfifo)('refuses a FIFO that took a file\'s place after the walk, without blocking on it', async () => {
    const { dir } = temp;
    execFileSync('mkfifo', [join(dir, 'x.json')]);
    const io = nodeIo({ stat: async () => ({ kind: 'file', identity: 'x' }) }); // the walk saw a file
    const run = await auditWith(io, [join(dir, 'x.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`clarify audit: ${join(dir, 'x.json')}: is not a regular file; not read\n`);
  });

  it('reports a directory it may not read and audits the rest', async () => {
    const { dir, write } = temp;
    write('a.json', transactionBundle(lowSodiumResources('pa')));
    mkdirSync(join(dir, 'locked'));
    const io = nodeIo({ readdir: async (p) => {
      if (p.endsWith('locked')) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      return (await import('node:fs/promises')).readdir(p);
    } });
    const run = await auditWith(io, ['--now', '2021-03-01', dir]);
    expect(run.code).toBe(1);
    expect(run.findings).toHaveLength(1);
    expect(run.stderr).toBe(`clarify audit: ${join(dir, 'locked')}: permission denied\n`);
  });
});

describe('clarify audit: input formats', () => {
  it('accepts a UTF-8 byte order mark before JSON and NDJSON', async () => {
    const file = temp.write('p1.json', `\uFEFF${JSON.stringify(transactionBundle(lowSodiumResources('p1')))}`);
    const json = await audit('--now', '2021-03-01', file);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    expect(json.findings.map((f) => f.patient)).toEqual(['Patient/p1']);

    const resources = bulk('p2');
    const ndjsonFile = temp.write('export.ndjson', `\uFEFF${ndjson(resources)}`);
    const lines = await audit('--now', '2021-03-01', ndjsonFile);
    expect(lines.code).toBe(0);
    expect(lines.stderr).toBe('');
    expect(lines.findings.map((f) => [f.patient, f.evidence])).toEqual([['Patient/p2', ['Observation/p2-na1', 'Observation/p2-na2']]]);
  });

  it('skips a Bulk Data export\'s log, manifest and OperationOutcome files, counting the issues reported and never printing them', async () => {
    const outcome = (n: number) => ({
      resourceType: 'OperationOutcome',
      issue: Array.from({ length: n }, () => ({ severity: 'error', code: 'processing', diagnostics: 'Patient/secret-77 MRN 12345 could not be exported' })),
    });
    temp.write('Patient.ndjson', ndjson(bulk('px').slice(0, 1)));
    temp.write('Observation.ndjson', ndjson(bulk('px').slice(1)));
    temp.write('log.ndjson', ndjson([{ eventId: 'kickoff', timestamp: 1, eventDetail: { exportUrl: 'https://x/$export' } }]));
    const errors = temp.write('OperationOutcome.ndjson', ndjson([outcome(2), outcome(1)]));
    const single = temp.write('outcome.json', outcome(1));
    temp.write('manifest.json', { transactionTime: '2021-04-01T00:00:00Z', request: 'https://x/$export', requiresAccessToken: true, output: [], error: [] });
    const run = await audit('--now', '2021-03-01', temp.dir);
    expect(run.code).toBe(0);
    expect(run.findings.map((f) => f.patient)).toEqual(['Patient/px']);
    expect(run.stderr).toContain(`${errors}: the export reported 3 issues (2 OperationOutcomes; not audited)`);
    expect(run.stderr).toContain(`${single}: the export reported 1 issues (1 OperationOutcome; not audited)`);
    expect(run.stderr).toContain('log.ndjson: a Bulk Data export log; skipped');
    expect(run.stderr).toContain('manifest.json: a Bulk Data export manifest; skipped');
    expect(run.stderr).not.toMatch(/secret|MRN|could not be exported/);
  });

  it('groups a transaction Bundle whose entries have no ids by their urn:uuid fullUrls', async () => {
    const patientUuid = '6c1a3e3a-1f2b-4a5e-9d1e-0f7a2b3c4d5e';
    const [na1, na2] = ['0b9e2c1a-0000-4000-8000-000000000001', '0b9e2c1a-0000-4000-8000-000000000002'];
    const anonymous = (resource: Resource) => {
      const { id: _, ...rest } = resource;
      return rest as Resource;
    };
    const [p, o1, o2] = lowSodiumResources('x');
    const bundle = {
      resourceType: 'Bundle', type: 'transaction',
      entry: [[p!, patientUuid], [o1!, na1], [o2!, na2]].map(([resource, uuid]) => ({
        fullUrl: `urn:uuid:${uuid as string}`,
        resource: { ...anonymous(resource as Resource), ...('subject' in (resource as object) ? { subject: { reference: `urn:uuid:${patientUuid}` } } : {}) },
        request: { method: 'POST', url: (resource as Resource).resourceType },
      })),
    };
    const run = await audit('--now', '2021-03-01', temp.write('synthea.json', bundle));
    expect(run.code).toBe(0);
    expect(run.findings.map((f) => [f.patient, f.ruleId, f.evidence])).toEqual([
      [`Patient/${patientUuid}`, 'electrolytes/hyponatremia', [`Observation/${na1}`, `Observation/${na2}`]],
    ]);
  });

  it('pools single-resource files with NDJSON lines by patient', async () => {
    const [p, na1, na2] = bulk('px');
    mkdirSync(join(temp.dir, 'resources'));
    temp.write('resources/Patient-px.json', p);
    temp.write('resources/Observation-1.json', na1);
    temp.write('Observation.ndjson', ndjson([na2]));
    // Another patient's single resources, in the same directory: pooled apart by patient.
    const [q, qa1, qa2] = bulk('py');
    temp.write('resources/Patient-py.json', q);
    temp.write('resources/Observation-2.json', qa1);
    temp.write('resources/Observation-3.json', qa2);
    const run = await audit('--now', '2021-03-01', temp.dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    // One low sodium alone fires nothing: px's finding needs the .json file and the NDJSON line together.
    expect(run.findings.map((f) => [f.patient, f.evidence])).toEqual([
      ['Patient/px', ['Observation/px-na1', 'Observation/px-na2']],
      ['Patient/py', ['Observation/py-na1', 'Observation/py-na2']],
    ]);
  });

  it('reads resources outside any patient compartment once and shares them with every patient', async () => {
    const medication: Medication = { resourceType: 'Medication', id: 'tolvaptan', code: { coding: [{ system: SYSTEM.RXNORM, code: '358258', display: 'tolvaptan' }], text: 'tolvaptan 15 MG Oral Tablet' } };
    const order = (patientId: string): MedicationRequest => ({
      resourceType: 'MedicationRequest', id: `${patientId}-order`, status: 'active', intent: 'order',
      medicationReference: { reference: 'Medication/tolvaptan' }, subject: { reference: `Patient/${patientId}` }, authoredOn: '2021-02-01T10:00:00Z',
    });
    const people = ['pa', 'pb'];
    temp.write('Patient.ndjson', ndjson(people.map((id) => patient({ id }))));
    temp.write('Observation.ndjson', ndjson(people.map((id) => ({ ...lab(LOINC.SODIUM_SERUM, 131, 'mmol/L', '2021-02-01T09:00:00Z', { id: `${id}-na` }), subject: { reference: `Patient/${id}` } }))));
    temp.write('MedicationRequest.ndjson', ndjson(people.map(order)));
    temp.write('Medication.ndjson', ndjson([medication, { resourceType: 'Organization', id: 'org' }]));
    const fromEntries = vi.spyOn(PatientRecord, 'fromEntries');
    const run = await audit('--now', '2021-03-01', temp.dir);
    expect(run.code).toBe(0);
    // One sodium with a vaptan order: both patients' findings need the shared Medication.
    expect(run.findings.map((f) => [f.patient, f.evidence])).toEqual(people.map((id) => [`Patient/${id}`, [`Observation/${id}-na`, `MedicationRequest/${id}-order`]]));
    expect(run.findings[0]!.summary).toContain('tolvaptan 15 MG Oral Tablet ordered or given');
    // The shared resources were read into one record, once; each patient's record refers to it.
    const calls = fromEntries.mock.calls.map(([entries, options]) => ({ types: [...entries].map((e) => (e.resource as Resource).resourceType), shared: options?.shared }));
    expect(calls.map((c) => c.types)).toEqual([['Medication', 'Organization'], ['MedicationRequest', 'Observation', 'Patient'], ['MedicationRequest', 'Observation', 'Patient']]);
    const shared = fromEntries.mock.results[0]!.value;
    expect(calls.map((c) => c.shared)).toEqual([undefined, shared, shared]);
  });
});
