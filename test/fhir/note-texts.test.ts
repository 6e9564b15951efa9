/**
 * The note texts the record loader keeps (src/fhir/note-texts.ts, through loadPatientRecord): inline texts
 * within the limits, the Binaries notes link to on the FHIR server itself, and never anything elsewhere.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { Binary, DiagnosticReport, DocumentReference, FhirResource as Resource, Patient } from 'fhir/r4';
import { createFhirGateway } from '../../src/fhir/gateway';
import { loadPatientRecord, type LoadOptions, type LoadProgress } from '../../src/fhir/load-patient-record';
import { binaryIdOf, readNoteTexts } from '../../src/fhir/note-texts';
import { decodedSize, isReadableNoteType } from '../../src/notes/attachments';
import { launchScopes } from '../../src/fhir/scopes';
import { permissionsFrom } from '../../src/fhir/permissions';
import { NOT_GRANTED } from '../../src/messages';
import { NOTE_LIMITS } from '../../src/notes/limits';
import { PatientRecord } from '../../src/record/patient-record';
import { createTestEhr, mockServer, TEST_FHIR_BASE } from '../../mocks/node';
import { FhirStore } from '../../mocks/fhir-store';
import { issueAccessToken } from '../support/tokens';

const own = { reference: 'Patient/p1' };
const text = (words: string) => btoa(words);

function note(id: string, attachment: DocumentReference['content'][number]['attachment'], date = '2024-01-01T10:00:00Z'): DocumentReference {
  return { resourceType: 'DocumentReference', id, status: 'current', subject: own, date, content: [{ attachment }] };
}

function binary(id: string, words: string, contentType = 'text/plain', patient = 'p1'): Binary {
  return { resourceType: 'Binary', id, contentType, securityContext: { reference: `Patient/${patient}` }, data: text(words) };
}

/** Every request the test sends, as URLs. */
const seen: string[] = [];
const record = ({ request }: { request: Request }) => void seen.push(request.url);
afterEach(() => {
  mockServer.events.removeListener('request:start', record);
  seen.length = 0;
});

async function load(resources: Resource[], options: Partial<LoadOptions> & { scope?: string; handlers?: HttpHandler[] } = {}) {
  const store = new FhirStore([{ resourceType: 'Patient', id: 'p1' } as Patient, { resourceType: 'Patient', id: 'p2' } as Patient, ...resources]);
  mockServer.use(...createTestEhr({ store }).handlers, ...(options.handlers ?? []));
  const token = await issueAccessToken(options.scope ?? launchScopes('ehr'), { patient: 'p1' });
  mockServer.events.on('request:start', record);
  const gateway = createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => `Bearer ${token}`, sleep: async () => {} });
  const loaded = await loadPatientRecord(gateway, { patientId: 'p1', ...options });
  return { loaded, store };
}

const binaryRequests = () => seen.filter((url) => new URL(url).pathname.includes('/Binary'));
const find = <T extends { id?: string }>(resources: ReadonlyArray<{ id?: string }>, id: string) => resources.find((r) => r.id === id) as T;
const part = (loaded: { parts: Array<{ type: string; status: unknown }> }) => loaded.parts.find((p) => p.type === 'Binary')!;

