import type { AppState } from '../state/app';
import { FailureScreen } from './FailureScreen';
import { PatientBanner } from './PatientBanner';
import { AppHeader } from './AppHeader';
import { TechnicianView } from './TechnicianView';
import { PhysicianInbox } from './PhysicianInbox';

export function App({ state }: { state: AppState }) {
  const { session, review } = state;
  const phase = session.phase.value;
  if (phase === 'launching') {
    return (
      <main class="centered" aria-busy="true">
        <p class="status" role="status">Connecting to the EHR…</p>
      </main>
    );
  }
  if (phase === 'failed') return <FailureScreen failure={session.failure.value ?? { kind: 'unexpected' }} />;

  const smart = session.smart.value;
  const patient = review.patient.value;
  const view = session.view.value;
  return (
    <div class="app">
      <AppHeader user={session.user.value} view={view} />
      {patient && smart?.needPatientBanner ? <PatientBanner patient={patient} /> : null}
      <main class="content" id="main">
        {view === 'technician' ? <TechnicianView review={review} queries={state} inbox={state} /> : <PhysicianInbox state={state} />}
      </main>
    </div>
  );
}
