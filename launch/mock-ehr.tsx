/**
 * The mock EHR launcher (development only, like the SMART App Launcher): pick the signed-in user, the
 * patient and encounter, then launch Clarify inside the EHR frame through a real SMART launch against
 * the bundled mock EHR.
 */
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Encounter, Patient } from 'fhir/r4';
import { launchablePatients, mockUsers, queryCounts, type MockUser } from '../mocks/fixtures';
import { sealLaunchContext } from '../mocks/smart-auth';
import { liveDatesClock, mockEhrWriteCount, mockEhrWrites, mockFhirBaseUrl, resetMockEhrData, SIGNED_IN_USER_KEY, SIMULATED_FAULTS_KEY } from '../mocks/browser';
import type { FaultPlan } from '../mocks/faults';
import { formatHumanName, practitionerName } from '../src/record/people';
import { isAdministrativeEncounter } from '../src/terminology/encounters';
import './mock-ehr.css';


type LaunchKind = 'ehr' | 'provider-standalone';

const SIMULATIONS: Record<string, { label: string; plan?: FaultPlan }> = {
  none: { label: 'None: a healthy EHR' },
  'claims-forbidden': { label: 'Claims refused (403)', plan: { types: { Claim: { status: 403 }, ExplanationOfBenefit: { status: 403 } } } },
  'rate-limited': {
    label: 'Rate limited: every search answered 429 once',
    plan: { types: Object.fromEntries(['Encounter', 'Condition', 'Observation', 'Procedure', 'Claim'].map((t) => [t, { status: 429, retryAfter: '1', times: 1 }])) },
  },
  slow: { label: 'Slow network (300 ms per request)', plan: { latencyMs: 300 } },
};

/** `2026-12-01 · IMP · Hospital admission (procedure)`, then `· in progress` for a stay not over. */
function encounterLabel(encounter: Encounter): string {
  const date = encounter.period?.start?.slice(0, 10) ?? 'undated';
  const type = encounter.type?.[0]?.text ?? encounter.type?.[0]?.coding?.[0]?.display ?? 'Encounter';
  return `${date} · ${encounter.class?.code ?? ''} · ${type}${encounter.status === 'in-progress' ? ' · in progress' : ''}`;
}

/** The encounter a chart opens on: the latest of clinical care (not a death certification), else the latest. */
function defaultEncounterId(encounters: readonly Encounter[]): string {
  return (encounters.find((e) => !isAdministrativeEncounter(e)) ?? encounters[0])?.id ?? '';
}

function patientLabel(patient: Patient): string {
  return `${formatHumanName(patient.name) ?? patient.id} · born ${patient.birthDate ?? '?'} · ${patient.gender ?? ''}`;
}

const written = (n: number) => `${n} ${n === 1 ? 'resource' : 'resources'}`;

/** Calls `refresh` when the mock EHR's data may have changed (the app frame writes through its own copy of the mock). */
function useMockEhrChanges(refresh: () => void) {
  useEffect(() => {
    addEventListener('storage', refresh);
    addEventListener('focus', refresh);
    const timer = setInterval(refresh, 2000);
    return () => {
      removeEventListener('storage', refresh);
      removeEventListener('focus', refresh);
      clearInterval(timer);
    };
  }, []);
}

/** The users, with the queries apps wrote: every physician a query is addressed to is listed, with the open ones counted. */
function useUsers(): { users: MockUser[]; counts: ReturnType<typeof queryCounts> } {
  const read = () => {
    const writes = mockEhrWrites(['Task', 'PractitionerRole']);
    return { users: mockUsers(writes), counts: queryCounts(writes) };
  };
  const [state, setState] = useState(read);
  useMockEhrChanges(() => setState(read()));
  return state;
}

function userLabel({ practitioner, role }: MockUser): string {
  return `${practitionerName(practitioner) ?? `Practitioner/${practitioner.id}`} (${role === 'technician' ? 'CDI technician' : 'physician'})`;
}

const queries = (n: number) => `${n} ${n === 1 ? 'query' : 'queries'}`;

/** What a provider launch shows the selected user: the inbox of a physician, the queries a technician sent. */
function userQueries(user: MockUser | undefined, counts: ReturnType<typeof queryCounts>): string {
  const count = counts.get(user?.practitioner.id ?? '') ?? { open: 0, sent: 0 };
  return user?.role === 'technician'
    ? `Provider launch: the queries sent (${queries(count.sent)} so far).`
    : `Provider launch: the inbox (${queries(count.open)} open, addressed to this physician).`;
}

/**
 * What apps wrote to the mock EHR (queries, findings, provenance) stays in this browser across reloads and
 * launches; this resets it to the seeded patients as shipped, after a confirmation.
 */
function MockEhrData({ onReset }: { onReset: () => void }) {
  const [count, setCount] = useState(mockEhrWriteCount);
  const [status, setStatus] = useState('');
  // The app frame writes through its own copy of the mock; the count follows it.
  useMockEhrChanges(() => setCount(mockEhrWriteCount()));

  function reset() {
    const asked = `Reset mock EHR data?\n\nEverything apps wrote to the mock EHR in this browser (${written(mockEhrWriteCount())}: queries, findings, provenance) is deleted. The seeded patients stay as shipped. Clarify, if open, is closed.`;
    if (!confirm(asked)) {
      setStatus('Nothing was reset.');
      return;
    }
    const dropped = resetMockEhrData();
    setCount(0);
    onReset();
    setStatus(`Mock EHR data reset: ${written(dropped)} removed. The seeded patients are as shipped; launch Clarify again.`);
  }

  return (
    <section class="ehr-data" aria-labelledby="ehr-data-title">
      <h2 id="ehr-data-title">Mock EHR data</h2>
      <p>
        Writes by apps are kept in this browser until reset: <strong>{written(count)}</strong> written since the last reset.
      </p>
      <button type="button" class="ehr-reset" onClick={reset}>Reset mock EHR data</button>
      <p class="ehr-data-status" role="status" aria-live="polite">{status}</p>
    </section>
  );
}

