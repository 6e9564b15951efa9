/**
 * FhirGateway: the one way Clarify talks to a FHIR server. Plain fetch against the server's base URL
 * with the SMART bearer token. Rate limits (429) and transient outages (502/503/504) and timeouts are
 * retried with bounded backoff that honours Retry-After; every other failure becomes a FhirRequestError
 * with a kind the UI can explain. https://hl7.org/fhir/R4/http.html
 */
import type { Bundle, CapabilityStatement, OperationOutcome, Resource } from 'fhir/r4';
import { FhirRequestError, isOperationOutcome, kindOfStatus } from './errors';

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface SearchOptions extends RequestOptions {
  /** Stop following `next` links after this many pages (a guard against servers that never end). */
  maxPages?: number;
  /** Called after each page with the number of matches it held. */
  onPage?: (matches: number) => void;
  /** Shared page allowance across searches; a search stops when it returns false. */
  takePage?: () => boolean;
}

export interface SearchResult<T> {
  resources: T[];
  /** False when the search stopped before the last page (page limit reached). */
  complete: boolean;
  /**
   * What the pages held beside the matches (`_include`d resources, entry `search.mode` include, or of
   * another type), untrusted JSON as the server sent it; OperationOutcome warnings are left out.
   */
  included: Resource[];
}

/**
 * Search parameters: a value per name, or several for a name the search repeats (`_include` twice, or
 * `date=ge…&date=le…`, an AND). A comma inside one value is an OR, as FHIR writes it.
 */
export type SearchParams = Readonly<Record<string, string | readonly string[]>>;

/** The query string of search parameters, repeated names kept. */
export function searchQuery(params: SearchParams): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const v of typeof value === 'string' ? [value] : value) query.append(name, v);
  }
  return query.toString();
}

export interface FhirGateway {
  readonly baseUrl: string;
  /** Reads `Type/id`. */
  read<T extends Resource>(reference: string, options?: RequestOptions): Promise<T>;
  /** Searches a type and follows `next` links until every page is read. */
  search<T extends Resource>(type: string, params: SearchParams, options?: SearchOptions): Promise<T[]>;
  /** Like search, but says whether it stopped early instead of returning silently short, and what was included. */
  searchPages<T extends Resource>(type: string, params: SearchParams, options?: SearchOptions): Promise<SearchResult<T>>;
  /** How many resources a search matches (`_summary=count`), or undefined if the server does not say. */
  count(type: string, params: SearchParams, options?: RequestOptions): Promise<number | undefined>;
  /** The server's CapabilityStatement (`/metadata`). */
  capabilities(options?: RequestOptions): Promise<CapabilityStatement>;
  /**
   * POST `{base}/{Type}`. Never retried (a resend could create a duplicate): a 502/503/504, a timeout or
   * a failed connection is reported with `outcomeUnknown` and a message saying the outcome is unknown.
   * A 201 without a body returns the input with the id (and versionId) from `Location`, so a success is
   * never turned into a failure by a second request.
   */
  create<T extends Resource>(resource: T, options?: RequestOptions): Promise<T>;
  /** PUT `{base}/{Type}/{id}`, with `If-Match` when given; 409/412 become kind 'conflict'. Retried (PUT is idempotent). */
  update<T extends Resource>(resource: T, options?: UpdateOptions): Promise<T>;
  /** Conditional create (`If-None-Exist: query`): the existing match (200) or the new resource (201). Retried. */
  createIfNoneExist<T extends Resource>(resource: T, query: string, options?: RequestOptions): Promise<T>;
  /**
   * POST `{base}` with a transaction Bundle; returns the transaction-response. Retried only when every
   * POST entry carries `request.ifNoneExist` (PUT/DELETE/GET entries are idempotent).
   */
  transaction(bundle: Bundle, options?: RequestOptions): Promise<Bundle>;
}

export interface UpdateOptions extends RequestOptions {
  /** The versionId the change was based on (`3`) or its weak ETag (`W/"3"`). */
  ifMatch?: string;
}

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff when the server gives no Retry-After; doubles each time. */
  baseDelayMs: number;
  /** No single wait is longer than this, whatever Retry-After says. */
  maxDelayMs: number;
}

