// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/preact';
import type { Patient, Practitioner } from 'fhir/r4';
import { App } from '../../src/ui/App';
import { createAppState, type Failure } from '../../src/state/app';
import type { SmartSession } from '../../src/fhir/smart';
import { createFhirGateway } from '../../src/fhir/gateway';
import { FAILURE_MESSAGES, type FailureKind } from '../../src/messages';

afterEach(cleanup);

const patient: Patient = {
  resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '1945-12-09',
  name: [{ use: 'official', family: 'Moen', given: ['Twyla'], prefix: ['Mrs.'] }, { use: 'maiden', family: 'Wunsch', given: ['Twyla'] }],
  identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, value: 'MRN-0042' }],
  text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(1)"/>narrative</div>' },
};
const technician: Practitioner = { resourceType: 'Practitioner', id: 't1', name: [{ family: 'Okafor', given: ['Renée'], suffix: ['RHIT', 'CCDS'] }] };

function session(overrides: Partial<SmartSession> = {}): SmartSession {
  return {
    serverUrl: 'http://ehr.test/fhir', launchKind: 'ehr', patientId: 'p1', fhirUser: 'Practitioner/t1', needPatientBanner: true, grantedScopes: [],
    gateway: createFhirGateway({ baseUrl: 'http://ehr.test/fhir', authorization: async () => null }),
    ...overrides,
  };
}

function readyState(overrides: Partial<SmartSession> = {}, p: Patient | undefined = patient) {
  const state = createAppState();
  state.session.smart.value = session(overrides);
  state.review.patient.value = p;
  state.session.user.value = technician;
  state.session.phase.value = 'ready';
  return state;
}

describe('App shell', () => {
  it('says it is connecting while the launch completes', () => {
    render(<App state={createAppState()} />);
    expect(screen.getByRole('status').textContent).toMatch(/Connecting to the EHR/);
  });

  it('shows the patient banner with name, birth date, sex and MRN, and the signed-in user', () => {
    render(<App state={readyState()} />);
    const banner = screen.getByRole('region', { name: 'Patient' });
    expect(banner.querySelector('.patient-name')?.textContent).toBe('Twyla Moen');
    expect(banner.textContent).toContain('1945-12-09');
    expect(banner.textContent).toContain('Female');
    expect(banner.textContent).toContain('MRN-0042');
    expect(screen.getByLabelText('Signed-in user').textContent).toBe('Signed in as Renée Okafor, RHIT, CCDS');
    // One h1 on every screen: what the screen is.
    expect(screen.getAllByRole('heading', { level: 1 }).map((h) => h.textContent)).toEqual(['Documentation review']);
  });

  it('leaves the banner to the EHR when need_patient_banner is false', () => {
    render(<App state={readyState({ needPatientBanner: false })} />);
    expect(screen.queryByRole('region', { name: 'Patient' })).toBeNull();
  });

  it('never renders the FHIR narrative or names as markup', () => {
    const hostile = { ...patient, name: [{ family: '<img src=x onerror=alert(1)>', given: ['Eve'] }] };
    const { container } = render(<App state={readyState({}, hostile)} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('.patient-name')?.textContent).toBe('Eve <img src=x onerror=alert(1)>');
  });

  it('says "not recorded" rather than showing blanks for a sparse patient', () => {
    render(<App state={readyState({}, { resourceType: 'Patient', id: 'p2' })} />);
    const banner = screen.getByRole('region', { name: 'Patient' });
    expect(banner.querySelector('.patient-name')?.textContent).toBe('Name not recorded');
    expect(banner.textContent).toContain('MRNnot recorded');
  });

  it('opens the query inbox for a provider launch without a patient', () => {
    const state = readyState({ patientId: undefined });
    state.review.patient.value = undefined;
    render(<App state={state} />);
    expect(screen.getAllByRole('heading', { level: 1 }).map((h) => h.textContent)).toEqual(['Query inbox']);
    expect(screen.getByRole('region', { name: 'Query inbox' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Patient' })).toBeNull();
  });

  it('falls back to a neutral label when the user could not be read', () => {
    const state = readyState();
    state.session.user.value = undefined;
    render(<App state={state} />);
    expect(screen.getByLabelText('Signed-in user').textContent).toBe('Signed in through the EHR');
  });

  it.each(Object.keys(FAILURE_MESSAGES) as FailureKind[])('explains the "%s" failure and what to do', (kind) => {
    const state = createAppState();
    state.session.failure.value = { kind, detail: kind === 'authorization' ? 'access_denied: The user declined' : undefined } satisfies Failure;
    state.session.phase.value = 'failed';
    render(<App state={state} />);
    const alert = screen.getByRole('alert');
    expect(within(alert).getByRole('heading').textContent).toBe(FAILURE_MESSAGES[kind].title);
    expect(alert.textContent).toContain(FAILURE_MESSAGES[kind].action);
    if (kind === 'authorization') expect(alert.textContent).toContain('access_denied: The user declined');
  });
});

describe('Coding fixes queue', () => {
  it('says that WHO ICD-10 codings are a different code system and were not checked', async () => {
    const { PatientRecord } = await import('../../src/record/patient-record');
    const { TechnicianView } = await import('../../src/ui/TechnicianView');
    const state = readyState();
    state.review.record.value = PatientRecord.fromResources([patient,
      { resourceType: 'Condition', id: 'c1', subject: { reference: 'Patient/p1' }, code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'E11' }] } }]);
    state.review.reviewedAt.value = new Date('2021-03-15T00:00:00Z');
    state.worklist.queue.value = 'coding';
    render(<TechnicianView review={state.review} queries={state} />);
    expect(screen.getByRole('tabpanel', { name: /Coding fixes/ }).textContent).toContain('1 diagnosis is coded in WHO ICD-10, a different code system from ICD-10-CM: not checked here.');
  });
});

