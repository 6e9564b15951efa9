/**
 * The mock EHR's SMART App Launch v2 authorization server: discovery, authorize and token endpoints,
 * and verification of the bearer tokens it issues. The checks and error codes follow RFC 6749 §4.1.2.1
 * and §5.2, RFC 7636 (PKCE) and https://hl7.org/fhir/smart-app-launch/app-launch.html.
 */
import { pkceChallenge, seal, signJwt, unseal, verifyJwt } from './crypto';

export interface RegisteredClient {
  clientId: string;
  redirectUris: string[];
}

/** What the EHR knows when it launches an app: set by the mock EHR launcher, opaque to the app. */
export interface LaunchContext {
  user: string; // e.g. Practitioner/123
  patient?: string; // id
  encounter?: string; // id
  needPatientBanner: boolean;
}

export interface AccessTokenClaims {
  iss: string;
  sub: string;
  client_id: string;
  scope: string;
  fhirUser: string;
  patient?: string;
  encounter?: string;
  iat: number;
  exp: number;
}

interface AuthorizationCode {
  kind: 'code';
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scope: string;
  context: LaunchContext;
  exp: number;
}

export type AuthorizeOutcome =
  | { redirect: string }
  /** Errors that must not be redirected (unknown client or redirect URI): shown to the user instead. */
  | { error: string; error_description: string };

export interface AuthServerOptions {
  fhirBaseUrl: string;
  clients: RegisteredClient[];
  /** Seconds an access token lives. */
  accessTokenLifetime?: number;
  now?: () => number;
}

const CODE_LIFETIME_SECONDS = 60;
const SUPPORTED_NON_RESOURCE_SCOPES = new Set([
  'openid', 'fhirUser', 'profile', 'launch', 'launch/patient', 'launch/encounter', 'online_access', 'offline_access',
]);
const RESOURCE_SCOPE = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]+)\.(read|write|\*|c?r?u?d?s?)(\?\S*)?$/;

export function isSupportedScope(scope: string): boolean {
  return SUPPORTED_NON_RESOURCE_SCOPES.has(scope) || (RESOURCE_SCOPE.test(scope) && !scope.endsWith('.'));
}

export function smartConfiguration(fhirBaseUrl: string, authorizationEndpoint: string) {
  return {
    issuer: fhirBaseUrl,
    authorization_endpoint: authorizationEndpoint,
    token_endpoint: `${fhirBaseUrl}/auth/token`,
    token_endpoint_auth_methods_supported: ['none'],
    grant_types_supported: ['authorization_code'],
    response_types_supported: ['code'],
    scopes_supported: [...SUPPORTED_NON_RESOURCE_SCOPES, 'patient/*.rs', 'user/*.rs', 'patient/*.cruds', 'user/*.cruds'],
    code_challenge_methods_supported: ['S256'],
    capabilities: [
      'launch-ehr', 'launch-standalone', 'client-public', 'context-ehr-patient', 'context-ehr-encounter',
      'context-banner', 'context-style', 'sso-openid-connect', 'permission-patient', 'permission-user', 'permission-v2',
    ],
  };
}

/**
 * The mock EHR's look for its apps (SMART `smart_style_url`): a plum-and-slate EHR, so an app that applies it
 * is seen to. Text on the highlight colour keeps a contrast above 4.5:1.
 */
export const MOCK_EHR_STYLE = {
  color_background: '#f3f1f6',
  color_error: '#a4262c',
  color_highlight: '#5b3a7a',
  color_modal_backdrop: '',
  color_success: '#2e6b3a',
  color_text: '#1f1d24',
  dim_border_radius: '4px',
  dim_font_size: '15px',
  dim_spacing_size: '16px',
  font_family_body: "'Segoe UI', 'Noto Sans', Arial, sans-serif",
  font_family_heading: "'Segoe UI', 'Noto Sans', Arial, sans-serif",
};

function oauthError(redirectUri: string, state: string | null, error: string, description: string): AuthorizeOutcome {
  const url = new URL(redirectUri);
  url.searchParams.set('error', error);
  url.searchParams.set('error_description', description);
  if (state) url.searchParams.set('state', state);
  return { redirect: url.href };
}

/** Seals a launch context into the opaque `launch` parameter an EHR hands to the app. */
export function sealLaunchContext(context: LaunchContext): Promise<string> {
  return seal({ kind: 'launch', ...context });
}

