import { describe, expect, it } from 'vitest';
import type { Binary, DiagnosticReport, DocumentReference, Resource } from 'fhir/r4';
import { PatientRecord } from '../../src/record/patient-record';
import { clinicalNotes, notesOfReview } from '../../src/notes/clinical-notes';
import { parseContentType } from '../../src/notes/attachments';
import { encounter, note, patient } from '../rules/support';
import { base64Text } from '../../mocks/fixtures/notes';

/** UTF-8 text as base64, or Latin-1 text (one byte per character: btoa's own). */
const base64 = (text: string, encoding: 'utf-8' | 'latin1' = 'utf-8') => (encoding === 'utf-8' ? base64Text(text) : btoa(text));
const recordOf = (...resources: Resource[]) => PatientRecord.fromResources([patient(), ...resources]);
const withContent = (document: DocumentReference, attachment: Record<string, unknown>): DocumentReference =>
  ({ ...document, content: [{ attachment: attachment as never }] });

describe('clinicalNotes', () => {
  it('reads a Synthea-style text/plain note with its kind, date and encounter', () => {
    const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-05T12:00:00Z');
    const progress = note('# Assessment and Plan\nHyponatremia, fluid restriction.', '2021-03-02T10:00:00Z', { id: 'n1', encounter: 'enc-1' });
    const [read] = clinicalNotes(recordOf(stay, progress));
    expect(read).toMatchObject({
      reference: 'DocumentReference/n1', title: 'Progress note', time: '2021-03-02T10:00:00Z', encounter: 'Encounter/enc-1',
      preliminary: false, text: '# Assessment and Plan\nHyponatremia, fluid restriction.',
    });
    expect(read!.notRead).toBeUndefined();
  });

  it.each([
    ['18842-5', 'Discharge summary'], ['34117-2', 'History and physical'], ['11488-4', 'Consult note'],
  ])('names a note of LOINC type %s "%s"', (type, title) => {
    expect(clinicalNotes(recordOf(note('Text.', '2021-03-02', { type })))[0]!.title).toBe(title);
  });

  it('turns text/html into text without rendering it: scripts, handlers and markup never reach the text', () => {
    const html = '<html><head><style>p{}</style></head><body><h2>Assessment</h2><p>Sepsis &amp; AKI</p><script>alert(1)</script><img src=x onerror="alert(2)"></body></html>';
    const [read] = clinicalNotes(recordOf(withContent(note('', '2021-03-02'), { contentType: 'text/html', data: base64(html) })));
    expect(read!.text).toContain('Assessment');
    expect(read!.text).toContain('Sepsis & AKI');
    expect(read!.text).not.toMatch(/<|alert|onerror|script/);
  });

  it('decodes the charset the content type names (ISO-8859-1), and UTF-8 by default', () => {
    const latin1 = withContent(note('', '2021-03-02', { id: 'l1' }), { contentType: 'text/plain; charset=ISO-8859-1', data: base64('Patient refuses café.', 'latin1') });
    const utf8 = note('Œdème des membres inférieurs — 2+.', '2021-03-02', { id: 'u1' });
    const notes = clinicalNotes(recordOf(latin1, utf8));
    expect(notes.find((n) => n.reference === 'DocumentReference/l1')!.text).toBe('Patient refuses café.');
    expect(notes.find((n) => n.reference === 'DocumentReference/u1')!.text).toBe('Œdème des membres inférieurs — 2+.');
  });

  it('removes control characters and terminal escapes but keeps line breaks; CRLF becomes LF', () => {
    const [read] = clinicalNotes(recordOf(note('Line one\r\nLine\u0007 two \u001b[31mred\u001b[0m\u202e', '2021-03-02')));
    expect(read!.text).toBe('Line one\nLine two red');
  });

  it('reads a text by url from a Binary of the record (relative Binary/id)', () => {
    const binary: Binary = { resourceType: 'Binary', id: 'b1', contentType: 'text/plain', data: base64('Acute kidney injury.') };
    const document = withContent(note('', '2021-03-02'), { contentType: 'text/plain', url: 'Binary/b1' });
    expect(clinicalNotes(recordOf(document, binary))[0]!.text).toBe('Acute kidney injury.');
  });

  it('reads an absolute url only through the exact url the loader read it at, never by its last Type/id', () => {
    const binary: Binary = { resourceType: 'Binary', id: 'b1', contentType: 'text/plain', data: base64('From our server.') };
    const ours = withContent(note('', '2021-03-02', { id: 'ours' }), { contentType: 'text/plain', url: 'https://ehr.example.org/fhir/Binary/b1' });
    const elsewhere = withContent(note('', '2021-03-02', { id: 'elsewhere' }), { contentType: 'text/plain', url: 'https://other.example.com/fhir/Binary/b1' });
    const record = PatientRecord.fromEntries([
      { resource: patient() }, { resource: ours }, { resource: elsewhere },
      { resource: binary, fullUrl: 'https://ehr.example.org/fhir/Binary/b1' },
    ]);
    const notes = clinicalNotes(record);
    expect(notes.find((n) => n.reference === 'DocumentReference/ours')!.text).toBe('From our server.');
    const other = notes.find((n) => n.reference === 'DocumentReference/elsewhere')!;
    expect(other.text).toBeUndefined();
    expect(other.notRead).toMatch(/own FHIR server/);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a PDF', { contentType: 'application/pdf', data: base64('%PDF-1.4') }, /application\/pdf is not read/],
    ['an image', { contentType: 'image/png', url: 'Binary/img' }, /image\/png is not read/],
    ['content that is not base64', { contentType: 'text/plain', data: '%%% not base64 %%%' }, /not valid base64/],
    ['a Binary the loader could not read', { contentType: 'text/plain', url: 'Binary/missing' }, /own FHIR server|could not be read/],
  ])('lists %s as not read, with why', (_what, attachment, why) => {
    const [read] = clinicalNotes(recordOf(withContent(note('', '2021-03-02'), attachment)));
    expect(read!.text).toBeUndefined();
    expect(read!.notRead).toMatch(why);
  });

  it('prefers the text of a note offered both as PDF and as text', () => {
    const document: DocumentReference = {
      ...note('', '2021-03-02'),
      content: [{ attachment: { contentType: 'application/pdf', data: base64('%PDF') } }, { attachment: { contentType: 'text/plain', data: base64('The text.') } }],
    };
    expect(clinicalNotes(recordOf(document))[0]!.text).toBe('The text.');
  });

  it('does not read a note over the per-note limit, and stops at the per-record limit, newest notes first', () => {
    const big = note('x'.repeat(2000), '2021-03-01', { id: 'big' });
    const older = note('y'.repeat(600), '2021-01-01', { id: 'older' });
    const newer = note('z'.repeat(600), '2021-02-01', { id: 'newer' });
    const notes = clinicalNotes(recordOf(big, older, newer), { maxNoteBytes: 1024, maxRecordBytes: 1000 });
    const byId = (id: string) => notes.find((n) => n.reference === `DocumentReference/${id}`)!;
    expect(byId('big').notRead).toMatch(/longer than the 1 KB Clarify reads of one note/);
    expect(byId('newer').text).toHaveLength(600);
    expect(byId('older').notRead).toMatch(/exceed the .* Clarify reads per record/);
  });

  it('leaves out notes entered in error and superseded ones, and marks preliminary ones', () => {
    const notes = clinicalNotes(recordOf(
      note('Wrong chart.', '2021-03-02', { id: 'err', status: 'entered-in-error' }),
      note('Old version.', '2021-03-02', { id: 'old', status: 'superseded' }),
      note('Draft.', '2021-03-02', { id: 'draft', docStatus: 'preliminary' }),
    ));
    expect(notes.map((n) => n.reference)).toEqual(['DocumentReference/draft']);
    expect(notes[0]!.preliminary).toBe(true);
  });

  it('reads a DiagnosticReport presentedForm as a note, and a report without one as none', () => {
    const report: DiagnosticReport = {
      resourceType: 'DiagnosticReport', id: 'cxr', status: 'final', code: { text: 'Chest X-ray' }, subject: { reference: 'Patient/pat-1' },
      effectiveDateTime: '2021-03-02T09:00:00Z', presentedForm: [{ contentType: 'text/plain', data: base64('Impression: right lower lobe pneumonia.') }],
    };
    const results: DiagnosticReport = { ...report, id: 'cbc', code: { text: 'CBC' }, presentedForm: undefined };
    const notes = clinicalNotes(recordOf(report, results));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ reference: 'DiagnosticReport/cxr', title: 'Chest X-ray report', text: 'Impression: right lower lobe pneumonia.' });
  });

  it('reads an STU3 DocumentReference (indexed, class, one context.encounter)', () => {
    const stu3 = {
      resourceType: 'DocumentReference', id: 'stu3', status: 'current', indexed: '2021-03-02T10:00:00Z',
      type: { coding: [{ system: 'http://loinc.org', code: '11506-3' }] }, subject: { reference: 'Patient/pat-1' },
      context: { encounter: { reference: 'Encounter/enc-1' } },
      content: [{ attachment: { contentType: 'text/plain', data: base64('STU3 note.') } }],
    };
    const [read] = clinicalNotes(recordOf(encounter('enc-1', '2021-03-01T08:00:00Z'), stu3 as unknown as Resource));
    expect(read).toMatchObject({ time: '2021-03-02T10:00:00Z', encounter: 'Encounter/enc-1', text: 'STU3 note.' });
  });

  it('keeps a note whose fields have the wrong types from crashing the reading', () => {
    const broken = { resourceType: 'DocumentReference', id: 'x', status: 7, date: 'yesterday', content: 'text', context: [] };
    expect(() => clinicalNotes(recordOf(broken as unknown as Resource))).not.toThrow();
    expect(clinicalNotes(recordOf(broken as unknown as Resource))[0]!.notRead).toBe('it has no content');
  });
});

