// @vitest-environment happy-dom
/**
 * The review screen in each state (issue 12, item 8): loading, partial record, no findings, many findings,
 * error, read-only; the scope line and switch, the two queues, an item opened in clinical terms.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import type { Resource } from 'fhir/r4';
import { App } from '../../src/ui/App';
import { createAppState } from '../../src/state/app';
import { createFhirGateway } from '../../src/fhir/gateway';
import { PatientRecord } from '../../src/record/patient-record';
import { LOINC } from '../../src/terminology/loinc';
import { SYSTEM } from '../../src/terminology/systems';
import { encounter, icd10Condition, lab, note, patient, PATIENT_ID } from '../rules/support';
import { launchScopes } from '../../src/fhir/scopes';

afterEach(cleanup);

const STAY = encounter('stay-1', '2021-02-10T08:00:00Z', '2021-02-16T11:00:00Z', 'IMP', {
  type: [{ coding: [{ system: SYSTEM.SNOMED, code: '32485007', display: 'Hospital admission (procedure)' }] }],
  participant: [{ type: [{ coding: [{ system: SYSTEM.V3_PARTICIPATION_TYPE, code: 'ATND' }] }], individual: { reference: 'Practitioner/doc-1', display: 'Dr. Rashad Maggio' } }],
});
const CERTIFICATION = encounter('cert-1', '2021-03-01T08:00:00Z', '2021-03-01T08:15:00Z', 'AMB', {
  type: [{ coding: [{ system: SYSTEM.SNOMED, code: '308646001', display: 'Death Certification' }] }],
});
const sodium = (id: string, value: number, time: string) => lab(LOINC.SODIUM_SERUM, value, 'mmol/L', time, { id, encounter: 'stay-1' } as never);
/** A stay with a low sodium (hyponatremia), a heart failure coded I50.9 (gap + unspecified code), an E11 header (coding fix). */
const STAY_RECORD: Resource[] = [
  patient(), STAY, CERTIFICATION,
  sodium('na-1', 133, '2021-02-10T09:00:00Z'), sodium('na-2', 129, '2021-02-11T06:00:00Z'), sodium('na-3', 128, '2021-02-12T06:00:00Z'),
  lab(LOINC.LVEF, 30, '%', '2021-02-11T08:00:00Z', { id: 'ef-1', encounter: 'stay-1' } as never),
  icd10Condition('I50.9', { id: 'hf-1', encounter: 'stay-1', recordedDate: '2021-02-10T10:00:00Z' } as never),
  icd10Condition('E11', { id: 'dm-1', encounter: 'stay-1', recordedDate: '2021-02-10T10:00:00Z' } as never),
];

async function reviewState({ resources = STAY_RECORD, encounterId = 'stay-1' as string | null, scopes = launchScopes('ehr').split(' '), withTable = true } = {}) {
  const state = createAppState();
  state.session.smart.value = {
    serverUrl: 'http://ehr.test/fhir', launchKind: 'ehr', patientId: PATIENT_ID, encounterId: encounterId ?? undefined, fhirUser: 'Practitioner/t1', needPatientBanner: false,
    grantedScopes: scopes, gateway: createFhirGateway({ baseUrl: 'http://ehr.test/fhir', authorization: async () => null }),
  };
  state.session.phase.value = 'ready';
  state.review.record.value = PatientRecord.fromResources(resources);
  state.review.reviewedAt.value = new Date('2026-12-03T12:00:00Z');
  if (withTable) {
    const { loadIcd10Cm } = await import('../../src/terminology/icd10cm/icd10cm-table');
    state.review.icd10cm.value = await loadIcd10Cm();
    state.review.codeTable.value = 'loaded';
  }
  return state;
}