export function createAuthServer(options: AuthServerOptions) {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const tokenLifetime = options.accessTokenLifetime ?? 3600;
  const usedCodes = new Set<string>();

  /**
   * Validates an authorization request. `signedInUser` stands for the EHR's own login session and is
   * used for standalone launches, which carry no launch context.
   */
  async function authorize(params: URLSearchParams, signedInUser?: string): Promise<AuthorizeOutcome> {
    const clientId = params.get('client_id');
    const client = options.clients.find((c) => c.clientId === clientId);
    if (!client) return { error: 'invalid_client', error_description: `Unknown client_id "${clientId ?? ''}".` };
    const redirectUri = params.get('redirect_uri');
    if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
      return { error: 'invalid_request', error_description: `redirect_uri "${redirectUri ?? ''}" is not registered for ${client.clientId}.` };
    }
    const state = params.get('state');
    const fail = (error: string, description: string) => oauthError(redirectUri, state, error, description);
    if (params.get('response_type') !== 'code') return fail('unsupported_response_type', 'Only response_type=code is supported.');
    if (!state) return fail('invalid_request', 'The state parameter is required.');
    if (params.get('aud') !== options.fhirBaseUrl) {
      return fail('invalid_request', `aud must be this FHIR server (${options.fhirBaseUrl}).`);
    }
    const codeChallenge = params.get('code_challenge');
    if (params.get('code_challenge_method') !== 'S256' || !codeChallenge) {
      return fail('invalid_request', 'PKCE with code_challenge_method=S256 is required.');
    }
    const scopes = (params.get('scope') ?? '').split(/\s+/).filter(Boolean);
    if (scopes.length === 0) return fail('invalid_scope', 'No scope was requested.');
    const unsupported = scopes.filter((s) => !isSupportedScope(s));
    if (unsupported.length > 0) return fail('invalid_scope', `Unsupported scope: ${unsupported.join(' ')}.`);

    let context: LaunchContext;
    const launch = params.get('launch');
    if (launch) {
      if (!scopes.includes('launch')) return fail('invalid_scope', 'An EHR launch must request the "launch" scope.');
      const sealed = await unseal<LaunchContext & { kind: string }>(launch);
      if (!sealed || sealed.kind !== 'launch') return fail('invalid_request', 'The launch parameter is not valid for this EHR.');
      const { kind: _kind, ...rest } = sealed;
      context = rest;
    } else {
      if (scopes.includes('launch')) return fail('invalid_scope', 'The "launch" scope needs a launch parameter from the EHR.');
      if (!signedInUser) return fail('login_required', 'No user is signed in to the EHR.');
      context = { user: signedInUser, needPatientBanner: true };
    }

    const code: AuthorizationCode = {
      kind: 'code', clientId: client.clientId, redirectUri, codeChallenge, scope: scopes.join(' '), context,
      exp: now() + CODE_LIFETIME_SECONDS,
    };
    const url = new URL(redirectUri);
    url.searchParams.set('code', await seal(code));
    url.searchParams.set('state', state);
    return { redirect: url.href };
  }

  /** Token endpoint (authorization_code grant, public client with PKCE). Returns [status, JSON body]. */
  async function token(form: URLSearchParams): Promise<[number, Record<string, unknown>]> {
    const error = (status: number, code: string, description: string): [number, Record<string, unknown>] => [
      status, { error: code, error_description: description },
    ];
    if (form.get('grant_type') !== 'authorization_code') {
      return error(400, 'unsupported_grant_type', 'Only the authorization_code grant is supported.');
    }
    const rawCode = form.get('code') ?? '';
    const code = await unseal<AuthorizationCode>(rawCode);
    if (!code || code.kind !== 'code') return error(400, 'invalid_grant', 'The authorization code is not valid.');
    if (code.exp < now()) return error(400, 'invalid_grant', 'The authorization code has expired.');
    if (usedCodes.has(rawCode)) return error(400, 'invalid_grant', 'The authorization code was already used.');
    if (form.get('client_id') !== code.clientId) return error(401, 'invalid_client', 'client_id does not match the code.');
    if (form.get('redirect_uri') !== code.redirectUri) {
      return error(400, 'invalid_grant', 'redirect_uri does not match the authorization request.');
    }
    const verifier = form.get('code_verifier');
    if (!verifier || (await pkceChallenge(verifier)) !== code.codeChallenge) {
      return error(400, 'invalid_grant', 'The PKCE code_verifier does not match the code_challenge.');
    }
    usedCodes.add(rawCode);

    const { context } = code;
    const issuedAt = now();
    const scopes = code.scope.split(' ');
    const claims: AccessTokenClaims = {
      iss: options.fhirBaseUrl, sub: context.user, client_id: code.clientId, scope: code.scope,
      fhirUser: context.user, iat: issuedAt, exp: issuedAt + tokenLifetime,
      ...(context.patient ? { patient: context.patient } : {}),
      ...(context.encounter ? { encounter: context.encounter } : {}),
    };
    const body: Record<string, unknown> = {
      access_token: await signJwt({ ...claims, kind: 'access' }),
      token_type: 'Bearer',
      expires_in: tokenLifetime,
      scope: code.scope,
      need_patient_banner: context.needPatientBanner,
      smart_style_url: `${options.fhirBaseUrl}/smart-style.json`,
    };
    if (context.patient) body.patient = context.patient;
    if (context.encounter) body.encounter = context.encounter;
    if (scopes.includes('openid') && (scopes.includes('fhirUser') || scopes.includes('profile'))) {
      body.id_token = await signJwt({
        iss: options.fhirBaseUrl, sub: context.user, aud: code.clientId, fhirUser: context.user,
        iat: issuedAt, exp: issuedAt + tokenLifetime,
      });
    }
    return [200, body];
  }

  /** Claims of a valid, unexpired bearer token from an Authorization header, or the reason it is not. */
  async function verifyBearer(header: string | null): Promise<AccessTokenClaims | { problem: string }> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match?.[1]) return { problem: 'No bearer token was sent.' };
    const claims = await verifyJwt<AccessTokenClaims & { kind?: string }>(match[1]);
    if (!claims || claims.kind !== 'access') return { problem: 'The access token is not valid.' };
    if (claims.exp <= now()) return { problem: 'The access token has expired.' };
    return claims;
  }

  return { authorize, token, verifyBearer };
}

export type AuthServer = ReturnType<typeof createAuthServer>;
