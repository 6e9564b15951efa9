/**
 * The mock EHR's authorization page (its authorization_endpoint in the browser). msw cannot answer a
 * navigation, so this page posts the authorization request to the mock authorization server and then
 * follows its answer: back to the app with a code or an OAuth error, or an error shown here when the
 * client or redirect URI is unknown. A standalone launch uses the EHR's sign-in session, or asks who
 * is signing in.
 */
import { mockEhrWrites, mockFhirBaseUrl, SIGNED_IN_USER_KEY, startMockEhr } from '../mocks/browser';
import { mockUsers } from '../mocks/fixtures';
import { practitionerName } from '../src/record/people';
import type { AuthorizeOutcome } from '../mocks/smart-auth';

const root = document.getElementById('mock-authorize')!;

async function submit(signedInUser: string | null) {
  const form = new URLSearchParams(location.search);
  if (signedInUser) form.set('signed_in_user', signedInUser);
  const response = await fetch(`${mockFhirBaseUrl()}/auth/authorize`, { method: 'POST', body: form });
  const outcome = (await response.json()) as AuthorizeOutcome;
  if ('redirect' in outcome) {
    location.replace(outcome.redirect);
    return;
  }
  const heading = document.createElement('h1');
  heading.textContent = 'The EHR refused this app';
  const detail = document.createElement('p');
  detail.setAttribute('role', 'alert');
  detail.textContent = `${outcome.error}: ${outcome.error_description}`;
  root.replaceChildren(heading, detail);
}

function askWhoSignsIn() {
  const heading = document.createElement('h1');
  heading.textContent = 'Sign in to the mock EHR';
  const label = document.createElement('label');
  label.textContent = 'User';
  const select = document.createElement('select');
  for (const { practitioner, role } of mockUsers(mockEhrWrites(['Task', 'PractitionerRole']))) {
    select.add(new Option(`${practitionerName(practitioner) ?? `Practitioner/${practitioner.id}`} (${role})`, `Practitioner/${practitioner.id}`));
  }
  label.append(select);
  const button = document.createElement('button');
  button.textContent = 'Sign in and authorize Clarify';
  button.addEventListener('click', () => {
    sessionStorage.setItem(SIGNED_IN_USER_KEY, select.value);
    void submit(select.value);
  });
  root.replaceChildren(heading, label, button);
}

await startMockEhr();
const params = new URLSearchParams(location.search);
const signedIn = sessionStorage.getItem(SIGNED_IN_USER_KEY);
if (params.has('launch') || signedIn) await submit(signedIn);
else askWhoSignsIn();