describe('the review screen', () => {
  it('while the record is read: says so, with the parts read, and shows no queue yet', () => {
    const state = createAppState();
    state.session.smart.value = { serverUrl: 'http://ehr.test/fhir', launchKind: 'ehr', patientId: PATIENT_ID, needPatientBanner: false, grantedScopes: [], gateway: createFhirGateway({ baseUrl: 'http://ehr.test/fhir', authorization: async () => null }) };
    state.session.phase.value = 'ready';
    state.review.recordProgress.value = { partsDone: 3, partsTotal: 14, resourcesLoaded: 120, parts: [] };
    render(<App state={state} />);
    expect(screen.getByRole('status').textContent).toContain('3 of 14 parts, 120 resources');
    expect(screen.queryByRole('tablist')).toBeNull();
  });

  it('says which encounter it reviews: type, dates, status and attending', async () => {
    render(<App state={await reviewState()} />);
    const line = document.querySelector('.scope-line')!;
    expect(line.textContent).toContain('Inpatient stay · Hospital admission');
    expect(line.textContent).toContain('2021-02-10 – 2021-02-16');
    expect(line.textContent).toContain('attending Dr. Rashad Maggio');
  });

  it('without an encounter, reviews the 12 months to the latest activity and says so, not the 12 months to today', async () => {
    render(<App state={await reviewState({ encounterId: null })} />);
    expect(document.querySelector('.scope-note')!.textContent).toContain("the 12 months to the patient's latest activity in the record (2021-03-01)");
    // The 2021 low sodium is found although "today" is 2026.
    expect(screen.getByRole('list', { name: 'Query opportunities' }).textContent).toContain('Low sodium without a hyponatremia diagnosis');
  });

  it('lists the encounters newest first without administrative visits, until asked, and switches scope in the app', async () => {
    const state = await reviewState();
    render(<App state={state} />);
    const select = screen.getByLabelText('Review scope') as HTMLSelectElement;
    const labels = () => [...select.options].map((o) => o.textContent);
    expect(labels()).toEqual(['The 12 months to the latest activity', '2021-02-10 – 2021-02-16 · Inpatient stay · Hospital admission', 'The whole record']);
    fireEvent.click(screen.getByLabelText('Show administrative visits (1)'));
    expect(labels()[1]).toBe('2021-03-01 · Outpatient visit · Death Certification');
    fireEvent.change(select, { target: { value: 'encounter:cert-1' } });
    expect(document.querySelector('.scope-line')!.textContent).toContain('Outpatient visit · Death Certification');
    expect(screen.queryByRole('list', { name: 'Query opportunities' })).toBeNull();
    expect(screen.getByText('No query opportunities in this scope.')).toBeTruthy();
  });

  it('puts clinical questions and coder fixes in two queues with counts; one item per condition, its aspects together', async () => {
    render(<App state={await reviewState()} />);
    const tabs = screen.getAllByRole('tab').map((t) => t.textContent);
    expect(tabs).toEqual(['Query opportunities (2)', 'Coding fixes (2)']);
    const items = within(screen.getByRole('list', { name: 'Query opportunities' })).getAllByRole('listitem').filter((li) => li.classList.contains('item'));
    const heartFailure = items.find((li) => li.textContent!.includes('Heart failure documented without type or acuity'))!;
    // The gap and the unspecified I50.9 are one item; its codes are those asked about, not I50.9.
    expect(heartFailure.querySelector('.item-meta')!.textContent).toMatch(/^Heart failure · I50\.2\d/);
    expect(heartFailure.querySelector('.item-meta')!.textContent).toContain('2 aspects');
    expect(heartFailure.querySelector('.item-meta')!.textContent).not.toContain('I50.9');
    fireEvent.click(screen.getByRole('tab', { name: /Coding fixes/ }));
    const fixes = screen.getByRole('list', { name: 'Coding fixes' }).textContent!;
    expect(fixes).toContain('Category header used as a diagnosis code');
    expect(fixes).toContain('Inpatient stay without a valid principal diagnosis');
  });

  it('opens an item in clinical terms: facts with rounded values, limit, flag, date and source; a trend with its text table; the options as a list', async () => {
    render(<App state={await reviewState()} />);
    const head = screen.getAllByRole('button', { name: /Low sodium without a hyponatremia diagnosis/ })[0]!;
    fireEvent.click(head);
    expect(head.getAttribute('aria-expanded')).toBe('true');
    const detail = document.getElementById(head.getAttribute('aria-controls')!)!;
    const rows = within(within(detail).getByRole('table', { name: 'Clinical indicators' })).getAllByRole('row').slice(1)
      .map((r) => [...r.children].map((c, i) => (i === 5 ? c.firstChild?.textContent : c.textContent)));
    expect(rows).toContainEqual(['Sodium', '129 mmol/L', 'normal ≥ 135', 'low', '2021-02-11 06:00', 'Laboratory result']);
    expect(within(detail).getByRole('img', { name: /Sodium/ })).toBeTruthy();
    expect(within(detail).getByText('Values as a table')).toBeTruthy();
    const options = within(detail).getAllByRole('list').find((l) => l.classList.contains('answer-options'))!;
    expect(within(options).getAllByRole('listitem')[0]!.textContent).toBe('Hyponatremia E87.1');
    // No raw ids or FHIR field names reach the text the user reads (View source shows the JSON on request only).
    expect(detail.querySelector('.item-summary')!.textContent).not.toMatch(/Observation\/|Encounter\/|na-2/);
  });

  it('moves between items with the arrow keys', async () => {
    render(<App state={await reviewState()} />);
    const heads = [...document.querySelectorAll<HTMLElement>('.items .item-head')];
    heads[0]!.focus();
    fireEvent.keyDown(heads[0]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(heads[1]);
    fireEvent.keyDown(heads[1]!, { key: 'Home' });
    expect(document.activeElement).toBe(heads[0]);
  });

  it('filters by severity, status and text, and says how many are shown', async () => {
    const state = await reviewState();
    render(<App state={state} />);
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: 'SODIUM' } });
    expect(document.querySelector('.filter-count')!.textContent).toBe('1 of 2 findings shown');
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: 'nothing like this' } });
    expect(screen.getByText('No finding matches the filter.')).toBeTruthy();
  });

  it('with no findings, says so in each queue', async () => {
    render(<App state={await reviewState({ resources: [patient(), STAY] })} />);
    expect(screen.getByText('No query opportunities in this scope.')).toBeTruthy();
  });

  it('read-only when the EHR granted no writes: a banner, and no Draft query, Dismiss or Mark reviewed', async () => {
    const readOnly = launchScopes('ehr').split(' ').map((s) => s.replace(/^patient\/(\w+)\.c?r?u?s?$/, 'patient/$1.rs'));
    render(<App state={await reviewState({ scopes: readOnly })} />);
    expect(screen.getByRole('note').textContent).toContain('Read-only review');
    fireEvent.click(screen.getAllByRole('button', { name: /Low sodium/ })[0]!);
    expect(screen.queryByRole('button', { name: 'Draft query' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Dismiss/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Mark reviewed' })).toBeNull();
  });

  it('with write access: Draft query, Dismiss… and Mark reviewed on an opened item; Dismiss asks for a reason from the list', async () => {
    render(<App state={await reviewState()} />);
    fireEvent.click(screen.getAllByRole('button', { name: /Low sodium/ })[0]!);
    expect(screen.getByRole('button', { name: 'Draft query' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss…' }));
    const form = screen.getByRole('form', { name: 'Dismiss finding' });
    expect((within(form).getByRole('button', { name: 'Dismiss finding' }) as HTMLButtonElement).disabled).toBe(true);
    expect(within(form).getAllByRole('option').map((o) => o.textContent)).toContain('Not clinically significant for this patient');
  });

  it('when parts of the record could not be read, says which next to the findings found without them', async () => {
    const state = await reviewState();
    state.review.recordProgress.value = {
      partsDone: 2, partsTotal: 2, resourcesLoaded: 8,
      parts: [{ type: 'Claim', label: 'Claims', status: { state: 'unavailable', reason: 'The EHR refused (403).' } }],
    };
    render(<App state={state} />);
    expect(screen.getByRole('alert').textContent).toContain('Claims: The EHR refused (403).');
    expect(screen.getByRole('tablist')).toBeTruthy();
  });

  it('with many findings: counts them all, lists them all, and the filters narrow them', async () => {
    // 24 diagnoses of the stay coded with category headers (not billable): 24 more coding fixes.
    const HEADERS = ['A41', 'D64', 'D69', 'E03', 'E05', 'E10', 'E13', 'E66', 'E78', 'E87', 'F32', 'F41', 'G47', 'I21', 'I25', 'I48', 'J44', 'J45', 'K21', 'L89', 'M54', 'N17', 'N18', 'N39'];
    const invalid = HEADERS.map((code, i) => icd10Condition(code, { id: `header-${i}`, encounter: 'stay-1', recordedDate: '2021-02-10T10:00:00Z' } as never));
    const state = await reviewState({ resources: [...STAY_RECORD, ...invalid] });
    state.worklist.queue.value = 'coding';
    render(<App state={state} />);
    const tab = screen.getByRole('tab', { name: /Coding fixes/ });
    const count = Number(/\((\d+)\)/.exec(tab.textContent!)![1]);
    // A41 and N17 are also documented sepsis and AKI without their indicators: those two items lead with the
    // clinical-validation query and sit among the query opportunities.
    expect(count).toBeGreaterThanOrEqual(24);
    const list = screen.getByRole('list', { name: 'Coding fixes' });
    expect(list.querySelectorAll(':scope > li').length).toBe(count);
    fireEvent.change(screen.getByLabelText('Severity'), { target: { value: 'low' } });
    expect(document.querySelector('.filter-count')!.textContent).toMatch(/^(\d+) of \d+ findings shown$|^No finding/);
    fireEvent.change(screen.getByLabelText('Severity'), { target: { value: 'all' } });
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: 'J44' } });
    const found = screen.getByRole('list', { name: 'Coding fixes' }).querySelectorAll(':scope > li');
    expect(found.length).toBe(1);
    expect(found[0]!.textContent).toContain('J44');
  });
});


describe('the review screen and the notes', () => {
  const hostile = 'Possible hyponatremia <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>, recheck.';
  const withNotes = [
    ...STAY_RECORD,
    note(hostile, '2021-02-11T10:00:00Z', { id: 'n-uncertain', encounter: 'stay-1' }),
    note('# Assessment and Plan\nAcute kidney injury, holding lisinopril.', '2021-02-12T10:00:00Z', { id: 'n-aki', encounter: 'stay-1' }),
    { ...note('', '2021-02-13T10:00:00Z', { id: 'n-pdf', encounter: 'stay-1' }), content: [{ attachment: { contentType: 'application/pdf', data: 'JVBERi0=' } }] },
  ] as Resource[];

  it('quotes what a note says as text, the diagnosis\'s words marked, never as HTML', async () => {
    render(<App state={await reviewState({ resources: withNotes })} />);
    fireEvent.click(screen.getAllByRole('button', { name: /Low sodium without a hyponatremia diagnosis/ })[0]!);
    const quotes = screen.getByRole('region', { name: 'From the notes' });
    const quote = quotes.querySelector('blockquote')!;
    expect(quote.textContent).toBe(hostile);
    expect(quote.querySelector('mark')!.textContent).toBe('hyponatremia');
    expect(quote.querySelector('img, script')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    expect(quotes.textContent).toContain('Progress note, 2021-02-11 10:00: states it as uncertain ("Possible")');
  });

  it('lists a diagnosis a note documents and no code states among the coding fixes, with the sentence', async () => {
    render(<App state={await reviewState({ resources: withNotes })} />);
    fireEvent.click(screen.getByRole('tab', { name: /Coding fixes/ }));
    const fixes = screen.getByRole('list', { name: 'Coding fixes' });
    const buttons = within(fixes).getAllByRole('button', { name: /Diagnosis documented in a note but not coded/ });
    expect(buttons).toHaveLength(1);
    fireEvent.click(buttons[0]!);
    const quote = fixes.querySelector('.note-quotes blockquote')!;
    expect(quote.querySelector('mark')!.textContent).toBe('Acute kidney injury');
    expect(fixes.textContent).toContain('No query: The physician has documented the diagnosis in a note');
  });

  it('says how many notes of the review were read, and which were not, with why', async () => {
    render(<App state={await reviewState({ resources: withNotes })} />);
    const status = document.querySelector('.notes-status')!;
    expect(status.textContent).toContain('Notes in this review: 2 read, 1 not read.');
    expect(status.textContent).toContain('Progress note, 2021-02-13 10:00: application/pdf is not read');
  });

  it('says when the review has no notes: findings rest on coded data only', async () => {
    render(<App state={await reviewState()} />);
    expect(document.querySelector('.notes-status')!.textContent).toBe('No clinical notes in this review: findings rest on coded data only.');
  });
});

describe('the review screen and clinical validation', () => {
  const temperature = (id: string, value: number, time: string) => lab(LOINC.BODY_TEMPERATURE, value, 'Cel', time, { id, encounter: 'stay-1', category: 'vital-signs' } as never);
  const heartRate = (id: string, value: number, time: string) => lab(LOINC.HEART_RATE, value, '/min', time, { id, encounter: 'stay-1', category: 'vital-signs' } as never);
  const SEPSIS_WITHOUT_INDICATORS: Resource[] = [
    patient(), STAY,
    icd10Condition('A41.9', { id: 'sepsis-1', encounter: 'stay-1', recordedDate: '2021-02-10T10:00:00Z', display: 'Sepsis, unspecified organism' } as never),
    temperature('t-1', 37.1, '2021-02-10T09:00:00Z'), temperature('t-2', 36.9, '2021-02-11T09:00:00Z'),
    heartRate('hr-1', 84, '2021-02-10T09:00:00Z'), heartRate('hr-2', 80, '2021-02-11T09:00:00Z'),
    lab(LOINC.LEUKOCYTES, 8.1, '10*3/uL', '2021-02-10T09:00:00Z', { id: 'wbc-1', encounter: 'stay-1' } as never),
    lab(LOINC.LACTATE_PLASMA, 1.1, 'mmol/L', '2021-02-10T09:00:00Z', { id: 'lac-1', encounter: 'stay-1' } as never),
  ];

  it('lists a documented diagnosis the indicators do not support among the query opportunities, and its query is a clinical-validation query', async () => {
    render(<App state={await reviewState({ resources: SEPSIS_WITHOUT_INDICATORS })} />);
    const queue = screen.getByRole('list', { name: 'Query opportunities' });
    const head = within(queue).getByRole('button', { name: /Sepsis documented without supporting indicators/ });
    fireEvent.click(head);
    const detail = document.getElementById(head.getAttribute('aria-controls')!)!;
    expect(detail.querySelector('.item-summary')!.textContent).toMatch(/^Sepsis is documented \(Sepsis, unspecified organism \(A41\.9\)/);
    const options = [...detail.querySelectorAll('.answer-options li')].map((li) => li.textContent);
    expect(options[0]).toMatch(/^Sepsis, confirmed \(please document the clinical indicators that support it\)/);
    expect(options[1]).toBe('Sepsis, ruled out');
    fireEvent.click(within(detail).getByRole('button', { name: 'Draft query' }));
    expect((screen.getByLabelText('Purpose') as HTMLSelectElement).value).toBe('clinical-validation');
  });

  it('filters the queues by the clinical-validation category', async () => {
    render(<App state={await reviewState({ resources: SEPSIS_WITHOUT_INDICATORS })} />);
    fireEvent.change(screen.getByLabelText('Category'), { target: { value: 'clinical-validation' } });
    const items = screen.getByRole('list', { name: 'Query opportunities' }).querySelectorAll(':scope > li');
    expect(items.length).toBe(1);
    expect(items[0]!.textContent).toContain('Sepsis documented without supporting indicators');
  });
});
