/**
 * `npm run bench`: speed and memory figures (never asserted in tests).
 * 1. Loading the largest mock-EHR patient over a simulated 100 ms round trip: Clarify's loader
 *    (parallel, _count=1000) against the naive way (one type after another, server default page size).
 * 2. PatientRecord build time and memory for the largest Synthea bundle in ../shared/data/synthea.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setupServer } from 'msw/node';
import type { Bundle } from 'fhir/r4';
import { createMockEhr } from '../../mocks/mock-ehr';
import { patientBundles } from '../../mocks/fixtures';
import { createFhirGateway, type FhirGateway } from '../../src/fhir/gateway';
import { loadPatientRecord } from '../../src/fhir/load-patient-record';
import { RECORD_SEARCHES } from '../../src/fhir/record-types';
import { launchScopes } from '../../src/fhir/scopes';
import { PatientRecord } from '../../src/record/patient-record';
import { pkceChallenge } from '../../mocks/crypto';
import { sealLaunchContext } from '../../mocks/smart-auth';

const BASE = 'http://ehr.bench/fhir';
const APP = 'http://app.bench/';
const ROUND_TRIP_MS = 100;

async function accessToken(patient: string): Promise<string> {
  const verifier = 'bench-verifier-0123456789-0123456789-0123456789';
  const launch = await sealLaunchContext({ user: 'Practitioner/cdi-technician-1', patient, needPatientBanner: true });
  const params = new URLSearchParams({
    response_type: 'code', client_id: 'clarify', redirect_uri: APP, launch, scope: launchScopes('ehr'), state: 's',
    aud: BASE, code_challenge: await pkceChallenge(verifier), code_challenge_method: 'S256',
  });
  const redirect = await fetch(`${BASE}/auth/authorize?${params}`, { redirect: 'manual' });
  const code = new URL(redirect.headers.get('Location')!).searchParams.get('code')!;
  const response = await fetch(`${BASE}/auth/token`, {
    method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: APP, client_id: 'clarify', code_verifier: verifier }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The naive loader: each type in turn, the server's default page size, references read one by one. */
async function naiveLoad(gateway: FhirGateway, patientId: string): Promise<number> {
  let count = 1;
  await gateway.read(`Patient/${patientId}`);
  const found: Array<{ resourceType: string; medicationReference?: { reference?: string }; participant?: Array<{ individual?: { reference?: string } }> }> = [];
  for (const spec of RECORD_SEARCHES) {
    const resources = await gateway.search(spec.type, { patient: patientId, ...spec.params });
    found.push(...(resources as typeof found));
    count += resources.length;
  }
  const references = new Set<string>();
  for (const r of found) {
    if (r.medicationReference?.reference) references.add(r.medicationReference.reference);
    for (const p of r.participant ?? []) if (p.individual?.reference) references.add(p.individual.reference);
  }
  for (const reference of references) {
    await gateway.read(reference);
    count++;
  }
  return count;
}

function largestFixture(): { id: string; name: string; size: number } {
  const sized = patientBundles.map((bundle) => {
    const patient = bundle.entry!.find((e) => e.resource?.resourceType === 'Patient')!.resource as { id: string; name?: Array<{ given?: string[]; family?: string }> };
    return { id: patient.id, name: `${patient.name?.[0]?.given?.[0]} ${patient.name?.[0]?.family}`, size: bundle.entry!.length };
  });
  return sized.sort((a, b) => b.size - a.size)[0]!;
}

async function benchLoading() {
  const server = setupServer(...createMockEhr({ fhirBaseUrl: BASE, redirectUris: [APP], faults: { latencyMs: ROUND_TRIP_MS } }).handlers);
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const patient = largestFixture();
    const token = await accessToken(patient.id);
    let requests = 0;
    server.events.on('request:start', () => void requests++);
    const gateway = createFhirGateway({ baseUrl: BASE, authorization: async () => `Bearer ${token}` });

    requests = 0;
    let start = performance.now();
    const loaded = await loadPatientRecord(gateway, { patientId: patient.id });
    const clarifyMs = performance.now() - start;
    const clarifyRequests = requests;

    requests = 0;
    start = performance.now();
    const naiveCount = await naiveLoad(gateway, patient.id);
    const naiveMs = performance.now() - start;
    const naiveRequests = requests;

    console.log(`\n## Loading a record over a simulated ${ROUND_TRIP_MS} ms round trip (mock EHR, server page size at most 50)`);
    console.log(`patient: ${patient.name}, ${patient.size} resources in the fixture`);
    console.log('| approach | resources | requests | time |');
    console.log('|---|---|---|---|');
    console.log(`| Clarify: parallel searches (6 requests in flight), _count=1000 | ${loaded.resources.length} | ${clarifyRequests} | ${(clarifyMs / 1000).toFixed(2)} s |`);
    console.log(`| naive: one type after another, default page size | ${naiveCount} | ${naiveRequests} | ${(naiveMs / 1000).toFixed(2)} s |`);
    console.log(`speed-up: ${(naiveMs / clarifyMs).toFixed(1)}×`);
  } finally {
    server.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function benchRecordBuild() {
  const dir = resolve(import.meta.dirname ?? '.', '../../../shared/data/synthea');
  const folder = [resolve(process.cwd(), '../shared/data/synthea'), dir].find((d) => existsSync(d));
  console.log('\n## PatientRecord build (largest Synthea bundle in ../shared/data/synthea)');
  if (!folder) {
    console.log('skipped: ../shared/data/synthea is not present on this machine');
    return;
  }
  const files = readdirSync(folder).filter((f) => f.endsWith('.json') && !/Information/.test(f));
  const largest = files.map((f) => ({ f, size: statSync(join(folder, f)).size })).sort((a, b) => b.size - a.size)[0]!;
  const text = readFileSync(join(folder, largest.f), 'utf8');
  const parseTimes: number[] = [];
  const buildTimes: number[] = [];
  let bundle: Bundle | undefined;
  for (let i = 0; i < 15; i++) {
    let start = performance.now();
    bundle = JSON.parse(text) as Bundle;
    parseTimes.push(performance.now() - start);
    start = performance.now();
    PatientRecord.fromBundle(bundle);
    buildTimes.push(performance.now() - start);
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  const copies = 20;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const records = Array.from({ length: copies }, () => PatientRecord.fromBundle(bundle));
  const afterBuild = process.memoryUsage().heapUsed;
  gc?.();
  const retained = (process.memoryUsage().heapUsed - before) / copies;
  const record = records[0]!;
  console.log(`bundle: ${largest.f.replace(/_[0-9a-f-]{36}\.json$/, '')}, ${(largest.size / 1e6).toFixed(2)} MB, ${record.size} resources`);
  console.log('| measure | value |');
  console.log('|---|---|');
  console.log(`| JSON.parse (median of 15) | ${median(parseTimes).toFixed(1)} ms |`);
  console.log(`| PatientRecord.fromBundle (median of 15) | ${median(buildTimes).toFixed(1)} ms |`);
  console.log(`| heap allocated per build (${copies} builds) | ${((afterBuild - before) / copies / 1e6).toFixed(2)} MB |`);
  console.log(`| heap retained per record, beyond the parsed JSON (after GC${gc ? '' : ': unavailable, run node with --expose-gc'}) | ${(retained / 1e6).toFixed(2)} MB |`);
  console.log(`| process peak RSS | ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB |`);
  void records.length;
}

await benchLoading();
benchRecordBuild();
