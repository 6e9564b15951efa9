/**
 * `npm run bench -- notes`: how fast Clarify reads clinical notes (issue 13). The corpus is the mock EHR's
 * notes (a Synthea-style note per encounter of the seven fixture patients, and the notes scenarios), read
 * from their DocumentReferences as the review reads them (clinical-notes.ts), then analysed (sections,
 * sentences, diagnosis mentions with NegEx/ConText) repeatedly until about 20 MB of text has gone through.
 * Prints notes per second, MB/s, and the mentions per note by assertion.
 */
import { PatientRecord } from '../../src/record/patient-record';
import { clinicalNotes } from '../../src/notes/clinical-notes';
import { analyzeNote } from '../../src/notes/analyze-note';
import { seedResources } from '../../mocks/fixtures';

const TARGET_BYTES = 20 * 1024 * 1024;

export function benchNotes(): void {
  console.log('\n## Reading clinical notes (the mock EHR\'s notes, analysed until ~20 MB of text)');
  const texts = clinicalNotes(PatientRecord.fromResources(seedResources())).flatMap((n) => (n.text !== undefined ? [n.text] : []));
  if (texts.length === 0) {
    console.log('no notes in the mock EHR: nothing to measure');
    return;
  }
  const bytes = texts.reduce((sum, t) => sum + new TextEncoder().encode(t).length, 0);
  const rounds = Math.max(1, Math.ceil(TARGET_BYTES / bytes));
  // Warm up once (compiling the dictionary and the JIT), then measure.
  const byAssertion = new Map<string, number>();
  for (const text of texts) for (const m of analyzeNote(text).mentions) byAssertion.set(m.assertion, (byAssertion.get(m.assertion) ?? 0) + 1);
  const start = performance.now();
  let sentences = 0;
  for (let round = 0; round < rounds; round++) for (const text of texts) sentences += analyzeNote(text).sentences.length;
  const seconds = (performance.now() - start) / 1000;
  const notes = texts.length * rounds;
  const mb = (bytes * rounds) / (1024 * 1024);
  console.log(`${texts.length} notes, ${(bytes / 1024).toFixed(0)} KB of text, ${rounds} rounds; mentions per note: ${[...byAssertion].map(([a, n]) => `${a} ${(n / texts.length).toFixed(2)}`).join(', ')}`);
  console.log('| notes analysed | text | time | notes/s | MB/s | sentences/s |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| ${notes.toLocaleString('en-US')} | ${mb.toFixed(1)} MB | ${seconds.toFixed(2)} s | ${(notes / seconds).toFixed(0)} | ${(mb / seconds).toFixed(1)} | ${(sentences / seconds).toFixed(0)} |`);
}
