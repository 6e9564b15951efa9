/**
 * The mock EHR as msw request handlers: a SMART authorization server and a FHIR R4 REST server over an
 * in-memory store. The same handlers serve the browser (service worker, mocks/browser.ts) and Node
 * tests (mocks/node.ts).
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { Bundle, BundleEntry, CapabilityStatement, CapabilityStatementRestResource, OperationOutcome, Resource } from 'fhir/r4';
import { createAuthServer, smartConfiguration, type AccessTokenClaims, type RegisteredClient } from './smart-auth';
import { decideAccess, visibleTo, type Interaction } from './access';
import { matches, planSearch } from './fhir-search';
import type { FhirStore } from './fhir-store';

export interface MockEhrOptions {
  /** e.g. http://ehr.test/fhir or `${location.origin}/mock-ehr/fhir`. */
  fhirBaseUrl: string;
  store: FhirStore;
  clients: RegisteredClient[];
  /** Where apps send the user to authorize; the browser needs a real page there (msw cannot answer navigations). */
  authorizationEndpoint?: string;
  /** Page size when the client sends no `_count`, and the most the server ever returns. */
  pageSize?: { default: number; max: number };
  accessTokenLifetime?: number;
  now?: () => number;
}

const FHIR_JSON = { 'Content-Type': 'application/fhir+json' };

/** Types the mock offers in its CapabilityStatement (it stores any type; these are the ones it claims). */
const OFFERED_TYPES = [
  'Patient', 'Encounter', 'Condition', 'Observation', 'MedicationRequest', 'MedicationAdministration', 'Medication',
  'Procedure', 'DiagnosticReport', 'DocumentReference', 'AllergyIntolerance', 'Claim', 'ExplanationOfBenefit',
  'CareTeam', 'Practitioner', 'PractitionerRole', 'Organization', 'Task', 'DetectedIssue', 'Provenance',
];

type IssueType = OperationOutcome['issue'][number]['code'];

export function operationOutcome(status: number, code: IssueType, diagnostics: string): Response {
  return HttpResponse.json<OperationOutcome>(
    { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] },
    { status, headers: FHIR_JSON },
  );
}

function fhirJson<T extends Resource>(body: T, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return HttpResponse.json<T>(body, { status: init.status ?? 200, headers: { ...FHIR_JSON, ...init.headers } });
}