export interface GatewayConfig {
  baseUrl: string;
  /** The Authorization header value (e.g. `Bearer …`), refreshed by the SMART client when needed. */
  authorization: () => Promise<string | null>;
  fetch?: typeof fetch;
  /** Per-request time limit. */
  timeoutMs?: number;
  /** Requests in flight at once; the rest wait their turn (be a good citizen of the EHR). */
  maxConcurrent?: number;
  retry?: Partial<RetryPolicy>;
  /** Waits between retries; tests replace it to run without real delays. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

const DEFAULT_MAX_PAGES = 1000;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_CONCURRENT = 6;
const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 15_000 };
const RETRIED_STATUSES = new Set([429, 502, 503, 504]);

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new FhirRequestError('aborted', 0, 'The request was cancelled.'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new FhirRequestError('aborted', 0, 'The request was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After as delta-seconds or an HTTP-date (RFC 9110 §10.2.3), in milliseconds from now. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A counting semaphore: at most `limit` holders at once, served in arrival order. */
function createSemaphore(limit: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async function withSlot<T>(task: () => Promise<T>): Promise<T> {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

export function createFhirGateway(config: GatewayConfig): FhirGateway {
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  const origin = new URL(baseUrl).origin;
  const doFetch = config.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retry = { ...DEFAULT_RETRY, ...config.retry };
  const sleep = config.sleep ?? abortableSleep;
  const now = config.now ?? Date.now;
  const withSlot = createSemaphore(config.maxConcurrent ?? DEFAULT_MAX_CONCURRENT);

  interface Exchange {
    method?: 'GET' | 'POST' | 'PUT';
    body?: unknown;
    headers?: Record<string, string>;
  }
  type Answer = { body: unknown; status: number; headers: Headers };

  /** One HTTP exchange: resolves to the parsed JSON body, or throws a FhirRequestError. */
  async function attempt(url: string, signal: AbortSignal | undefined, exchange: Exchange = {}): Promise<Answer | { error: FhirRequestError; retryAfter?: number }> {
    const authorization = await config.authorization();
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await doFetch(url, {
        method: exchange.method ?? 'GET',
        headers: {
          Accept: 'application/fhir+json',
          ...(exchange.body !== undefined ? { 'Content-Type': 'application/fhir+json' } : {}),
          ...exchange.headers,
          ...(authorization ? { Authorization: authorization } : {}),
        },
        ...(exchange.body !== undefined ? { body: JSON.stringify(exchange.body) } : {}),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch {
      if (signal?.aborted) throw new FhirRequestError('aborted', 0, 'The request was cancelled.');
      if (timeout.aborted) return { error: new FhirRequestError('timeout', 0, `No answer within ${Math.round(timeoutMs / 1000)} s.`) };
      throw new FhirRequestError('unreachable', 0, 'The FHIR server could not be reached.');
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      if (signal?.aborted) throw new FhirRequestError('aborted', 0, 'The request was cancelled.');
      return { error: new FhirRequestError('timeout', response.status, 'The answer was cut off.') };
    }
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      if (response.ok) throw new FhirRequestError('malformed', response.status, 'The server sent a response that is not valid JSON.');
    }
    if (response.ok) return { body, status: response.status, headers: response.headers };
    const outcome = isOperationOutcome(body) ? (body as OperationOutcome) : undefined;
    const kind = exchange.method && exchange.method !== 'GET' && (response.status === 409 || response.status === 412) ? 'conflict' : kindOfStatus(response.status);
    const error = new FhirRequestError(kind, response.status, `The server answered ${response.status}.`, outcome);
    if (!RETRIED_STATUSES.has(response.status)) throw error;
    return { error, retryAfter: retryAfterMs(response.headers.get('Retry-After'), now()) };
  }

  async function exchangeJson(url: string, options: RequestOptions, exchange: Exchange = {}, retried = true): Promise<Answer> {
    // The bearer token goes only to this server: never follow a link to another origin with it.
    if (new URL(url).origin !== origin) {
      throw new FhirRequestError('malformed', 0, 'The server returned a link to another server; it was not followed.');
    }
    let uncertain = false;
    for (let tries = 0; ; tries++) {
      // The slot is held for one exchange only, never across a retry wait.
      let result: Awaited<ReturnType<typeof attempt>>;
      try {
        result = await withSlot(() => attempt(url, options.signal, exchange));
      } catch (error) {
        // A conflict after an attempt whose answer was lost may be that attempt's own doing.
        if (uncertain && error instanceof FhirRequestError && error.kind === 'conflict') {
          throw new FhirRequestError('conflict', error.status, `${error.message} An earlier attempt whose answer was lost may itself have saved the change; reload to check.`, error.outcome);
        }
        // A connection that failed may have failed after the request reached the server.
        if (!retried && error instanceof FhirRequestError && error.kind === 'unreachable') throw notResent(error);
        throw error;
      }
      if ('body' in result) return result;
      if (!retried) throw notResent(result.error);
      if (tries >= retry.retries) throw result.error;
      uncertain ||= result.error.status !== 429;
      const backoff = retry.baseDelayMs * 2 ** tries;
      await sleep(Math.min(result.retryAfter ?? backoff, retry.maxDelayMs), options.signal);
    }
  }

  /**
   * The failure of a write that is never resent. A 429 refused it (nothing was saved); any other failure
   * that reaches here (no connection, a timeout, 502/503/504) leaves its outcome unknown, said the same
   * way every time: in the message and as `outcomeUnknown`.
   */
  function notResent(error: FhirRequestError): FhirRequestError {
    if (error.status === 429) {
      return new FhirRequestError(error.kind, error.status, `${error.message} The server refused it for now; it was not sent again.`, error.outcome);
    }
    return new FhirRequestError(error.kind, error.status,
      `${error.message} Whether the change was saved is unknown; it was not sent again, so check before retrying.`, error.outcome, { outcomeUnknown: true });
  }

  async function getJson(url: string, options: RequestOptions): Promise<unknown> {
    return (await exchangeJson(url, options)).body;
  }

  /** `[base/]Type/id[/_history/vid]` from a Location header. */
  function parseLocation(location: string | null, type: string): { id: string; versionId?: string } | undefined {
    const match = location ? new RegExp(`(?:^|/)${type}/([^/?#]+)(?:/_history/([^/?#]+))?/?(?:[?#].*)?$`).exec(location) : null;
    return match ? { id: decodeURIComponent(match[1]!), ...(match[2] ? { versionId: decodeURIComponent(match[2]) } : {}) } : undefined;
  }

  /** The resource a write returned; without a body, the input with the identity the headers give. */
  function writtenResource<T extends Resource>(answer: Answer, sent: T, what: string): T {
    const { body } = answer;
    if (body !== undefined) {
      if ((body as Resource).resourceType !== sent.resourceType) {
        throw new FhirRequestError('malformed', answer.status, `The ${what} succeeded but the server did not return a ${sent.resourceType}.`);
      }
      return body as T;
    }
    const located = parseLocation(answer.headers.get('Location') ?? answer.headers.get('Content-Location'), sent.resourceType);
    const etag = /^(?:W\/)?"([^"]*)"$/.exec(answer.headers.get('ETag') ?? '')?.[1];
    const id = located?.id ?? sent.id;
    if (!id) throw new FhirRequestError('malformed', answer.status, `The ${what} succeeded but the server did not say the new ${sent.resourceType}'s id.`);
    const versionId = located?.versionId ?? etag;
    return { ...sent, id, ...(versionId ? { meta: { ...sent.meta, versionId } } : {}) };
  }

  const WRITE_HEADERS = { Prefer: 'return=representation' };

  async function searchPages<T extends Resource>(type: string, params: SearchParams, options: SearchOptions = {}): Promise<SearchResult<T>> {
    const resources: T[] = [];
    const included: Resource[] = [];
    let url: string | undefined = `${baseUrl}/${type}?${searchQuery(params)}`;
    const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    for (let page = 0; url; page++) {
      if (page >= maxPages || (options.takePage && !options.takePage())) return { resources, complete: false, included };
      const bundle = (await getJson(url, options)) as Bundle | undefined;
      if (bundle?.resourceType !== 'Bundle') throw new FhirRequestError('malformed', 200, `The ${type} search did not return a Bundle.`);
      if ((bundle.entry !== undefined && !Array.isArray(bundle.entry)) || (bundle.link !== undefined && !Array.isArray(bundle.link))) {
        throw new FhirRequestError('malformed', 200, `The ${type} search returned a Bundle whose entries or links are not lists.`);
      }
      let matches = 0;
      for (const entry of bundle.entry ?? []) {
        // Included resources and OperationOutcome warnings are not matches.
        if (entry?.resource?.resourceType === type && entry.search?.mode !== 'include') {
          resources.push(entry.resource as T);
          matches++;
        } else if (typeof entry?.resource?.resourceType === 'string' && entry.resource.resourceType !== 'OperationOutcome' && entry.search?.mode !== 'outcome') {
          included.push(entry.resource);
        }
      }
      options.onPage?.(matches);
      const next: unknown = bundle.link?.find((l) => l?.relation === 'next')?.url;
      url = typeof next === 'string' && next !== '' ? URL.parse(next, `${baseUrl}/`)?.href : undefined;
      if (typeof next === 'string' && next !== '' && url === undefined) {
        throw new FhirRequestError('malformed', 200, `The ${type} search returned a next link that is not a URL.`);
      }
    }
    return { resources, complete: true, included };
  }

  return {
    baseUrl,

    async read<T extends Resource>(reference: string, options: RequestOptions = {}) {
      const [type, id] = reference.split('/');
      const body = await getJson(`${baseUrl}/${type}/${encodeURIComponent(id ?? '')}`, options);
      if (!body || (body as Resource).resourceType !== type) {
        throw new FhirRequestError('malformed', 200, `The server did not return a ${type}.`);
      }
      return body as T;
    },

    async search<T extends Resource>(type: string, params: SearchParams, options: SearchOptions = {}) {
      return (await searchPages<T>(type, params, options)).resources;
    },

    searchPages,

    async count(type: string, params: SearchParams, options: RequestOptions = {}) {
      const body = (await getJson(`${baseUrl}/${type}?${searchQuery({ ...params, _summary: 'count' })}`, options)) as Bundle | undefined;
      return body?.resourceType === 'Bundle' && typeof body.total === 'number' ? body.total : undefined;
    },

    async capabilities(options: RequestOptions = {}) {
      const body = await getJson(`${baseUrl}/metadata`, options);
      if ((body as Resource | undefined)?.resourceType !== 'CapabilityStatement') {
        throw new FhirRequestError('malformed', 200, 'The server did not return a CapabilityStatement.');
      }
      return body as CapabilityStatement;
    },

    async create<T extends Resource>(resource: T, options: RequestOptions = {}) {
      const answer = await exchangeJson(`${baseUrl}/${resource.resourceType}`, options, { method: 'POST', body: resource, headers: WRITE_HEADERS }, false);
      return writtenResource(answer, resource, 'create');
    },

    async update<T extends Resource>(resource: T, options: UpdateOptions = {}) {
      if (!resource.id) throw new TypeError(`Cannot update a ${resource.resourceType} that has no id.`);
      const headers: Record<string, string> = { ...WRITE_HEADERS };
      if (options.ifMatch) headers['If-Match'] = /^(W\/)?"/.test(options.ifMatch) ? options.ifMatch : `W/"${options.ifMatch}"`;
      const url = `${baseUrl}/${resource.resourceType}/${encodeURIComponent(resource.id)}`;
      const answer = await exchangeJson(url, options, { method: 'PUT', body: resource, headers });
      return writtenResource(answer, resource, 'update');
    },

    async createIfNoneExist<T extends Resource>(resource: T, query: string, options: RequestOptions = {}) {
      const headers = { ...WRITE_HEADERS, 'If-None-Exist': query };
      const answer = await exchangeJson(`${baseUrl}/${resource.resourceType}`, options, { method: 'POST', body: resource, headers });
      return writtenResource(answer, resource, 'conditional create');
    },

    async transaction(bundle: Bundle, options: RequestOptions = {}) {
      if (bundle.resourceType !== 'Bundle' || bundle.type !== 'transaction') throw new TypeError('transaction() takes a Bundle of type transaction.');
      // PUT, DELETE and GET entries are idempotent; a POST only with ifNoneExist; a PATCH never.
      const idempotent = (bundle.entry ?? []).every(({ request }) =>
        request?.method === 'POST' ? !!request.ifNoneExist : request?.method !== 'PATCH');
      const answer = await exchangeJson(baseUrl, options, { method: 'POST', body: bundle, headers: WRITE_HEADERS }, idempotent);
      const body = answer.body as Bundle | OperationOutcome | undefined;
      if (isOperationOutcome(body)) throw new FhirRequestError('rejected', answer.status, 'The server rejected the transaction.', body);
      if (body?.resourceType !== 'Bundle' || body.type !== 'transaction-response') {
        throw new FhirRequestError('malformed', answer.status, 'The transaction did not return a transaction-response Bundle.');
      }
      const failed = (body.entry ?? []).find((e) => !/^2\d\d/.test(e?.response?.status ?? ''));
      if (failed) {
        const outcome = isOperationOutcome(failed.response?.outcome) ? failed.response.outcome : undefined;
        // An entry refused for a stale If-Match (412) or a conflict (409) is a conflict, as the same refusal of the whole Bundle is.
        const kind = /^(409|412)\b/.test(failed.response?.status ?? '') ? 'conflict' : 'rejected';
        throw new FhirRequestError(kind, answer.status, `The server reported an entry of the transaction as ${failed.response?.status ?? 'without a status'}.`, outcome);
      }
      return body;
    },
  };
}