describe('the notes the loader keeps', () => {
  it('keeps an inline text/plain or text/html note, its content type compared without case or parameters', async () => {
    const { loaded } = await load([
      note('plain', { contentType: 'text/plain; charset=utf-8', data: text('Assessment: stable.') }),
      note('html', { contentType: 'Text/HTML;charset=UTF-8', data: text('<p>Assessment</p>') }),
      note('untyped', { data: text('no type stated') }),
    ]);
    for (const id of ['plain', 'html', 'untyped']) expect(find<DocumentReference>(loaded.resources, id).content[0]!.attachment.data).toBeDefined();
    expect(part(loaded)).toEqual({ type: 'Binary', label: 'Note texts', status: { state: 'loaded', count: 0 } });
    expect(loaded.withheldNotes).toEqual([]);
    expect(binaryRequests()).toEqual([]);
  });

  it('drops the data of a PDF (or any unread type), keeping the rest of the attachment', async () => {
    const { loaded } = await load([
      note('pdf', { contentType: 'APPLICATION/PDF; name=echo.pdf', data: text('%PDF-1.4 ...'), title: 'Echo' }),
      note('image', { contentType: 'image/png', url: 'Binary/img-1' }),
    ]);
    expect(find<DocumentReference>(loaded.resources, 'pdf').content[0]!.attachment).toEqual({ contentType: 'APPLICATION/PDF; name=echo.pdf', title: 'Echo' });
    // Not a readable type: a link to it is not followed either.
    expect(binaryRequests()).toEqual([]);
    expect(part(loaded).status).toEqual({ state: 'loaded', count: 0 });
  });

  it('drops an inline note over the per-note limit (512 KB), in a copy, and says so', async () => {
    const big = 'x'.repeat(NOTE_LIMITS.maxNoteBytes + 1);
    const { loaded } = await load([note('big', { contentType: 'text/plain', data: btoa(big) }), note('small', { contentType: 'text/plain', data: text('ok') })]);
    const kept = find<DocumentReference>(loaded.resources, 'big');
    expect(kept.content[0]!.attachment).toEqual({ contentType: 'text/plain' });
    expect(find<DocumentReference>(loaded.resources, 'small').content[0]!.attachment.data).toBe(text('ok'));
    expect(part(loaded).status).toEqual({ state: 'partial', count: 0, reason: '1 over the 512 KB limit per note' });
    expect(loaded.withheldNotes).toEqual([{ resource: kept, index: 0, reason: 'over-note-limit' }]);
  });

  it('stops keeping note text at the per-record limit, the newest notes first', async () => {
    const { loaded } = await load([
      note('old', { contentType: 'text/plain', data: text('0123456789') }, '2020-01-01'),
      note('new', { contentType: 'text/plain', data: text('0123456789') }, '2024-01-01'),
      note('newer-by-link', { contentType: 'text/plain', url: 'Binary/b1' }, '2025-01-01'),
      binary('b1', '01234'),
    ], { noteLimits: { maxRecordBytes: 16 } });
    // The linked note is the newest: kept first (5 bytes), then the 2024 note (10), and the 2020 one is one too many.
    expect(find<Binary>(loaded.resources, 'b1').data).toBeDefined();
    expect(find<DocumentReference>(loaded.resources, 'new').content[0]!.attachment.data).toBeDefined();
    expect(find<DocumentReference>(loaded.resources, 'old').content[0]!.attachment).toEqual({ contentType: 'text/plain' });
    expect(part(loaded).status).toEqual({ state: 'partial', count: 1, reason: '1 past the 16-byte limit per record' });
    expect(loaded.withheldNotes.map((w) => [w.resource.id, w.reason])).toEqual([['old', 'over-record-limit']]);
  });

  it('keeps a newer linked note before older inline ones when the per-record limit is reached', async () => {
    const { loaded } = await load([
      note('inline', { contentType: 'text/plain', data: text('0123456789') }, '2020-01-01'),
      note('linked', { contentType: 'text/plain', url: 'Binary/b1' }, '2025-01-01'),
      binary('b1', '0123456789'),
    ], { noteLimits: { maxRecordBytes: 12 } });
    expect(find<Binary>(loaded.resources, 'b1').data).toBe(text('0123456789'));
    expect(find<DocumentReference>(loaded.resources, 'inline').content[0]!.attachment.data).toBeUndefined();
    expect(loaded.withheldNotes.map((w) => [w.resource.id, w.reason])).toEqual([['inline', 'over-record-limit']]);
  });

  it('reads a note linked as Binary/<id> with the session\'s gateway and returns the Binary', async () => {
    const { loaded } = await load([note('linked', { contentType: 'text/plain', url: 'Binary/b1' }), binary('b1', 'Discharge summary text')]);
    expect(binaryRequests()).toEqual([`${TEST_FHIR_BASE}/Binary/b1`]);
    const read = find<Binary>(loaded.resources, 'b1');
    expect(read).toMatchObject({ resourceType: 'Binary', contentType: 'text/plain', data: text('Discharge summary text') });
    expect(loaded.fullUrls.size).toBe(0);
    expect(part(loaded).status).toEqual({ state: 'loaded', count: 1 });
    expect(loaded.resources.filter((r) => r.resourceType === 'Binary')).toHaveLength(1);
  });

  it('reads a note linked by an absolute url on the FHIR server itself, and gives the Binary that url as its fullUrl', async () => {
    const url = `${TEST_FHIR_BASE}/Binary/b2`;
    const { loaded } = await load([
      note('absolute', { contentType: 'text/plain', url }),
      { resourceType: 'DiagnosticReport', id: 'r1', status: 'final', code: { text: 'CT' }, subject: own, presentedForm: [{ contentType: 'text/plain', url: 'Binary/b3' }] } as DiagnosticReport,
      binary('b2', 'Progress note'), binary('b3', 'Impression: normal.'),
    ]);
    expect(binaryRequests().sort()).toEqual([`${TEST_FHIR_BASE}/Binary/b2`, `${TEST_FHIR_BASE}/Binary/b3`]);
    const b2 = find<Binary>(loaded.resources, 'b2');
    expect(loaded.fullUrls.get(b2)).toBe(url);
    expect([...loaded.fullUrls.values()]).toEqual([url]);
    const patientRecord = PatientRecord.fromEntries(loaded.resources.map((resource) => ({ resource, fullUrl: loaded.fullUrls.get(resource) })));
    expect(patientRecord.resolve({ reference: url })?.id).toBe('b2');
  });

  it('never fetches a url on another host, another path, a look-alike host, or any other scheme or relative path', async () => {
    const urls = [
      'https://records.example.org/fhir/Binary/x1',
      'http://ehr.test.evil.org/fhir/Binary/x2',
      'http://ehr.test@evil.org/fhir/Binary/x3',
      'http://ehr.test/other/Binary/x4',
      'http://ehr.test/fhir/../other/Binary/x5',
      'http://ehr.test/fhir/Binary/x6/_history/1',
      'http://ehr.test/fhir/Binary/x7?_format=json',
      'https://ehr.test/fhir/Binary/x8',
      'http://ehr.test:8080/fhir/Binary/x9',
      'data:text/plain;base64,aGk=',
      'javascript:alert(1)',
      '/fhir/Binary/x10',
      '../Binary/x11',
      'Binary/x12/_history/2',
      'Binary/..',
      'DocumentReference/d1',
    ];
    const { loaded } = await load(urls.map((url, i) => note(`n${i}`, { contentType: 'text/plain', url })));
    expect(seen.filter((url) => !url.startsWith(`${TEST_FHIR_BASE}/`))).toEqual([]);
    expect(binaryRequests()).toEqual([]);
    expect(part(loaded).status).toEqual({ state: 'loaded', count: 0 });
  });

  it('marks the part partial when Binaries are missing, refused or failing, and finishes the load', async () => {
    const { loaded } = await load([
      note('ok', { contentType: 'text/plain', url: 'Binary/b1' }),
      note('missing', { contentType: 'text/plain', url: 'Binary/gone' }),
      note('broken', { contentType: 'text/plain', url: 'Binary/broken' }),
      note('other-patient', { contentType: 'text/plain', url: 'Binary/theirs' }),
      binary('b1', 'fine'), binary('theirs', 'another patient\'s note', 'text/plain', 'p2'),
    ], { handlers: [http.get(`${TEST_FHIR_BASE}/Binary/broken`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] }, { status: 500 }))] });
    expect(binaryRequests()).toHaveLength(4);
    expect(part(loaded).status).toEqual({ state: 'partial', count: 1, reason: '3 of 4 note texts could not be read' });
    expect(loaded.resources.map((r) => r.id)).not.toContain('theirs');
    expect(loaded.withheldNotes.map((w) => [w.resource.id, w.reason]).sort()).toEqual([['broken', 'failed'], ['missing', 'failed'], ['other-patient', 'failed']]);
    expect(loaded.parts.filter((p) => p.type !== 'Binary').every((p) => p.status.state === 'loaded')).toBe(true);
  });

  it('retries a Binary the server cannot serve for now, then gives it up without failing the load', async () => {
    let asked = 0;
    const resources = [note('flaky', { contentType: 'text/plain', url: 'Binary/b1' }), binary('b1', 'text')];
    const store = new FhirStore([{ resourceType: 'Patient', id: 'p1' } as Patient, ...resources]);
    mockServer.use(...createTestEhr({ store }).handlers);
    mockServer.use(
      http.get(`${TEST_FHIR_BASE}/Binary/:id`, () => {
        asked++;
        return HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] }, { status: 503 });
      }),
    );
    const token = await issueAccessToken(launchScopes('ehr'), { patient: 'p1' });
    const gateway = createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => `Bearer ${token}`, sleep: async () => {} });
    const loaded = await loadPatientRecord(gateway, { patientId: 'p1' });
    expect(asked).toBe(4);
    expect(part(loaded).status).toEqual({ state: 'partial', count: 0, reason: '1 of 1 note text could not be read' });
  });

  it('asks for no Binary when the session was not granted Binary, and says the part was not granted', async () => {
    const scope = launchScopes('ehr').split(' ').filter((s) => !s.startsWith('patient/Binary.')).join(' ');
    const { loaded } = await load([note('linked', { contentType: 'text/plain', url: 'Binary/b1' }), binary('b1', 'text')],
      { scope, permissions: permissionsFrom(scope.split(' ')) });
    expect(binaryRequests()).toEqual([]);
    expect(part(loaded).status).toEqual({ state: 'unavailable', reason: NOT_GRANTED });
    expect(loaded.withheldNotes.map((w) => [w.resource.id, w.reason])).toEqual([['linked', 'not-granted']]);
  });

  it('asks for at most the limit of linked Binaries per record, newest notes first, each once', async () => {
    const { loaded } = await load([
      note('n1', { contentType: 'text/plain', url: 'Binary/b1' }, '2021-01-01'),
      note('n2', { contentType: 'text/plain', url: 'Binary/b2' }, '2023-01-01'),
      note('n3', { contentType: 'text/plain', url: `${TEST_FHIR_BASE}/Binary/b2` }, '2022-01-01'),
      note('n4', { contentType: 'text/plain', url: 'Binary/b3' }, '2024-01-01'),
      binary('b1', 'one'), binary('b2', 'two'), binary('b3', 'three'),
    ], { noteLimits: { maxFetchedNotes: 2 } });
    expect(binaryRequests().sort()).toEqual([`${TEST_FHIR_BASE}/Binary/b2`, `${TEST_FHIR_BASE}/Binary/b3`]);
    expect(part(loaded).status).toEqual({ state: 'partial', count: 2, reason: '1 note text not asked for, past the 2 read by link per record' });
    expect(loaded.withheldNotes.map((w) => [w.resource.id, w.reason])).toEqual([['n1', 'not-requested']]);
    // b2, linked twice, is read once; its fullUrl is the absolute link's.
    expect(loaded.fullUrls.get(find(loaded.resources, 'b2'))).toBe(`${TEST_FHIR_BASE}/Binary/b2`);
  });

  it('does not keep a linked Binary over the per-note limit, nor ask for one whose attachment states a size over it', async () => {
    const { loaded } = await load([
      note('long', { contentType: 'text/plain', url: 'Binary/b-long' }),
      note('stated', { contentType: 'text/plain', url: 'Binary/b-stated', size: 1000 }),
      binary('b-long', 'x'.repeat(200)), binary('b-stated', 'short'),
    ], { noteLimits: { maxNoteBytes: 100 } });
    expect(binaryRequests()).toEqual([`${TEST_FHIR_BASE}/Binary/b-long`]);
    const long = find<Binary>(loaded.resources, 'b-long');
    expect(long).toMatchObject({ resourceType: 'Binary', id: 'b-long', contentType: 'text/plain' });
    expect(long.data).toBeUndefined();
    expect(part(loaded).status).toEqual({ state: 'partial', count: 1, reason: '2 over the 100-byte limit per note' });
    expect(loaded.withheldNotes.map((w) => [w.resource.id, w.reason]).sort()).toEqual([['long', 'over-note-limit'], ['stated', 'over-note-limit']]);
  });

  it('drops the data of a linked Binary whose own type is not read', async () => {
    const { loaded } = await load([note('said-text', { contentType: 'text/plain', url: 'Binary/pdf' }), binary('pdf', '%PDF', 'application/pdf')]);
    expect(find<Binary>(loaded.resources, 'pdf')).toEqual(expect.not.objectContaining({ data: expect.anything() }));
    expect(part(loaded).status).toEqual({ state: 'loaded', count: 1 });
  });

  it('reports the note texts as read in the progress, and the part from the start', async () => {
    const seenProgress: LoadProgress[] = [];
    const { loaded } = await load([note('linked', { contentType: 'text/plain', url: 'Binary/b1' }), binary('b1', 'text')], { onProgress: (p) => seenProgress.push(p) });
    expect(seenProgress[0]!.parts.map((p) => p.type)).toContain('Binary');
    const last = seenProgress.at(-1)!;
    expect(last.partsDone).toBe(last.partsTotal);
    expect(last.resourcesLoaded).toBe(loaded.resources.length);
  });

  it('stops when aborted while the note texts are read', async () => {
    const controller = new AbortController();
    const resources = [note('linked', { contentType: 'text/plain', url: 'Binary/b1' }), binary('b1', 'text')];
    const store = new FhirStore([{ resourceType: 'Patient', id: 'p1' } as Patient, ...resources]);
    mockServer.use(...createTestEhr({ store }).handlers);
    mockServer.use(http.get(`${TEST_FHIR_BASE}/Binary/:id`, async () => {
      controller.abort();
      await new Promise((resolve) => setTimeout(resolve, 50));
      return undefined;
    }));
    const token = await issueAccessToken(launchScopes('ehr'), { patient: 'p1' });
    const gateway = createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => `Bearer ${token}`, sleep: async () => {} });
    await expect(loadPatientRecord(gateway, { patientId: 'p1', signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('stops everything when the session expires while a Binary is read', async () => {
    const resources = [note('linked', { contentType: 'text/plain', url: 'Binary/b1' }), binary('b1', 'text')];
    const store = new FhirStore([{ resourceType: 'Patient', id: 'p1' } as Patient, ...resources]);
    mockServer.use(...createTestEhr({ store, faults: { types: { Binary: { status: 401 } } } }).handlers);
    const token = await issueAccessToken(launchScopes('ehr'), { patient: 'p1' });
    const gateway = createFhirGateway({ baseUrl: TEST_FHIR_BASE, authorization: async () => `Bearer ${token}`, sleep: async () => {} });
    await expect(loadPatientRecord(gateway, { patientId: 'p1' })).rejects.toMatchObject({ kind: 'unauthorized' });
  });
});

describe('readNoteTexts', () => {
  const gateway = { baseUrl: 'https://ehr.example.com/fhir' } as Parameters<typeof readNoteTexts>[0];
  const options = { signal: new AbortController().signal, binaryAccess: 'allowed' as const, isFatal: () => false };

  it('never changes the resources it is given: data is dropped in copies', async () => {
    const deepFreeze = <T>(value: T): T => {
      if (value && typeof value === 'object') for (const v of Object.values(value)) deepFreeze(v);
      return Object.freeze(value);
    };
    const pdf = deepFreeze(note('pdf', { contentType: 'application/pdf', data: text('%PDF') }));
    const plain = deepFreeze(note('plain', { contentType: 'text/plain', data: text('kept') }));
    const report = deepFreeze({ resourceType: 'DiagnosticReport', id: 'r', status: 'final', code: {}, presentedForm: [{ contentType: 'image/png', data: 'iVBO' }, { contentType: 'text/plain', data: text('impression') }] } as DiagnosticReport);
    const result = await readNoteTexts(gateway, [pdf, plain], [report], options);
    expect(result.documents[1]).toBe(plain);
    expect(result.documents[0]).not.toBe(pdf);
    expect((result.documents[0] as DocumentReference).content[0]!.attachment).toEqual({ contentType: 'application/pdf' });
    expect((result.reports[0] as DiagnosticReport).presentedForm).toEqual([{ contentType: 'image/png' }, { contentType: 'text/plain', data: text('impression') }]);
    expect(pdf.content[0]!.attachment.data).toBe(text('%PDF'));
  });
});

describe('which urls are the FHIR server\'s own Binaries', () => {
  const base = 'https://ehr.example.com/fhir/r4';
  it.each([
    ['Binary/abc-1.2', { id: 'abc-1.2', absolute: false }],
    ['https://ehr.example.com/fhir/r4/Binary/abc', { id: 'abc', absolute: true }],
    ['HTTPS://EHR.EXAMPLE.COM:443/fhir/r4/Binary/abc', { id: 'abc', absolute: true }],
    ['https://ehr.example.com/fhir/r4/Binary/a%2Db', { id: 'a-b', absolute: true }],
  ])('%s names a Binary of the server', (url, expected) => {
    expect(binaryIdOf(url, base)).toEqual(expected);
  });

  it.each([
    'https://ehr.example.com.evil.org/fhir/r4/Binary/abc',
    'https://evil.org/ehr.example.com/fhir/r4/Binary/abc',
    'https://user:pw@ehr.example.com/fhir/r4/Binary/abc',
    'http://ehr.example.com/fhir/r4/Binary/abc',
    'https://ehr.example.com:8443/fhir/r4/Binary/abc',
    'https://ehr.example.com/fhir/Binary/abc',
    'https://ehr.example.com/fhir/r4x/Binary/abc',
    'https://ehr.example.com/fhir/r4/binary/abc',
    'https://ehr.example.com/fhir/r4/Binary/abc/_history/1',
    'https://ehr.example.com/fhir/r4/Binary/abc?x=1',
    'https://ehr.example.com/fhir/r4/Binary/abc#top',
    'https://ehr.example.com/fhir/r4/Binary/%2E%2E',
    'https://ehr.example.com/fhir/r4/Binary/a%2Fb',
    'https://ehr.example.com/fhir/r4/Binary/',
    '//ehr.example.com/fhir/r4/Binary/abc',
    '/fhir/r4/Binary/abc',
    'Binary/..',
    'Binary/a/b',
    'Binary/',
    './Binary/abc',
    'urn:uuid:5f2e6c1a-4b1d-4a8e-9d2c-1f0e2d3c4b5a',
    'data:text/plain;base64,aGk=',
    'javascript:alert(1)',
    42,
    undefined,
  ])('%s is not', (url) => {
    expect(binaryIdOf(url, base)).toBeUndefined();
  });

  it('reads content types by their media type, and base64 sizes as decoded bytes', () => {
    expect(['text/plain', 'TEXT/PLAIN; charset=ISO-8859-1', ' text/html ', undefined, ''].map(isReadableNoteType)).toEqual([true, true, true, true, true]);
    expect(['application/pdf', 'text/xml', 'image/png', 'text/plain-ish', 'text/rtf'].map(isReadableNoteType)).toEqual([false, false, false, false, false]);
    expect([btoa(''), btoa('a'), btoa('ab'), btoa('abc'), btoa('abcd')].map(decodedSize)).toEqual([0, 1, 2, 3, 4]);
  });
});
