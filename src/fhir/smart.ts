/**
 * SMART App Launch through fhirclient: the only module that imports it. `beginLaunch` runs on the
 * launch page (launch_uri); `completeLaunch` on the app page (redirect_uri).
 * https://hl7.org/fhir/smart-app-launch/app-launch.html
 */
import FHIR from 'fhirclient';
import { CLIENT_ID, REDIRECT_PATH } from '../config';
import { createFhirGateway, type FhirGateway, type GatewayConfig } from './gateway';
import { FhirRequestError } from './errors';
import { displayableText } from '../record/text';
import { launchScopes, scopeSyntaxFor, type LaunchKind } from './scopes';
import { isStyleUrl } from './smart-style';

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
  /** How this session was launched: from the EHR (`launch` scope, patient/ scopes) or standalone (user/ scopes). */
  launchKind: LaunchKind;
  /** Patient in context (EHR launch); absent in a provider launch, or an EHR launch without a patient. */
  patientId?: string;
  encounterId?: string;
  /** e.g. Practitioner/123, from the id_token. */
  fhirUser?: string;
  /** False when the EHR already shows its own patient banner around Clarify. */
  needPatientBanner: boolean;
  /** The EHR's style sheet for its apps (`smart_style_url`), when it gives one (./smart-style.ts reads it). */
  styleUrl?: string;
  /**
   * The scopes the EHR granted (the token response's `scope`; the scopes requested when it says none,
   * as RFC 6749 §5.1 allows). Read them with permissionsFrom (./permissions.ts).
   */
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

/**
 * Authorizes again, on the same FHIR server, as a standalone provider launch (user/ scopes, no patient): the
 * inbox of an EHR launch that came without a patient. The EHR launch asks only patient/ scopes (a technician
 * reviewing a chart needs no one else's queries), so the inbox needs this second grant; the EHR's sign-in
 * session normally completes it without asking. Leaves the page.
 */
export async function beginInboxLaunch(serverUrl: string): Promise<void> {
  await beginLaunch(`?${new URLSearchParams({ iss: serverUrl })}`);
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

/** Gateway settings a caller may change (tests make retry waits instant); production uses the defaults. */
export type SessionGatewayOptions = Pick<GatewayConfig, 'sleep' | 'now' | 'timeoutMs' | 'retry'>;

/** Finishes the launch on the redirect page (code → token) or resumes it after a reload. */
export async function completeLaunch(options: { gateway?: SessionGatewayOptions } = {}): Promise<SmartSession> {
  checkLaunchUrl(new URL(location.href), sessionStorage);
  let client: Awaited<ReturnType<typeof FHIR.oauth2.ready>>;
  try {
    client = await FHIR.oauth2.ready();
  } catch (error) {
    throw asLaunchFailure(error);
  }
  const token = client.state.tokenResponse ?? {};
  const requested = scopeList(client.state.scope);
  return {
    serverUrl: client.state.serverUrl,
    launchKind: requested.includes('launch') ? 'ehr' : 'provider-standalone',
    patientId: client.patient.id ?? undefined,
    encounterId: client.encounter.id ?? undefined,
    fhirUser: client.user.fhirUser ?? undefined,
    needPatientBanner: token.need_patient_banner !== false,
    ...(isStyleUrl(token.smart_style_url) ? { styleUrl: token.smart_style_url } : {}),
    grantedScopes: scopeList(typeof token.scope === 'string' && token.scope.trim() ? token.scope : client.state.scope),
    gateway: createFhirGateway({
      ...options.gateway,
      baseUrl: client.state.serverUrl,
      authorization: async () => {
        await client.refreshIfNeeded();
        return client.getAuthorizationHeader();
      },
    }),
  };
}

const scopeList = (scope: unknown): string[] => (typeof scope === 'string' ? scope.split(/\s+/).filter(Boolean) : []);

/** fhirclient reports token-endpoint refusals as HttpError and network failures as TypeError. */
function asLaunchFailure(error: unknown): Error {
  const status = (error as { status?: unknown })?.status;
  if (typeof status === 'number') {
    const refusal = tokenEndpointRefusal(error as Error);
    return new LaunchError({ kind: 'authorization', ...(refusal ?? { error: `token endpoint answered ${status}` }) });
  }
  if (error instanceof TypeError) return new FhirRequestError('unreachable', 0, 'The EHR could not be reached.');
  if (error instanceof Error && /state|launch/i.test(error.message)) return new LaunchError({ kind: 'not-launched' });
  return error instanceof Error ? error : new Error(String(error));
}

/** RFC 6749 §5.2: an error code is printable ASCII without space, quote or backslash. */
const OAUTH_ERROR_CODE = /^[\x21\x23-\x5B\x5D-\x7E]{1,100}$/;
const MAX_DESCRIPTION = 500;

/**
 * The token endpoint's `error` and `error_description` (RFC 6749 §5.2). fhirclient's HttpError reads the
 * JSON body into its message, `<status> <text>\nURL: <url>\n<error>: <error_description>`, and the body
 * cannot be read again; a body without `error` (or not JSON) is added after an empty line and is not used.
 */
export function tokenEndpointRefusal(error: { message?: unknown }): { error: string; description?: string } | undefined {
  const lines = typeof error.message === 'string' ? error.message.split('\n') : [];
  if (!lines[1]?.startsWith('URL:') || !lines[2]) return undefined;
  const text = lines.slice(2).join(' ');
  const separator = text.indexOf(': ');
  const code = separator < 0 ? text : text.slice(0, separator);
  if (!OAUTH_ERROR_CODE.test(code)) return undefined;
  // Shown as text on the failure screen, like an authorize error's description: without controls, bounded.
  const description = separator < 0 ? '' : displayableText(text.slice(separator + 2)).replace(/\s+/g, ' ').trim();
  if (!description) return { error: code };
  return { error: code, description: description.length > MAX_DESCRIPTION ? `${description.slice(0, MAX_DESCRIPTION)}…` : description };
}
