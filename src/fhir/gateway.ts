/**
 * FhirGateway: the one way Clarify talks to a FHIR server. Plain fetch against the server's base URL
 * with the SMART bearer token; every failure becomes a FhirRequestError with a kind the UI can explain.
 * https://hl7.org/fhir/R4/http.html
 */
import type { Bundle, OperationOutcome, Resource } from 'fhir/r4';
import { FhirRequestError, isOperationOutcome, kindOfStatus } from './errors';

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface SearchOptions extends RequestOptions {
  /** Stop following `next` links after this many pages (a guard against servers that never end). */
  maxPages?: number;
}

export interface FhirGateway {
  readonly baseUrl: string;
  /** Reads `Type/id`. */
  read<T extends Resource>(reference: string, options?: RequestOptions): Promise<T>;
  /** Searches a type and follows `next` links until every page is read. */
  search<T extends Resource>(type: string, params: Record<string, string>, options?: SearchOptions): Promise<T[]>;
}

export interface GatewayConfig {
  baseUrl: string;
  /** The Authorization header value (e.g. `Bearer …`), refreshed by the SMART client when needed. */
  authorization: () => Promise<string | null>;
  fetch?: typeof fetch;
}

const DEFAULT_MAX_PAGES = 1000;

export function createFhirGateway(config: GatewayConfig): FhirGateway {
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  const origin = new URL(baseUrl).origin;
  const doFetch = config.fetch ?? ((input, init) => fetch(input, init));

  async function getJson(url: string, options: RequestOptions): Promise<unknown> {
    // The bearer token goes only to this server: never follow a link to another origin with it.
    if (new URL(url).origin !== origin) {
      throw new FhirRequestError('malformed', 0, 'The server returned a link to another server; it was not followed.');
    }
    const authorization = await config.authorization();
    let response: Response;
    try {
      response = await doFetch(url, {
        headers: { Accept: 'application/fhir+json', ...(authorization ? { Authorization: authorization } : {}) },
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal?.aborted || (error as Error)?.name === 'AbortError') {
        throw new FhirRequestError('aborted', 0, 'The request was cancelled.');
      }
      throw new FhirRequestError('unreachable', 0, 'The FHIR server could not be reached.');
    }
    let body: unknown;
    const text = await response.text();
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
      if (response.ok) throw new FhirRequestError('malformed', response.status, 'The server sent a response that is not valid JSON.');
    }
    if (!response.ok) {
      const outcome = isOperationOutcome(body) ? (body as OperationOutcome) : undefined;
      throw new FhirRequestError(kindOfStatus(response.status), response.status, `The server answered ${response.status}.`, outcome);
    }
    return body;
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

    async search<T extends Resource>(type: string, params: Record<string, string>, options: SearchOptions = {}) {
      const results: T[] = [];
      let url: string | undefined = `${baseUrl}/${type}?${new URLSearchParams(params)}`;
      const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
      for (let page = 0; url && page < maxPages; page++) {
        const bundle = (await getJson(url, options)) as Bundle | undefined;
        if (bundle?.resourceType !== 'Bundle') throw new FhirRequestError('malformed', 200, `The ${type} search did not return a Bundle.`);
        for (const entry of bundle.entry ?? []) {
          // Included resources and OperationOutcome warnings are not matches.
          if (entry.resource?.resourceType === type && entry.search?.mode !== 'include') results.push(entry.resource as T);
        }
        const next = bundle.link?.find((l) => l.relation === 'next')?.url;
        url = next ? new URL(next, `${baseUrl}/`).href : undefined;
      }
      return results;
    },
  };
}
