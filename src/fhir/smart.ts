/**
 * SMART App Launch through fhirclient: the only module that imports it. `beginLaunch` runs on the
 * launch page (launch_uri); `completeLaunch` on the app page (redirect_uri).
 * https://hl7.org/fhir/smart-app-launch/app-launch.html
 */
import FHIR from 'fhirclient';
import { CLIENT_ID, REDIRECT_PATH } from '../config';
import { createFhirGateway, type FhirGateway } from './gateway';
import { FhirRequestError } from './errors';
import { launchScopes, scopeSyntaxFor } from './scopes';

/** Where the launch stands when the app page opens, read from its URL and session. */
export type LaunchProblem =
  | { kind: 'not-launched' }
  | { kind: 'authorization'; error: string; description?: string };

export class LaunchError extends Error {
  override readonly name = 'LaunchError';
  constructor(readonly problem: LaunchProblem) {
    super(problem.kind === 'authorization' ? `Authorization failed: ${problem.error}` : 'Clarify was opened without a SMART launch.');
  }
}

export interface SmartSession {
  serverUrl: string;
  /** Patient in context (EHR launch); absent in a provider launch without a patient. */
  patientId?: string;
  encounterId?: string;
  /** e.g. Practitioner/123, from the id_token. */
  fhirUser?: string;
  /** False when the EHR already shows its own patient banner around Clarify. */
  needPatientBanner: boolean;
  grantedScopes: string[];
  gateway: FhirGateway;
}

/**
 * Starts the authorization from the launch page. With `launch` (EHR launch) the EHR supplies the
 * context; with only `iss` it is a standalone provider launch (the physician's inbox, no patient).
 */
export async function beginLaunch(search: string): Promise<void> {
  const params = new URLSearchParams(search);
  const iss = params.get('iss');
  if (!iss) throw new LaunchError({ kind: 'not-launched' });
  const launch = params.get('launch');
  const capabilities = await smartCapabilities(iss);
  await FHIR.oauth2.authorize({
    clientId: CLIENT_ID,
    iss,
    ...(launch ? { launch } : {}),
    scope: launchScopes(launch ? 'ehr' : 'provider-standalone', scopeSyntaxFor(capabilities)),
    redirectUri: REDIRECT_PATH,
    pkceMode: 'required',
    // Inside an EHR iframe, finish in the frame itself rather than messaging the EHR's window.
    completeInTarget: true,
  });
}

/** The `capabilities` of the server's SMART configuration; undefined if it cannot be read (fhirclient will say why). */
async function smartCapabilities(iss: string): Promise<string[] | undefined> {
  try {
    const response = await fetch(`${iss.replace(/\/+$/, '')}/.well-known/smart-configuration`, { headers: { Accept: 'application/json' } });
    const config = response.ok ? ((await response.json()) as { capabilities?: unknown }) : undefined;
    return Array.isArray(config?.capabilities) ? config.capabilities.filter((c): c is string => typeof c === 'string') : undefined;
  } catch {
    return undefined;
  }
}

const SMART_STATE_KEY = 'SMART_KEY'; // fhirclient's sessionStorage pointer to the current launch

function checkLaunchUrl(url: URL, storage: Storage): void {
  const error = url.searchParams.get('error');
  if (error) {
    throw new LaunchError({ kind: 'authorization', error, description: url.searchParams.get('error_description') ?? undefined });
  }
  const inProgress = url.searchParams.has('state') || url.searchParams.has('code') || storage.getItem(SMART_STATE_KEY);
  if (!inProgress) throw new LaunchError({ kind: 'not-launched' });
}

/** Finishes the launch on the redirect page (code → token) or resumes it after a reload. */
export async function completeLaunch(): Promise<SmartSession> {
  checkLaunchUrl(new URL(location.href), sessionStorage);
  let client: Awaited<ReturnType<typeof FHIR.oauth2.ready>>;
  try {
    client = await FHIR.oauth2.ready();
  } catch (error) {
    throw asLaunchFailure(error);
  }
  const token = client.state.tokenResponse ?? {};
  return {
    serverUrl: client.state.serverUrl,
    patientId: client.patient.id ?? undefined,
    encounterId: client.encounter.id ?? undefined,
    fhirUser: client.user.fhirUser ?? undefined,
    needPatientBanner: token.need_patient_banner !== false,
    grantedScopes: String(token.scope ?? '').split(/\s+/).filter(Boolean),
    gateway: createFhirGateway({
      baseUrl: client.state.serverUrl,
      authorization: async () => {
        await client.refreshIfNeeded();
        return client.getAuthorizationHeader();
      },
    }),
  };
}

/** fhirclient reports token-endpoint refusals as HttpError and network failures as TypeError. */
function asLaunchFailure(error: unknown): Error {
  const status = (error as { status?: unknown })?.status;
  if (typeof status === 'number') {
    return new LaunchError({ kind: 'authorization', error: `token endpoint answered ${status}` });
  }
  if (error instanceof TypeError) return new FhirRequestError('unreachable', 0, 'The EHR could not be reached.');
  if (error instanceof Error && /state|launch/i.test(error.message)) return new LaunchError({ kind: 'not-launched' });
  return error instanceof Error ? error : new Error(String(error));
}
