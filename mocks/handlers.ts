/**
 * The mock EHR as msw request handlers: a SMART authorization server and a FHIR R4 REST server over the
 * mock store (mocks/fhir-store.ts: the seeded fixtures plus what apps wrote). The same handlers serve the browser (service worker, mocks/browser.ts) and Node
 * tests (mocks/node.ts).
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { Bundle, BundleEntry, CapabilityStatement, CapabilityStatementRestResource, OperationOutcome, Resource } from 'fhir/r4';
import { createAuthServer, MOCK_EHR_STYLE, smartConfiguration, type AccessTokenClaims, type RegisteredClient } from './smart-auth';
import { decideAccess, visibleTo, type Interaction } from './access';
import { includedReferences, includesOf, matches, planSearch, searchParamsOf, sortResources } from './fhir-search';
import { StoreWriteError, type FhirStore } from './fhir-store';
import { FHIR_ID, unresolvedPlaceholders, validateForWrite } from './fhir-validate';

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
  'Questionnaire', 'QuestionnaireResponse', 'Binary',
];

type IssueType = OperationOutcome['issue'][number]['code'];

/** A request the server refuses: the HTTP status and the OperationOutcome's issue code and diagnostics. */
class HttpProblem extends Error {
  constructor(readonly status: number, readonly code: IssueType, diagnostics: string) {
    super(diagnostics);
  }
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 412: 'Precondition Failed',
};
const statusLine = (status: number) => `${status} ${STATUS_TEXT[status] ?? ''}`.trim();

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
      implementation: { description: 'FHIR R4 server for Clarify development: seeded fixtures plus what apps wrote', url: base },
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
          interaction: [{ code: 'read' }, { code: 'vread' }, { code: 'history-instance' }, { code: 'search-type' }, { code: 'create' }, { code: 'update' }],
          versioning: 'versioned-update',
          readHistory: true,
          updateCreate: true,
          conditionalCreate: true,
          conditionalUpdate: false,
          conditionalDelete: 'not-supported',
          searchInclude: includesOf(type),
          searchParam: searchParamsOf(type).map(({ name, type: paramType }) => ({ name, type: paramType })),
        })),
        interaction: [{ code: 'transaction' }, { code: 'batch' }],
      }],
    };
  }

  /** The JSON answer of a read or write, with the resource's ETag and Last-Modified (and Location for a write). */
  function resourceResponse(resource: Resource, status: number, options: { location?: boolean; minimal?: boolean } = {}): Response {
    const headers: Record<string, string> = { ETag: `W/"${resource.meta?.versionId}"` };
    if (resource.meta?.lastUpdated) headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
    if (options.location) headers.Location = `${base}/${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId}`;
    if (options.minimal) return new HttpResponse(null, { status, headers });
    return fhirJson(resource, { status, headers });
  }

  /** Answers a request with the problem it raised (HttpProblem) or the store's refusal to keep a write. */
  function problemResponse(error: unknown): Response {
    if (error instanceof HttpProblem) return operationOutcome(error.status, error.code, error.message);
    if (error instanceof StoreWriteError) return operationOutcome(500, 'exception', error.message);
    throw error;
  }

  async function search(request: Request, type: string): Promise<Response> {
    const claims = await authenticate(request);
    if (claims instanceof Response) return claims;
    const access = authorizeInteraction(claims, type, 's');
    if (access instanceof Response) return access;
    const url = new URL(request.url);
    const plan = planSearch(type, url.searchParams, (t, id) => store.read(t, id));
    if ('error' in plan) return operationOutcome(400, 'not-supported', plan.error);
    const requested = Number(url.searchParams.get('_count') ?? pageSize.default);
    const offset = Number(url.searchParams.get('_offset') ?? 0);
    if (!Number.isInteger(requested) || requested < 0 || !Number.isInteger(offset) || offset < 0) {
      return operationOutcome(400, 'invalid', '_count and _offset must be non-negative integers.');
    }
    const count = Math.min(requested, pageSize.max);
    const found = sortResources(store.all(type).filter((r) => visibleTo(access, r) && matches(r, plan)), plan.sort);
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
    // _include: what the page's matches reference, where the token may read it (others are left out silently, as servers do).
    const included = includedReferences(page, plan.include).flatMap((reference) => {
      const [includedType, id] = reference.split('/') as [string, string];
      const readAccess = decideAccess(claims, includedType, 'r');
      const resource = readAccess.allowed ? store.read(includedType, id) : undefined;
      return resource && readAccess.allowed && visibleTo(readAccess, resource) ? [resource] : [];
    });
    return fhirJson<Bundle>({
      resourceType: 'Bundle', type: 'searchset', total: found.length, link,
      entry: [
        ...page.map((resource) => ({ fullUrl: `${base}/${type}/${resource.id}`, resource, search: { mode: 'match' as const } })),
        ...included.map((resource) => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'include' as const } })),
      ],
    });
  }

  /** Checks that the token may read `type/id` and returns its access, or the error response. */
  async function readAccess(request: Request, type: string, id: string) {
    const claims = await authenticate(request);
    if (claims instanceof Response) return claims;
    const ownUserRecord = claims.scope.split(' ').includes('fhirUser') && claims.fhirUser === `${type}/${id}`;
    return ownUserRecord ? { allowed: true as const } : authorizeInteraction(claims, type, 'r');
  }

  async function read(request: Request, type: string, id: string): Promise<Response> {
    const access = await readAccess(request, type, id);
    if (access instanceof Response) return access;
    const resource = store.read(type, id);
    if (!resource) return operationOutcome(404, 'not-found', `${type}/${id} is not known.`);
    if (!visibleTo(access, resource)) return operationOutcome(403, 'forbidden', `${type}/${id} is outside the patient in context.`);
    if (type === 'Binary' && !wantsFhir(request)) return rawBinary(resource);
    return resourceResponse(resource, 200);
  }

  /** Whether a request accepts FHIR JSON (or sends no Accept): else a Binary is answered as its raw content. */
  const wantsFhir = (request: Request) => {
    const accept = request.headers.get('Accept');
    return !accept || /(?:^|[\s,])(?:application\/(?:fhir\+)?json|\*\/\*)/.test(accept);
  };

  /** A Binary read as itself (https://hl7.org/fhir/R4/binary.html#rest): its bytes, with its contentType. */
  function rawBinary(resource: Resource): Response {
    const binary = resource as Resource & { contentType?: string; data?: string };
    const bytes = Uint8Array.from(atob(binary.data ?? ''), (c) => c.charCodeAt(0));
    return new HttpResponse(bytes, { status: 200, headers: { 'Content-Type': binary.contentType ?? 'application/octet-stream', ETag: `W/"${resource.meta?.versionId}"` } });
  }

  /** `GET [type]/[id]/_history/[vid]` (vread). */
  async function vread(request: Request, type: string, id: string, versionId: string): Promise<Response> {
    const access = await readAccess(request, type, id);
    if (access instanceof Response) return access;
    const current = store.read(type, id);
    if (!current) return operationOutcome(404, 'not-found', `${type}/${id} is not known.`);
    if (!visibleTo(access, current)) return operationOutcome(403, 'forbidden', `${type}/${id} is outside the patient in context.`);
    const version = store.version(type, id, versionId);
    if (!version) return operationOutcome(404, 'not-found', `${type}/${id} has no version ${versionId}.`);
    return resourceResponse(version, 200);
  }

  /** `GET [type]/[id]/_history`: every version, newest first. */
  async function history(request: Request, type: string, id: string): Promise<Response> {
    const access = await readAccess(request, type, id);
    if (access instanceof Response) return access;
    const versions = store.history(type, id);
    if (versions.length === 0) return operationOutcome(404, 'not-found', `${type}/${id} is not known.`);
    if (!visibleTo(access, versions[0]!)) return operationOutcome(403, 'forbidden', `${type}/${id} is outside the patient in context.`);
    return fhirJson<Bundle>({
      resourceType: 'Bundle', type: 'history', total: versions.length, link: [{ relation: 'self', url: request.url }],
      entry: versions.map((resource, i) => ({
        fullUrl: `${base}/${type}/${id}`, resource,
        request: { method: i === versions.length - 1 ? 'POST' : 'PUT', url: i === versions.length - 1 ? type : `${type}/${id}` },
        response: { status: i === versions.length - 1 ? '201 Created' : '200 OK', etag: `W/"${resource.meta?.versionId}"`, lastModified: resource.meta?.lastUpdated },
      })),
    });
  }

  async function readBody(request: Request): Promise<Resource | Response> {
    try {
      const body = (await request.json()) as Resource;
      if (!body || typeof body !== 'object' || Array.isArray(body) || typeof body.resourceType !== 'string') {
        return operationOutcome(400, 'structure', 'The body is not a FHIR resource.');
      }
      return body;
    } catch {
      return operationOutcome(400, 'structure', 'The body is not valid JSON.');
    }
  }

  /** Throws 403 unless the token may `interaction` this resource (and, for an update, the version it replaces). */
  function checkWrite(claims: AccessTokenClaims, resource: Resource, interaction: Interaction, replaced?: Resource): void {
    const decision = decideAccess(claims, resource.resourceType, interaction);
    if (!decision.allowed) throw new HttpProblem(403, 'forbidden', decision.reason);
    if (!visibleTo(decision, resource) || (replaced && !visibleTo(decision, replaced))) {
      throw new HttpProblem(403, 'forbidden', 'The resource is outside the patient in context.');
    }
  }

  /** Throws 400 unless the resource is one the server accepts (required elements, codes, no `urn:` placeholder left). */
  function checkContent(resource: Resource): void {
    const problems = [...validateForWrite(resource), ...unresolvedPlaceholders(resource, resource.resourceType).map((p) => `unresolved reference ${p}`)];
    if (problems.length > 0) throw new HttpProblem(400, 'invariant', problems.join('; '));
  }

  /**
   * A conditional create's match (`If-None-Exist` / `request.ifNoneExist`: a query, optionally after
   * `Type?`), among what the token may see: undefined for none; 412 for several. https://hl7.org/fhir/R4/http.html#ccreate
   */
  function conditionalMatch(claims: AccessTokenClaims, type: string, query: string): Resource | undefined {
    const params = new URLSearchParams(query.replace(new RegExp(`^(?:${type})?\\?`), ''));
    if ([...params.keys()].length === 0) throw new HttpProblem(400, 'invalid', 'If-None-Exist needs a search query.');
    const plan = planSearch(type, params, (t, id) => store.read(t, id));
    if ('error' in plan) throw new HttpProblem(400, 'not-supported', plan.error);
    const decision = decideAccess(claims, type, 'c');
    const found = store.all(type).filter((r) => (!decision.allowed || visibleTo(decision, r)) && matches(r, plan));
    if (found.length > 1) throw new HttpProblem(412, 'duplicate', `The conditional create matched ${found.length} resources.`);
    return found[0] ? store.read(type, found[0].id!) : undefined;
  }

  /** Throws 412 unless `If-Match` (`W/"3"`) names the current version of `current`. */
  function checkIfMatch(ifMatch: string | null | undefined, current: Resource | undefined, type: string, id: string): void {
    if (!ifMatch) return;
    const wanted = /^(?:W\/)?"([^"]+)"$/.exec(ifMatch.trim())?.[1];
    if (wanted === undefined) throw new HttpProblem(400, 'invalid', `If-Match must be a weak ETag (W/"<versionId>").`);
    if (!current) throw new HttpProblem(412, 'conflict', `${type}/${id} does not exist, so it has no version ${wanted}.`);
    if (current.meta?.versionId !== wanted) {
      throw new HttpProblem(412, 'conflict', `${type}/${id} is at version ${current.meta?.versionId}, not ${wanted}: it was changed since it was read.`);
    }
  }

  const wantsMinimal = (request: Request) => /\breturn=minimal\b/.test(request.headers.get('Prefer') ?? '');

  async function create(request: Request, type: string): Promise<Response> {
    const claims = await authenticate(request);
    if (claims instanceof Response) return claims;
    const body = await readBody(request);
    if (body instanceof Response) return body;
    if (body.resourceType !== type) return operationOutcome(400, 'invalid', `Expected a ${type}, got a ${body.resourceType}.`);
    try {
      const { id: _clientId, ...resource } = body;
      checkWrite(claims, resource as Resource, 'c');
      checkContent(resource as Resource);
      const ifNoneExist = request.headers.get('If-None-Exist');
      const existing = ifNoneExist ? conditionalMatch(claims, type, ifNoneExist) : undefined;
      if (existing) return resourceResponse(existing, 200, { location: true, minimal: wantsMinimal(request) });
      const stored = store.create(resource as Resource);
      return resourceResponse(stored, 201, { location: true, minimal: wantsMinimal(request) });
    } catch (error) {
      return problemResponse(error);
    }
  }

  async function update(request: Request, type: string, id: string): Promise<Response> {
    const claims = await authenticate(request);
    if (claims instanceof Response) return claims;
    const body = await readBody(request);
    if (body instanceof Response) return body;
    if (body.resourceType !== type || body.id !== id) {
      return operationOutcome(400, 'invalid', `The body must be ${type} with id ${id}.`);
    }
    try {
      if (!FHIR_ID.test(id)) throw new HttpProblem(400, 'invalid', `${id} is not a FHIR id.`);
      const { resource, created } = store.atomically(() => {
        const current = store.read(type, id);
        checkWrite(claims, body, current ? 'u' : 'c', current);
        checkContent(body);
        checkIfMatch(request.headers.get('If-Match'), current, type, id);
        return store.update({ ...body, id });
      });
      return resourceResponse(resource, created ? 201 : 200, { location: created, minimal: wantsMinimal(request) });
    } catch (error) {
      return problemResponse(error);
    }
  }

  /**
   * One POST or PUT entry of a transaction or batch, applied to the store (inside `store.atomically`).
   * `idFor` maps the bundle's fullUrls to the `Type/id` they were given; references are rewritten with it.
   */
  interface PlannedEntry {
    entry: BundleEntry;
    method: 'POST' | 'PUT';
    type: string;
    id: string;
    /** A POST whose ifNoneExist matched: nothing is written, the match is the answer. */
    existing?: Resource;
  }

  /** Where an entry goes, checked: a POST's id (new, or its ifNoneExist match) or a PUT's `Type/id`. */
  function planEntry(claims: AccessTokenClaims, entry: BundleEntry, index: number): PlannedEntry {
    const request = entry.request;
    const resource = entry.resource;
    const method = request?.method;
    if (method === 'DELETE') throw new HttpProblem(405, 'not-supported', `Entry ${index}: this server never deletes.`);
    if (method !== 'POST' && method !== 'PUT') throw new HttpProblem(400, 'not-supported', `Entry ${index}: only POST and PUT entries are supported.`);
    if (!resource || typeof resource.resourceType !== 'string') throw new HttpProblem(400, 'structure', `Entry ${index}: a ${method} entry needs a resource.`);
    const written = request?.url ?? '';
    const url = (written.startsWith(`${base}/`) ? written.slice(base.length + 1) : written).split('?')[0]!;
    const [type, urlId, ...rest] = url.split('/');
    if (type !== resource.resourceType || rest.length > 0) throw new HttpProblem(400, 'invalid', `Entry ${index}: request.url "${request?.url}" does not name a ${resource.resourceType}${method === 'PUT' ? ' and its id' : ''}.`);
    if (method === 'POST') {
      if (urlId) throw new HttpProblem(400, 'invalid', `Entry ${index}: a POST goes to the type (${type}), not to an id.`);
      const existing = request?.ifNoneExist ? conditionalMatch(claims, type, request.ifNoneExist) : undefined;
      return { entry, method, type, id: existing?.id ?? crypto.randomUUID(), ...(existing ? { existing } : {}) };
    }
    const id = urlId ?? '';
    if (!FHIR_ID.test(id)) throw new HttpProblem(400, 'invalid', `Entry ${index}: a PUT entry needs a resource id in request.url.`);
    if (resource.id !== undefined && resource.id !== id) throw new HttpProblem(400, 'invalid', `Entry ${index}: the resource id is not the one in request.url.`);
    return { entry, method, type, id };
  }

  /** Applies one planned entry; returns its response entry. */
  function applyEntry(claims: AccessTokenClaims, planned: PlannedEntry, rewrite: (value: unknown) => unknown): BundleEntry {
    if (planned.existing) {
      const e = planned.existing;
      return { resource: e, response: { status: '200 OK', location: `${e.resourceType}/${e.id}/_history/${e.meta?.versionId}`, etag: `W/"${e.meta?.versionId}"`, lastModified: e.meta?.lastUpdated } };
    }
    const resource = { ...(rewrite(planned.entry.resource) as Resource), id: planned.id };
    const current = store.read(planned.type, planned.id);
    checkWrite(claims, resource, planned.method === 'POST' || !current ? 'c' : 'u', current);
    checkContent(resource);
    if (planned.method === 'PUT') checkIfMatch(planned.entry.request?.ifMatch, current, planned.type, planned.id);
    const stored = planned.method === 'POST' ? store.create(resource, planned.id) : store.update(resource as Resource & { id: string }).resource;
    const created = planned.method === 'POST' || !current;
    return {
      resource: stored,
      response: {
        status: created ? '201 Created' : '200 OK',
        location: `${stored.resourceType}/${stored.id}/_history/${stored.meta?.versionId}`,
        etag: `W/"${stored.meta?.versionId}"`,
        lastModified: stored.meta?.lastUpdated,
      },
    };
  }

  /**
   * Replaces every string equal to a mapped fullUrl (references, canonicals, uris) with the `Type/id` it was
   * given, and the fullUrls in narrative links (`href="urn:uuid:..."`).
   */
  function rewriterFor(idFor: ReadonlyMap<string, string>) {
    const inNarrative = (div: string) => div.replace(/(href|src)="([^"]+)"/g, (whole, attribute: string, url: string) =>
      (idFor.has(url) ? `${attribute}="${idFor.get(url)}"` : whole));
    const rewrite = (value: unknown, key?: string): unknown => {
      if (typeof value === 'string') return idFor.get(value) ?? (key === 'div' ? inNarrative(value) : value);
      if (Array.isArray(value)) return value.map((v) => rewrite(v));
      if (!value || typeof value !== 'object') return value;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, k)]));
    };
    return (value: unknown) => rewrite(value);
  }

  /**
   * Transaction (all or nothing; https://hl7.org/fhir/R4/http.html#trules) and batch Bundles of POST and PUT
   * entries. POST entries may carry `ifNoneExist` (conditional create: the match is the answer, nothing is
   * written); PUT entries `ifMatch`. In a transaction, `urn:uuid:` fullUrls are given their `Type/id` first
   * and every reference to them is rewritten; any failing entry fails the whole Bundle with its status.
   * The response lists the entries in request order with status, location, etag and the resource.
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
    if (bundle.entry !== undefined && !Array.isArray(bundle.entry)) return operationOutcome(400, 'structure', 'Bundle.entry must be a list.');
    const entries = bundle.entry ?? [];
    if (bundle.type === 'batch') {
      // Each entry on its own (a batch's entries may not refer to each other).
      const responses = entries.map((entry, index): BundleEntry => {
        try {
          return store.atomically(() => applyEntry(claims, planEntry(claims, entry, index), (v) => v));
        } catch (error) {
          if (!(error instanceof HttpProblem)) return { response: { status: '500 Internal Server Error' } };
          const outcome: OperationOutcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: error.code, diagnostics: error.message }] };
          return { response: { status: statusLine(error.status), outcome } };
        }
      });
      return fhirJson<Bundle>({ resourceType: 'Bundle', type: 'batch-response', entry: responses });
    }
    try {
      const responses = store.atomically(() => {
        const planned = entries.map((entry, index) => planEntry(claims, entry, index));
        const idFor = new Map<string, string>();
        for (const p of planned) {
          const fullUrl = p.entry.fullUrl;
          if (!fullUrl) continue;
          if (idFor.has(fullUrl)) throw new HttpProblem(400, 'invalid', `Two entries have the fullUrl ${fullUrl}.`);
          idFor.set(fullUrl, `${p.type}/${p.id}`);
        }
        const rewrite = rewriterFor(idFor);
        // FHIR's processing order: POSTs, then PUTs; the response keeps the request's order.
        const byIndex = new Map<number, BundleEntry>();
        for (const method of ['POST', 'PUT'] as const) {
          planned.forEach((p, i) => {
            if (p.method === method) byIndex.set(i, applyEntry(claims, p, rewrite));
          });
        }
        return planned.map((_, i) => byIndex.get(i)!);
      });
      return fhirJson<Bundle>({ resourceType: 'Bundle', type: 'transaction-response', entry: responses });
    } catch (error) {
      return problemResponse(error);
    }
  }

  const notAllowed = ({ request }: { request: Request }) => operationOutcome(405, 'not-supported',
    `${request.method} is not supported: this server never deletes or patches. Queries and their history are kept (set a status instead).`);

  const smartConfig = () => HttpResponse.json(smartConfiguration(base, authorizationEndpoint));

  return [
    http.get(`${base}/.well-known/smart-configuration`, smartConfig),
    http.get(`${base}/smart-style.json`, () => HttpResponse.json(MOCK_EHR_STYLE)),
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
    http.get(`${base}/:type/:id/_history`, ({ request, params }) => history(request, String(params.type), String(params.id))),
    http.get(`${base}/:type/:id/_history/:vid`, ({ request, params }) => vread(request, String(params.type), String(params.id), String(params.vid))),
    http.put(`${base}/:type/:id`, ({ request, params }) => update(request, String(params.type), String(params.id))),
    http.delete(`${base}/:type`, notAllowed),
    http.delete(`${base}/:type/:id`, notAllowed),
    http.patch(`${base}/:type/:id`, notAllowed),
  ];
}
