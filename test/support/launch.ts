/**
 * Drives a real SMART launch in happy-dom: the launch page's authorize() navigates to the mock EHR's
 * authorize endpoint, whose redirect becomes the app page's URL; modules are re-imported to stand in
 * for each page load (fhirclient caches `location`).
 */
import { vi } from 'vitest';
import { sealLaunchContext, type LaunchContext } from '../../mocks/smart-auth';
import { TEST_FHIR_BASE } from '../../mocks/node';

declare global {
  // Provided by vitest's happy-dom environment.
  var happyDOM: { setURL(url: string): void };
}

export async function openPage(url: string) {
  happyDOM.setURL(url);
  vi.resetModules();
  return import('../../src/fhir/smart');
}

/** Opens the app page: its SMART module and its state module, from one fresh module graph. */
export async function openApp(url: string) {
  const smart = await openPage(url);
  const appState = await import('../../src/state/app-state');
  return { ...smart, ...appState };
}

/** Runs the launch page and the authorization server; returns the URL the app page is opened at. */
export async function authorizeLaunch(params: { launch?: Partial<LaunchContext> | string; iss?: string } = {}) {
  const query = new URLSearchParams({ iss: params.iss ?? TEST_FHIR_BASE });
  if (params.launch !== undefined) {
    query.set('launch', typeof params.launch === 'string' ? params.launch : await sealLaunchContext({
      user: 'Practitioner/cdi-technician-1', needPatientBanner: true, ...params.launch,
    }));
  }
  const launchPage = await openPage(`http://app.test/launch/index.html?${query}`);
  await launchPage.beginLaunch(location.search);
  const authorizeUrl = new URL(location.href);
  const response = await fetch(authorizeUrl, { redirect: 'manual' });
  const redirect = response.headers.get('Location');
  return { authorizeUrl, redirect, response };
}