function MockEhr() {
  // The patients as the mock EHR serves them in this browser: dated live, by the same clock as the app's mock.
  const patients = useMemo(() => launchablePatients({ liveDates: liveDatesClock() }), []);
  const { users, counts } = useUsers();
  const [userId, setUserId] = useState(users[0]!.practitioner.id!);
  const [kind, setKind] = useState<LaunchKind>('ehr');
  const [patientId, setPatientId] = useState(patients[0]!.patient.id!);
  // '' is an EHR launch without a patient (e.g. from the EHR's provider menu): Clarify then opens the inbox.
  const chart = patients.find((p) => p.patient.id === patientId);
  const [encounterId, setEncounterId] = useState<string>(defaultEncounterId(chart?.encounters ?? []));
  const [ehrShowsBanner, setEhrShowsBanner] = useState(false);
  const [simulation, setSimulation] = useState('none');
  const [appUrl, setAppUrl] = useState<string>();

  function choosePatient(id: string) {
    setPatientId(id);
    setEncounterId(defaultEncounterId(patients.find((p) => p.patient.id === id)?.encounters ?? []));
  }

  async function launch(event: Event) {
    event.preventDefault();
    const user = `Practitioner/${userId}`;
    sessionStorage.setItem(SIGNED_IN_USER_KEY, user);
    const plan = SIMULATIONS[simulation]?.plan;
    if (plan) sessionStorage.setItem(SIMULATED_FAULTS_KEY, JSON.stringify(plan));
    else sessionStorage.removeItem(SIMULATED_FAULTS_KEY);
    const params = new URLSearchParams({ iss: mockFhirBaseUrl() });
    if (kind === 'ehr') {
      params.set('launch', await sealLaunchContext({
        user, ...(patientId ? { patient: patientId } : {}), ...(patientId && encounterId ? { encounter: encounterId } : {}),
        needPatientBanner: !ehrShowsBanner,
      }));
    }
    // A fresh frame each time, as an EHR opens a new app session on every launch.
    setAppUrl(undefined);
    requestAnimationFrame(() => setAppUrl(`/launch/index.html?${params}`));
  }

  return (
    <div class="ehr">
      <header class="ehr-header">
        <strong>Mock EHR</strong>
        <span>Development launcher for Clarify: synthetic patients only</span>
      </header>
      <div class="ehr-side">
        <form class="ehr-launcher" onSubmit={launch} aria-label="Launch Clarify">
          <label for="user">Signed-in user</label>
          <select id="user" value={userId} onChange={(e) => setUserId(e.currentTarget.value)} name="user" aria-describedby="user-queries">
              {users.map((user) => (
                <option value={user.practitioner.id} key={user.practitioner.id}>{userLabel(user)}</option>
              ))}
          </select>
          <p class="ehr-hint" id="user-queries">{userQueries(users.find((u) => u.practitioner.id === userId), counts)}</p>
          <fieldset>
            <legend>Launch</legend>
            <label class="inline">
              <input type="radio" name="kind" value="ehr" checked={kind === 'ehr'} onChange={() => setKind('ehr')} />
              From the patient's chart (EHR launch)
            </label>
            <label class="inline">
              <input type="radio" name="kind" value="provider-standalone" checked={kind === 'provider-standalone'} onChange={() => setKind('provider-standalone')} />
              Provider launch, no patient (physician inbox)
            </label>
          </fieldset>
          <label for="patient">Patient</label>
          <select id="patient" value={patientId} onChange={(e) => choosePatient(e.currentTarget.value)} disabled={kind !== 'ehr'} name="patient">
              {patients.map(({ patient }) => <option value={patient.id} key={patient.id}>{patientLabel(patient)}</option>)}
              <option value="">No patient in context (Clarify opens the inbox)</option>
          </select>
          <label for="encounter">Encounter</label>
          <select id="encounter" value={encounterId} onChange={(e) => setEncounterId(e.currentTarget.value)} disabled={kind !== 'ehr' || !chart} name="encounter">
              <option value="">No encounter in context</option>
              {(chart?.encounters ?? []).map((encounter) => <option value={encounter.id} key={encounter.id}>{encounterLabel(encounter)}</option>)}
          </select>
          <label class="inline">
            <input type="checkbox" checked={ehrShowsBanner} onChange={(e) => setEhrShowsBanner(e.currentTarget.checked)} disabled={kind !== 'ehr'} name="ehr-banner" />
            The EHR shows its own patient banner (need_patient_banner = false)
          </label>
          <label for="simulation">Simulate EHR problems</label>
          <select id="simulation" value={simulation} onChange={(e) => setSimulation(e.currentTarget.value)} name="simulation">
            {Object.entries(SIMULATIONS).map(([key, { label }]) => <option value={key} key={key}>{label}</option>)}
          </select>
          <button type="submit">Launch Clarify</button>
        </form>
        <MockEhrData onReset={() => setAppUrl(undefined)} />
      </div>
      <section class="ehr-chart" aria-label="EHR chart">
        {kind === 'ehr' && ehrShowsBanner && appUrl && chart ? <div class="ehr-banner">{patientLabel(chart.patient)}</div> : null}
        {appUrl ? (
          <iframe class="ehr-app-frame" title="Clarify" src={appUrl} />
        ) : (
          <p class="ehr-empty">Choose a user and a patient, then launch Clarify. It opens here, in an 800-pixel EHR frame.</p>
        )}
      </section>
    </div>
  );
}

render(<MockEhr />, document.getElementById('mock-ehr')!);
