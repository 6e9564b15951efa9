/**
 * The mock EHR's clinical notes (mocks/fixtures/notes.ts): Synthea-style notes for every clinical encounter,
 * served as DocumentReferences with their text, the Binary read under its scope, the dates moved with the
 * live dates and never written in the text, and the named scenarios as mocks/fixtures/README.md describes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Binary, Bundle, Condition, DocumentReference, Encounter, Observation, Patient, Resource } from 'fhir/r4';
import { seedResources } from '../../mocks/fixtures';
import { liveDatesWithPlan, patientOf, STAYS_IN_PROGRESS } from '../../mocks/fixtures/live-dates';
import {
  HEART_FAILURE_STAY, HOSTILE_HTML_NOTE, NOTE_SCENARIOS, NOTE_TYPES, OUTSIDE_NOTE_URL, PNEUMONIA_STAY, textOfBase64,
} from '../../mocks/fixtures/notes';
import { createTestEhr, mockServer, TEST_FHIR_BASE } from '../../mocks/node';
import { launchScopes } from '../../src/fhir/scopes';
import { isAdministrativeEncounter } from '../../src/terminology/encounters';
import { SYSTEM } from '../../src/terminology/systems';
import { issueAccessToken } from '../support/tokens';
import { fhirClient } from './fhir-client';

const NOW = new Date('2026-12-03T16:49:35.123Z');
let seed: Resource[];
let notes: DocumentReference[];

beforeAll(() => {
  seed = seedResources();
  notes = seed.filter((r): r is DocumentReference => r.resourceType === 'DocumentReference');
});

const patientNamed = (family: string) => seed.find((r): r is Patient => r.resourceType === 'Patient' && (r as Patient).name?.[0]?.family === family)!;
const byId = <T extends Resource>(id: string) => seed.find((r) => r.id === id) as T;
const noteText = (note: DocumentReference) => {
  const data = note.content[0]!.attachment.data;
  return data === undefined ? undefined : textOfBase64(data);
};
const notesOf = (encounterId: string) => notes.filter((n) => n.context?.encounter?.some((e) => e.reference === `Encounter/${encounterId}`));
const typeOf = (note: DocumentReference) => note.type?.coding?.[0]?.code;
const ms = (value: string | undefined) => Date.parse(value ?? '');

describe('the mock EHR\'s clinical notes', () => {
  it('writes US Core clinical notes, text/plain in Synthea\'s sections, for every clinical encounter', () => {
    const encounters = seed.filter((r): r is Encounter => r.resourceType === 'Encounter');
    for (const encounter of encounters) {
      const own = notesOf(encounter.id!);
      if (isAdministrativeEncounter(encounter)) expect(own).toEqual([]);
      else expect(own.length, `Encounter/${encounter.id}`).toBeGreaterThan(0);
    }
    const generated = notes.filter((n) => n.id!.startsWith('note-'));
    expect(generated.length).toBeGreaterThan(300);
    for (const note of generated) {
      expect(note).toMatchObject({
        status: 'current',
        category: [{ coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category', code: 'clinical-note' }] }],
        subject: { reference: expect.stringMatching(/^Patient\//) },
        content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: expect.any(String) } }],
      });
      expect(note.type?.coding?.[0]?.system).toBe(SYSTEM.LOINC);
      expect(['34117-2', '11506-3', '18842-5']).toContain(typeOf(note));
      expect(note.author?.[0]?.reference).toMatch(/^Practitioner\//);
      expect(note.date).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
    const visit = generated.find((n) => typeOf(n) === '34117-2')!;
    expect(noteText(visit)).toMatch(/^# Chief Complaint\n[\s\S]*\n# History of Present Illness\n[\s\S]*\n# Social History\n[\s\S]*\n# Allergies\n[\s\S]*\n# Medications\n[\s\S]*\n# Assessment and Plan\n[\s\S]*\n## Plan\n/);
  });

  it('keeps the notes modest: a few hundred bytes each, under 300 KB of base64 for the whole mock EHR', () => {
    const sizes = notes.map((n) => n.content[0]!.attachment.data?.length ?? 0);
    expect(Math.max(...sizes)).toBeLessThan(4000);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(300_000);
  });

  it('writes no absolute date in a note\'s text (the live mock moves dates, never words)', () => {
    for (const note of notes) {
      const text = noteText(note) ?? '';
      expect(text, note.id).not.toMatch(/\b(1[89]|20)\d\d\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b|\b(January|February|March|April|May|June|July|August|September|October|November|December)\b/);
    }
  });

  it('restates only what is coded: the Assessment names Conditions the patient has coded; every other Condition is history', () => {
    const displays = new Map<string, Set<string>>();
    for (const r of seed) {
      if (r.resourceType !== 'Condition') continue;
      const codings: unknown = (r as Condition).code?.coding;
      const list = Array.isArray(codings) ? codings : codings ? [codings] : [];
      const names = displays.get(patientOf(r)!) ?? displays.set(patientOf(r)!, new Set()).get(patientOf(r)!)!;
      for (const c of list as Array<{ display?: string }>) if (c.display) names.add(c.display.toLowerCase());
    }
    const scenarioNotes = new Set<string>([PNEUMONIA_STAY.siadhNote, PNEUMONIA_STAY.akiNote, PNEUMONIA_STAY.htmlNote, HEART_FAILURE_STAY.specificityNote]);
    let checked = 0;
    for (const note of notes) {
      if (scenarioNotes.has(note.id!) || !note.content[0]!.attachment.data) continue;
      const text = noteText(note)!;
      const coded = displays.get(note.subject!.reference!.slice('Patient/'.length)) ?? new Set();
      const stated = [
        ...[...text.matchAll(/^- (.+)$/gm)].filter((m) => /# (Chief Complaint|Discharge Diagnoses)\n(- .+\n)*$/.test(text.slice(0, m.index! + m[0].length + 1))).map((m) => m[1]!),
        ...[...text.matchAll(/^Patient (?:is presenting with|is being treated for|was admitted for) (.+?)(?: and treated| and diuresed[^.]*)?\.$/gm)].flatMap((m) => m[1]!.split(/, | and (?=[a-z])/)),
      ].filter((name) => name !== 'observation');
      for (const name of stated) {
        expect([...coded].some((c) => name === c || name.startsWith(c)), `${note.id}: "${name}"`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('is the same on every run', () => {
    const again = seedResources().filter((r) => r.resourceType === 'DocumentReference' || r.resourceType === 'Binary');
    expect(again).toEqual(seed.filter((r) => r.resourceType === 'DocumentReference' || r.resourceType === 'Binary'));
  });

  it('moves the notes\' dates with the rest of the live record, and their text not at all', () => {
    const { resources, plans } = liveDatesWithPlan(seed, NOW);
    const live = new Map(resources.map((r) => [`${r.resourceType}/${r.id}`, r]));
    const DAY_MS = 86_400_000;
    for (const note of notes) {
      const moved = live.get(`DocumentReference/${note.id}`) as DocumentReference;
      const days = plans.get(patientOf(note)!)!.days;
      expect((ms(moved.date) - ms(note.date)) / DAY_MS).toBe(days);
      expect(moved.date!.slice(10)).toBe(note.date!.slice(10));
      if (note.context?.period?.start) expect((ms(moved.context!.period!.start) - ms(note.context.period.start)) / DAY_MS).toBe(days);
      if (note.context?.period?.end) expect((ms(moved.context!.period!.end) - ms(note.context.period.end)) / DAY_MS).toBe(days);
      expect(moved.content).toEqual(note.content);
    }
    const binary = live.get(`Binary/${HEART_FAILURE_STAY.dischargeBinary}`);
    expect(binary).toEqual(byId(HEART_FAILURE_STAY.dischargeBinary));
  });

  it('writes nothing of a stay the live mock keeps in progress after its latest result, and no discharge summary', () => {
    const { resources, plans } = liveDatesWithPlan(seed, NOW);
    const stays = [...plans.values()].filter((p) => p.inProgress).map((p) => p.inProgress!.slice('Encounter/'.length));
    expect(stays).toHaveLength(STAYS_IN_PROGRESS.length);
    for (const stay of stays) {
      const own = resources.filter((r): r is DocumentReference => r.resourceType === 'DocumentReference' && notesOf(stay).some((n) => n.id === r.id));
      expect(own.map(typeOf)).toContain(NOTE_TYPES.historyAndPhysical.code);
      expect(own.map(typeOf)).toContain(NOTE_TYPES.progress.code);
      expect(own.map(typeOf)).not.toContain(NOTE_TYPES.dischargeSummary.code);
      const latestResult = Math.max(...resources.filter((r): r is Observation => r.resourceType === 'Observation' && (r as Observation).encounter?.reference === `Encounter/${stay}`).map((r) => ms(r.effectiveDateTime)));
      for (const note of own) {
        expect(ms(note.date)).toBeLessThanOrEqual(latestResult);
        expect(note.context?.period?.end).toBeUndefined();
        expect(ms(note.date)).toBeLessThanOrEqual(NOW.getTime());
      }
    }
  });
});

describe('the notes scenarios (Vanda Franecki)', () => {
  it('lists each scenario once, for the patient it is planted in', () => {
    expect(NOTE_SCENARIOS.map((s) => s.name)).toEqual([
      'documented, not coded', 'negated in a note', 'hostile text/html note', 'heart-failure specificity in a note', 'note texts by link', 'PDF note',
    ]);
    const franecki = patientNamed('Franecki');
    for (const scenario of NOTE_SCENARIOS) {
      expect(scenario.patient).toBe('Franecki');
      for (const id of Object.values(scenario.ids)) expect(seed.some((r) => r.id === id), `${scenario.name}: ${id}`).toBe(true);
      expect(patientOf(byId(scenario.ids.encounter!))).toBe(franecki.id);
    }
  });

  it('documented, not coded: low sodium in the pneumonia stay, no hyponatremia Condition, a progress note saying hyponatremia', () => {
    const stay = byId<Encounter>(PNEUMONIA_STAY.encounter);
    expect(stay).toMatchObject({ class: { code: 'IMP' }, status: 'finished', diagnosis: [{ condition: { reference: `Condition/${PNEUMONIA_STAY.condition}` }, rank: 1 }] });
    const sodium = seed.filter((r): r is Observation => r.resourceType === 'Observation' && (r as Observation).encounter?.reference === `Encounter/${stay.id}`
      && (r as Observation).code.coding?.[0]?.code === '2947-0').map((o) => o.valueQuantity!.value!);
    expect(sodium.filter((v) => v < 135).length).toBeGreaterThanOrEqual(2);
    const franecki = patientNamed('Franecki');
    const conditions = seed.filter((r): r is Condition => r.resourceType === 'Condition' && patientOf(r) === franecki.id);
    expect(conditions.some((c) => /hyponatr|SIADH|inappropriate/i.test(JSON.stringify(c.code)))).toBe(false);
    expect(noteText(byId(PNEUMONIA_STAY.siadhNote))).toContain('# Assessment and Plan\nPatient is being treated for pneumonia (disorder).\nHyponatremia, likely SIADH; fluid restriction 1.5 L/day.\n');
    expect(typeOf(byId(PNEUMONIA_STAY.siadhNote))).toBe(NOTE_TYPES.progress.code);
  });

  it('negated in a note: a creatinine rise of 0.4 mg/dL in a day, and a note denying acute kidney injury', () => {
    const creatinine = seed.filter((r): r is Observation => r.resourceType === 'Observation' && (r as Observation).encounter?.reference === `Encounter/${PNEUMONIA_STAY.encounter}`
      && (r as Observation).code.coding?.[0]?.code === '38483-4').sort((a, b) => ms(a.effectiveDateTime) - ms(b.effectiveDateTime));
    const [first, second] = creatinine;
    expect(second!.valueQuantity!.value! - first!.valueQuantity!.value!).toBeCloseTo(0.4);
    expect(ms(second!.effectiveDateTime) - ms(first!.effectiveDateTime)).toBeLessThan(48 * 3_600_000);
    expect(noteText(byId(PNEUMONIA_STAY.akiNote))).toContain('No evidence of acute kidney injury; creatinine at baseline.');
  });

  it('hostile text/html: a consult whose markup carries a script, an image handler and a javascript: link', () => {
    const consult = byId<DocumentReference>(PNEUMONIA_STAY.htmlNote);
    expect(consult.content[0]!.attachment.contentType).toBe('text/html; charset=utf-8');
    const html = noteText(consult)!;
    expect(html).toBe(HOSTILE_HTML_NOTE);
    expect(html).toContain('<script>');
    expect(html).toMatch(/<img [^>]*onerror=/);
    expect(html).toContain('href="javascript:');
  });

  it('heart-failure specificity: a stay coded chronic congestive heart failure (I50.9), LVEF 30 %, and a note stating acute on chronic systolic heart failure', () => {
    const stay = byId<Encounter>(HEART_FAILURE_STAY.encounter);
    const condition = byId<Condition>(HEART_FAILURE_STAY.condition);
    expect(stay.diagnosis?.[0]?.condition?.reference).toBe(`Condition/${condition.id}`);
    expect(condition.code?.coding?.map((c) => c.code)).toEqual(['88805009', 'I50.9']);
    const lvef = seed.find((r): r is Observation => r.resourceType === 'Observation' && (r as Observation).encounter?.reference === `Encounter/${stay.id}` && (r as Observation).code.coding?.[0]?.code === '10230-1');
    expect(lvef?.valueQuantity?.value).toBe(30);
    expect(noteText(byId(HEART_FAILURE_STAY.specificityNote))).toContain('Acute on chronic systolic heart failure, LVEF 30%.');
  });

  it('note texts by link: a discharge summary linked as a Binary of the EHR, an outside consult linked on another server, and a PDF', () => {
    const discharge = byId<DocumentReference>(HEART_FAILURE_STAY.dischargeSummary);
    expect(discharge.content[0]!.attachment).toEqual({ contentType: 'text/plain; charset=utf-8', url: `Binary/${HEART_FAILURE_STAY.dischargeBinary}`, title: 'Discharge summary' });
    const binary = byId<Binary>(HEART_FAILURE_STAY.dischargeBinary);
    expect(binary).toMatchObject({ resourceType: 'Binary', contentType: 'text/plain; charset=utf-8', securityContext: { reference: `Patient/${patientNamed('Franecki').id}` } });
    expect(textOfBase64(binary.data!)).toMatch(/^# Discharge Diagnoses\n- chronic congestive heart failure \(disorder\)\n/);
    const outside = byId<DocumentReference>(HEART_FAILURE_STAY.outsideConsult);
    expect(outside.content[0]!.attachment).toEqual({ contentType: 'text/plain; charset=utf-8', url: OUTSIDE_NOTE_URL, title: 'Outside cardiology consult' });
    expect(new URL(OUTSIDE_NOTE_URL).host).not.toBe(new URL(TEST_FHIR_BASE).host);
    const pdf = byId<DocumentReference>(HEART_FAILURE_STAY.echoPdf);
    expect(pdf.content[0]!.attachment.contentType).toBe('application/pdf');
    expect(textOfBase64(pdf.content[0]!.attachment.data!)).toMatch(/^%PDF-1\.4\n[\s\S]*%%EOF\n$/);
    expect(pdf.content[0]!.attachment.data!.length).toBeLessThan(400);
  });

  it('gives each scenario stay the notes generated for any stay besides its own: a history and physical, and for the pneumonia stay a discharge summary', () => {
    expect(notesOf(PNEUMONIA_STAY.encounter).map(typeOf).sort()).toEqual(['11488-4', '11506-3', '11506-3', '18842-5', '34117-2']);
    expect(notesOf(HEART_FAILURE_STAY.encounter).map(typeOf).sort()).toEqual(['11488-4', '11506-3', '18748-4', '18842-5', '34117-2']);
    expect(noteText(notesOf(HEART_FAILURE_STAY.encounter).find((n) => typeOf(n) === '34117-2')!)).toContain('Patient is presenting with chronic congestive heart failure (disorder).');
  });
});

describe('the mock FHIR server serves the notes', () => {
  const franecki = () => patientNamed('Franecki').id!;

  it('returns a patient\'s notes with their content on a DocumentReference search, by patient and by encounter', async () => {
    mockServer.use(...createTestEhr().handlers);
    const client = fhirClient(await issueAccessToken(launchScopes('ehr'), { patient: franecki() }));
    const all = await client.get<Bundle>(`DocumentReference?patient=${franecki()}&_count=50`);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(notes.filter((n) => n.subject?.reference === `Patient/${franecki()}`).length);
    const first = all.body.entry![0]!.resource as DocumentReference;
    expect(first.content[0]!.attachment.data ?? first.content[0]!.attachment.url).toBeTruthy();
    const stay = await client.ids(`DocumentReference?patient=${franecki()}&encounter=Encounter/${PNEUMONIA_STAY.encounter}`);
    expect(stay.sort()).toEqual(notesOf(PNEUMONIA_STAY.encounter).map((n) => n.id).sort());
    const progress = await client.ids(`DocumentReference?patient=${franecki()}&type=http://loinc.org|11506-3&encounter=${PNEUMONIA_STAY.encounter}`);
    expect(progress.sort()).toEqual([PNEUMONIA_STAY.akiNote, PNEUMONIA_STAY.siadhNote]);
    expect((await client.get<Bundle>(`DocumentReference?patient=${franecki()}&category=clinical-note&_summary=count`)).body.total).toBe(all.body.total);
  });

  it('reads a Binary with the patient/Binary scope, as FHIR JSON or as its own bytes', async () => {
    mockServer.use(...createTestEhr().handlers);
    const token = await issueAccessToken(launchScopes('ehr'), { patient: franecki() });
    const client = fhirClient(token);
    const read = await client.get<Binary>(`Binary/${HEART_FAILURE_STAY.dischargeBinary}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ resourceType: 'Binary', id: HEART_FAILURE_STAY.dischargeBinary, contentType: 'text/plain; charset=utf-8' });
    const raw = await fetch(`${TEST_FHIR_BASE}/Binary/${HEART_FAILURE_STAY.dischargeBinary}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/plain' } });
    expect(raw.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(await raw.text()).toBe(textOfBase64(read.body.data!));
  });

  it('refuses a Binary read (403) without a Binary scope, and another patient\'s Binary under patient scopes', async () => {
    mockServer.use(...createTestEhr().handlers);
    const without = launchScopes('ehr').split(' ').filter((s) => !s.startsWith('patient/Binary.')).join(' ');
    const refused = await fhirClient(await issueAccessToken(without, { patient: franecki() })).get(`Binary/${HEART_FAILURE_STAY.dischargeBinary}`);
    expect(refused.status).toBe(403);
    expect(refused.body.resourceType).toBe('OperationOutcome');
    const searchOnly = await fhirClient(await issueAccessToken('patient/Binary.s', { patient: franecki() })).get(`Binary/${HEART_FAILURE_STAY.dischargeBinary}`);
    expect(searchOnly.status).toBe(403);
    const other = seed.find((r): r is Patient => r.resourceType === 'Patient' && r.id !== franecki())!;
    const theirs = await fhirClient(await issueAccessToken(launchScopes('ehr'), { patient: other.id })).get(`Binary/${HEART_FAILURE_STAY.dischargeBinary}`);
    expect(theirs.status).toBe(403);
  });

  it('offers Binary in its CapabilityStatement', async () => {
    mockServer.use(...createTestEhr().handlers);
    const client = fhirClient(await issueAccessToken(launchScopes('ehr'), { patient: franecki() }));
    const metadata = await client.get('metadata');
    expect(metadata.body.rest[0].resource.map((r: { type: string }) => r.type)).toEqual(expect.arrayContaining(['Binary', 'DocumentReference']));
  });
});