describe('Where the code checks stand', () => {
  const conditionCodedIn = (system: string, code: string) => ({ resourceType: 'Condition', id: 'c1', subject: { reference: 'Patient/p1' }, code: { coding: [{ system, code }] } });

  async function reviewWith(codeTable: 'not-needed' | 'loading' | 'loaded' | 'failed') {
    const { PatientRecord } = await import('../../src/record/patient-record');
    const state = readyState();
    state.review.record.value = PatientRecord.fromResources([patient, conditionCodedIn('http://hl7.org/fhir/sid/icd-10-cm', 'E11.9')]);
    state.review.reviewedAt.value = new Date('2021-03-15T00:00:00Z');
    state.review.codeTable.value = codeTable;
    state.worklist.queue.value = 'coding';
    return state;
  }

  it.each([
    ['loading', 'Checking the ICD-10-CM codes…'],
    ['loaded', 'ICD-10-CM codes checked against the code table.'],
  ] as const)('says so in a live status while the code table is %s', async (codeTable, text) => {
    const { TechnicianView } = await import('../../src/ui/TechnicianView');
    const state = await reviewWith(codeTable);
    render(<TechnicianView review={state.review} queries={state} />);
    const panel = screen.getByRole('tabpanel', { name: /Coding fixes/ });
    expect(panel.querySelector('.code-table-status')?.textContent).toBe(text);
  });

  it('says there is nothing to check when no diagnosis is coded in ICD-10-CM, and alerts when the table failed', async () => {
    const { TechnicianView } = await import('../../src/ui/TechnicianView');
    const idle = await reviewWith('not-needed');
    const { unmount } = render(<TechnicianView review={idle.review} queries={idle} />);
    expect(screen.getByRole('tabpanel', { name: /Coding fixes/ }).textContent).toContain('No diagnosis in the record is coded in ICD-10-CM');
    unmount();
    const failed = await reviewWith('failed');
    render(<TechnicianView review={failed.review} queries={failed} />);
    expect(within(screen.getByRole('tabpanel', { name: /Coding fixes/ })).getByRole('alert').textContent).toContain('could not be loaded');
  });
});

describe('Parts the session was not granted', () => {
  it('are listed with the parts that could not be read, with why', async () => {
    const { PatientRecord } = await import('../../src/record/patient-record');
    const { NOT_GRANTED } = await import('../../src/messages');
    const state = readyState();
    state.review.recordProgress.value = {
      partsDone: 2, partsTotal: 2, resourcesLoaded: 1,
      parts: [
        { type: 'Condition', label: 'Conditions', status: { state: 'loaded', count: 0 } },
        { type: 'Claim', label: 'Claims', status: { state: 'unavailable', reason: NOT_GRANTED } },
      ],
    };
    state.review.record.value = PatientRecord.fromResources([patient]);
    render(<App state={state} />);
    expect(within(screen.getByRole('alert')).getAllByRole('listitem').map((li) => li.textContent)).toEqual([`Claims: ${NOT_GRANTED}`]);
  });
});

describe('Query inbox', () => {
  it('says it is reading the queries, then that nothing is waiting when the inbox is empty', async () => {
    const state = readyState({ patientId: undefined });
    state.review.patient.value = undefined;
    render(<App state={state} />);
    const inbox = screen.getByRole('region', { name: 'Query inbox' });
    expect(inbox.textContent).toContain('Reading the queries addressed to you…');
    state.inbox.inbox.value = { people: [], queries: [], open: { complete: true, total: 0 }, closed: { complete: true, total: 0 }, patients: new Map(), encounters: new Map(), answers: new Map(), unresolved: [], setAside: 0, problems: [] };
    state.inbox.status.value = 'loaded';
    expect(await within(inbox).findByText('No open queries: nothing is waiting for your answer.')).toBeTruthy();
    expect(within(inbox).getByRole('tab', { name: 'Open (0)' })).toBeTruthy();
  });

  it('says why when the inbox cannot be read', () => {
    const state = readyState({ patientId: undefined });
    state.review.patient.value = undefined;
    state.inbox.status.value = 'failed';
    state.inbox.error.value = 'The queries could not be read: the EHR refused (403).';
    render(<App state={state} />);
    expect(screen.getByRole('alert').textContent).toBe('The queries could not be read: the EHR refused (403).');
  });
});

