/**
 * SMART launch_uri. The EHR opens it with `iss` and `launch` (EHR launch) or only `iss` (standalone
 * provider launch); it starts the OAuth2 authorization, which leaves this page.
 */
import { beginLaunch, LaunchError } from '../src/fhir/smart';
import { FAILURE_MESSAGES } from '../src/messages';

async function launch() {
  if (import.meta.env.VITE_MOCK_EHR === '1') {
    const { startMockEhr } = await import('../mocks/browser');
    await startMockEhr();
  }
  await beginLaunch(location.search);
}

launch().catch((error: unknown) => {
  const status = document.getElementById('launch-status')!;
  const message = FAILURE_MESSAGES[error instanceof LaunchError ? 'not-launched' : 'unreachable'];
  status.setAttribute('role', 'alert');
  status.textContent = `${message.title}. ${message.action}`;
});