export function createMockEhrHandlers(options: MockEhrOptions): HttpHandler[] {
  const base = options.fhirBaseUrl.replace(/\/$/, '');
  const { store } = options;
  const pageSize = options.pageSize ?? { default: 20, max: 50 };
  const auth = createAuthServer({
    fhirBaseUrl: base, clients: options.clients, accessTokenLifetime: options.accessTokenLifetime, now: options.now,
  });
  const authorizationEndpoint = options.authorizationEndpoint ?? `${base}/auth/authorize`;

  async function authenticate(request: Request): Promise<AccessTokenClaims | Response> {
    const claims = await auth.verifyBearer(request.headers.get('Authorization'));
    if ('problem' in claims) {
      const response = operationOutcome(401, 'login', claims.problem);
      response.headers.set('WWW-Authenticate', 'Bearer realm="mock-ehr", error="invalid_token"');
      return response;
    }
    return claims;
  }

  function authorizeInteraction(claims: AccessTokenClaims, type: string, interaction: Interaction) {
    const decision = decideAccess(claims, type, interaction);
    return decision.allowed ? decision : operationOutcome(403, 'forbidden', decision.reason);
  }

  function capabilityStatement(): CapabilityStatement {
    const types = [...new Set([...store.types(), ...OFFERED_TYPES])].sort();
    return {
      resourceType: 'CapabilityStatement', status: 'active', date: '2026-01-01', kind: 'instance', fhirVersion: '4.0.1',
      format: ['json'],
      software: { name: 'Clarify mock EHR' },
      implementation: { description: 'In-memory FHIR R4 server for Clarify development', url: base },
      rest: [{
        mode: 'server',
        security: {
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }],
          extension: [{
            url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
            extension: [
              { url: 'authorize', valueUri: authorizationEndpoint },
              { url: 'token', valueUri: `${base}/auth/token` },
            ],
          }],
        },
        resource: types.map((type): CapabilityStatementRestResource => ({
          type: type as CapabilityStatementRestResource['type'],
          interaction: [{ code: 'read' }, { code: 'search-type' }, { code: 'create' }, { code: 'update' }],
        })),
        interaction: [{ code: 'transaction' }, { code: 'batch' }],
      }],
    };
  }

  async function search(request: Request, type: string): Promise<Response> {
    const claims = await authenticate(request);
    if (claims instanceof Response) return claims;
    const access = authorizeInteraction(claims, type, 's');
    if (access instanceof Response) return access;
    const url = new URL(request.url);
    const plan = planSearch(type, url.searchParams);
    if ('error' in plan) return operationOutcome(400, 'not-supported', plan.error);
    const requested = Number(url.searchParams.get('_count') ?? pageSize.default);
    const offset = Number(url.searchParams.get('_offset') ?? 0);
    if (!Number.isInteger(requested) || requested < 0 || !Number.isInteger(offset) || offset < 0) {
      return operationOutcome(400, 'invalid', '_count and _offset must be non-negative integers.');
    }
    const count = Math.min(requested, pageSize.max);
    const found = store.all(type).filter((r) => visibleTo(access, r) && matches(r, plan));
    const summary = url.searchParams.get('_summary');
    if (summary === 'count') return fhirJson<Bundle>({ resourceType: 'Bundle', type: 'searchset', total: found.length, link: [{ relation: 'self', url: request.url }] });
    if (summary) return operationOutcome(400, 'not-supported', `_summary=${summary} is not supported.`);
    const page = found.slice(offset, offset + count);
    const link: Bundle['link'] = [{ relation: 'self', url: request.url }];
    if (offset + count < found.length && count > 0) {
      const next = new URL(url);
      next.searchParams.set('_offset', String(offset + count));
      next.searchParams.set('_count', String(count));
      link.push({ relation: 'next', url: next.href });
    }
    return fhirJson<Bundle>({
      resourceType: 'Bundle', type: 'searchset', total: found.length, link,
      entry: page.map((resource) => ({ fullUrl: `${base}/${type}/${resource.id}`, resource, search: { mode: 'match' } })),
    });
  }

  async function read(request: Request, type: string, id: string): Promise<Response> {
    const claims = await authenticate(request);
    if (claims instanceof Response) return claims;
    const ownUserRecord = claims.scope.split(' ').includes('fhirUser') && claims.fhirUser === `${type}/${id}`;
    const access = ownUserRecord ? { allowed: true as const } : authorizeInteraction(claims, type, 'r');
    if (access instanceof Response) return access;
    const resource = store.read(type, id);
    if (!resource) return operationOutcome(404, 'not-found', `${type}/${id} is not known.`);
    if (!visibleTo(access, resource)) return operationOutcome(403, 'forbidden', `${type}/${id} is outside the patient in context.`);
    return fhirJson(resource, { headers: { ETag: `W/"${resource.meta?.versionId}"` } });
  }

  async function readBody(request: Request): Promise<Resource | Response> {
    try {
      const body = (await request.json()) as Resource;
      if (!body || typeof body !== 'object' || typeof body.resourceType !== 'string') {
        return operationOutcome(400, 'structure', 'The body is not a FHIR resource.');
      }
      return body;
    } catch {
      return operationOutcome(400, 'structure', 'The body is not valid JSON.');
    }
  }

  /** Checks that the token may write this resource; returns an error response or undefined. */
  function checkWrite(claims: AccessTokenClaims, resource: Resource, interaction: Interaction) {
    const access = authorizeInteraction(claims, resource.resourceType, interaction);
    if (access instanceof Response) return access;
    if (!visibleTo(access, resource)) return operationOutcome(403, 'forbidden', 'The resource is outside the patient in context.');
    return undefined;
  }

  async function create(request: Request, type: string): Promise<Response> {
    const claims = await authenticate(request);
    if (claims instanceof Response) return claims;
    const body = await readBody(request);
    if (body instanceof Response) return body;
    if (body.resourceType !== type) return operationOutcome(400, 'invalid', `Expected a ${type}, got a ${body.resourceType}.`);
    const denied = checkWrite(claims, body, 'c');
    if (denied) return denied;
    const stored = store.create(body);
    return fhirJson(stored, { status: 201, headers: { Location: `${base}/${type}/${stored.id}/_history/${stored.meta?.versionId}` } });
  }

  async function update(request: Request, type: string, id: string): Promise<Response> {
    const claims = await authenticate(request);
    if (claims instanceof Response) return claims;
    const body = await readBody(request);
    if (body instanceof Response) return body;
    if (body.resourceType !== type || body.id !== id) {
      return operationOutcome(400, 'invalid', `The body must be ${type} with id ${id}.`);
    }
    const denied = checkWrite(claims, body, store.read(type, id) ? 'u' : 'c');
    if (denied) return denied;
    const { resource, created } = store.update({ ...body, id });
    return fhirJson(resource, { status: created ? 201 : 200 });
  }

  /**
   * Transaction (all or nothing) and batch bundles of POST and PUT entries. POST entries may carry
   * `ifNoneExist` (conditional create), and `urn:uuid:` fullUrls are rewritten to the assigned ids.
   */
  async function transaction(request: Request): Promise<Response> {
    const claims = await authenticate(request);
    if (claims instanceof Response) return claims;
    const body = await readBody(request);
    if (body instanceof Response) return body;
    const bundle = body as Bundle;
    if (bundle.resourceType !== 'Bundle' || (bundle.type !== 'transaction' && bundle.type !== 'batch')) {
      return operationOutcome(400, 'invalid', 'POST to the base URL takes a transaction or batch Bundle.');
    }
    const entries = bundle.entry ?? [];
    type Planned = { entry: BundleEntry; existing?: Resource; id?: string };
    const planned: Planned[] = [];
    const idFor = new Map<string, string>();
    for (const entry of entries) {
      const method = entry.request?.method;
      const resource = entry.resource;
      if (!resource || (method !== 'POST' && method !== 'PUT')) {
        return operationOutcome(400, 'not-supported', 'Only POST and PUT entries with a resource are supported.');
      }
      const denied = checkWrite(claims, resource, method === 'POST' ? 'c' : 'u');
      if (denied) return denied;
      if (method === 'POST' && entry.request?.ifNoneExist) {
        const plan = planSearch(resource.resourceType, new URLSearchParams(entry.request.ifNoneExist));
        if ('error' in plan) return operationOutcome(400, 'not-supported', plan.error);
        const existing = store.all(resource.resourceType).filter((r) => matches(r, plan));
        if (existing.length > 1) return operationOutcome(412, 'duplicate', `ifNoneExist matched ${existing.length} resources.`);
        if (existing[0]) {
          planned.push({ entry, existing: existing[0] });
          if (entry.fullUrl) idFor.set(entry.fullUrl, `${resource.resourceType}/${existing[0].id}`);
          continue;
        }
      }
      const id = method === 'PUT' ? (resource.id ?? '') : crypto.randomUUID();
      if (!id) return operationOutcome(400, 'invalid', 'A PUT entry needs a resource id.');
      if (entry.fullUrl) idFor.set(entry.fullUrl, `${resource.resourceType}/${id}`);
      planned.push({ entry, id });
    }
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite);
      if (!value || typeof value !== 'object') return value;
      return Object.fromEntries(Object.entries(value).map(([k, v]) =>
        [k, k === 'reference' && typeof v === 'string' && idFor.has(v) ? idFor.get(v) : rewrite(v)]));
    };
    const responseEntries: BundleEntry[] = planned.map(({ entry, existing, id }) => {
      if (existing) return { response: { status: '200 OK', location: `${existing.resourceType}/${existing.id}/_history/${existing.meta?.versionId}` }, resource: existing };
      const resource = { ...(rewrite(entry.resource) as Resource), id: id! };
      const { resource: stored, created } = store.update(resource as Resource & { id: string });
      return {
        resource: stored,
        response: { status: created ? '201 Created' : '200 OK', location: `${stored.resourceType}/${stored.id}/_history/${stored.meta?.versionId}` },
      };
    });
    return fhirJson<Bundle>({ resourceType: 'Bundle', type: `${bundle.type}-response`, entry: responseEntries });
  }

  const smartConfig = () => HttpResponse.json(smartConfiguration(base, authorizationEndpoint));

  return [
    http.get(`${base}/.well-known/smart-configuration`, smartConfig),
    http.get(`${base}/metadata`, () => fhirJson(capabilityStatement())),
    // Node tests follow the redirect; the browser's authorize page posts here and navigates itself.
    http.get(`${base}/auth/authorize`, async ({ request }) => {
      const outcome = await auth.authorize(new URL(request.url).searchParams);
      if ('redirect' in outcome) return new HttpResponse(null, { status: 302, headers: { Location: outcome.redirect } });
      return HttpResponse.json(outcome, { status: 400 });
    }),
    http.post(`${base}/auth/authorize`, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      const signedInUser = form.get('signed_in_user') ?? undefined;
      form.delete('signed_in_user');
      const outcome = await auth.authorize(form, signedInUser);
      return HttpResponse.json(outcome, { status: 'redirect' in outcome ? 200 : 400 });
    }),
    http.post(`${base}/auth/token`, async ({ request }) => {
      const [status, body] = await auth.token(new URLSearchParams(await request.text()));
      return HttpResponse.json(body, { status, headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' } });
    }),
    http.post(base, ({ request }) => transaction(request)),
    http.post(`${base}/`, ({ request }) => transaction(request)),
    http.get(`${base}/:type`, ({ request, params }) => search(request, String(params.type))),
    http.post(`${base}/:type`, ({ request, params }) => create(request, String(params.type))),
    http.get(`${base}/:type/:id`, ({ request, params }) => read(request, String(params.type), String(params.id))),
    http.put(`${base}/:type/:id`, ({ request, params }) => update(request, String(params.type), String(params.id))),
  ];
}
