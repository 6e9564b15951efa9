import type { AppState } from '../state/app-state';
import { FailureScreen } from './FailureScreen';
import { PatientBanner } from './PatientBanner';
import { AppHeader } from './AppHeader';
import { TechnicianView } from './TechnicianView';
import { PhysicianInbox } from './PhysicianInbox';

export function App({ state }: { state: AppState }) {
  const phase = state.phase.value;
  if (phase === 'launching') {
    return (
      <main class="centered" aria-busy="true">
        <p class="status" role="status">Connecting to the EHR…</p>
      </main>
    );
  }
  if (phase === 'failed') return <FailureScreen failure={state.failure.value ?? { kind: 'unexpected' }} />;

  const session = state.session.value;
  const patient = state.patient.value;
  const view = state.view.value;
  return (
    <div class="app">
      <AppHeader user={state.user.value} view={view} />
      {patient && session?.needPatientBanner ? <PatientBanner patient={patient} /> : null}
      <main class="content" id="main">
        {view === 'technician' ? <TechnicianView state={state} /> : <PhysicianInbox />}
      </main>
    </div>
  );
}
