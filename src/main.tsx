/**
 * The app page (SMART redirect_uri): finish the launch, then render the technician review or the
 * physician inbox. In mock builds the bundled mock EHR starts first, in this page.
 */
import { render } from 'preact';
import { beginInboxLaunch, completeLaunch } from './fhir/smart';
import { createAppState, loadRecord, startSession } from './state/app';
import { loadPhysicianInbox } from './state/inbox';
import { App } from './ui/App';
import { loadEhrStyle } from './fhir/smart-style';
import { applyEhrStyle } from './ui/ehr-style';
import './ui/styles.css';

async function main() {
  if (import.meta.env.VITE_MOCK_EHR === '1') {
    const { startMockEhr } = await import('../mocks/browser');
    await startMockEhr();
  }
  const state = createAppState();
  render(<App state={state} />, document.getElementById('app')!);
  // An EHR launch without a patient authorizes again for the inbox (needsInboxGrant, state/session.ts).
  await startSession(state, completeLaunch, { inboxLaunch: beginInboxLaunch });
  // The EHR's colours and fonts, when it gives them; read beside the record, never blocking it.
  const styleUrl = state.session.smart.value?.styleUrl;
  if (styleUrl) void loadEhrStyle(styleUrl).then((style) => style && applyEhrStyle(style));
  if (state.session.view.value === 'technician') {
    // Stop reading the record when the user leaves Clarify (closes the frame or navigates away).
    const leaving = new AbortController();
    addEventListener('pagehide', () => leaving.abort(), { once: true });
    // The queries addressed to the signed-in user about this patient, at the top of the review.
    await Promise.all([loadRecord(state, leaving.signal), loadPhysicianInbox(state, { patientId: state.session.smart.value?.patientId })]);
  } else if (state.session.view.value === 'physician') {
    await loadPhysicianInbox(state);
  }
}

void main();