describe('notesOfReview', () => {
  const stay = encounter('enc-1', '2021-03-01T08:00:00Z', '2021-03-05T12:00:00Z');
  const other = encounter('enc-2', '2021-03-03T08:00:00Z', '2021-03-03T09:00:00Z', 'AMB');
  const record = recordOf(stay, other,
    note('Of the stay.', '2021-03-02T10:00:00Z', { id: 'stay', encounter: 'enc-1' }),
    note('Of the clinic visit, same days.', '2021-03-03T08:30:00Z', { id: 'visit', encounter: 'enc-2' }),
    note('No encounter named.', '2021-03-04T08:30:00Z', { id: 'loose' }),
    note('Last year.', '2020-03-04T08:30:00Z', { id: 'old' }));
  const window = { startMs: Date.parse('2021-03-01T08:00:00Z'), endMs: Date.parse('2021-03-05T12:00:00Z') };

  it('in an encounter: its own notes and notes naming no encounter written during it, newest first', () => {
    expect(notesOfReview(record, { ...window, encounter: 'Encounter/enc-1' }).map((n) => n.reference)).toEqual(['DocumentReference/loose', 'DocumentReference/stay']);
  });

  it('without an encounter: every note written in the window', () => {
    expect(notesOfReview(record, window).map((n) => n.reference)).toEqual(['DocumentReference/loose', 'DocumentReference/visit', 'DocumentReference/stay']);
  });
});

describe('parseContentType', () => {
  it.each([
    ['text/plain', { mediaType: 'text/plain', charset: undefined }],
    ['Text/HTML; Charset="UTF-8"', { mediaType: 'text/html', charset: 'utf-8' }],
    ['text/plain;format=flowed; charset=iso-8859-1', { mediaType: 'text/plain', charset: 'iso-8859-1' }],
    [undefined, {}],
  ])('reads %s', (value, expected) => {
    expect(parseContentType(value)).toEqual(expected);
  });
});
