/**
 * Test-only fault injection for the mock FHIR server: latency on every request and, per resource
 * type, HTTP errors (with an OperationOutcome and optional Retry-After), malformed JSON bodies, or no
 * answer at all (a timeout). Faults run before the real handlers and fall through to them when spent.
 *
 * A fault with `processed: true` lets the request reach the server first (it is applied: a write is
 * saved) and then loses the answer: the client gets the error or no answer, as when a gateway times out
 * after the EHR has done the work. That is the case conditional creates (`ifNoneExist`) exist for.
 */
import { delay, http, HttpResponse, type HttpHandler } from 'msw';

interface FaultScope {
  /** How many matching requests it hits; then the real handlers answer. Unset: every one. */
  times?: number;
  /** Only requests with these methods (`POST`, `PUT`, ...); unset: all. */
  methods?: string[];
}

export type Fault =
  | (FaultScope & { status: number; retryAfter?: string; processed?: boolean })
  | (FaultScope & { malformed: true })
  | (FaultScope & { hang: true; processed?: boolean });

export interface FaultPlan {
  /** Added to every FHIR request: a simulated network round trip. */
  latencyMs?: number;
  /**
   * Faults by the first path segment: a resource type (`Claim`, `Task`, ...), `metadata`, or `transaction`
   * for a POST to the base URL (transaction and batch Bundles).
   */
  types?: Record<string, Fault>;
}

/** Passes a request on to the real handlers (for `processed` faults). */
export type Forward = (request: Request) => Promise<Response | undefined>;

export function faultHandlers(fhirBaseUrl: string, plan: FaultPlan, forward?: Forward): HttpHandler[] {
  const base = fhirBaseUrl.replace(/\/$/, '');
  const used = new Map<string, number>();
  const faultKey = (request: Request) => {
    const segment = new URL(request.url).pathname.slice(new URL(base).pathname.length + 1).split('/')[0] ?? '';
    return segment === '' && request.method === 'POST' ? 'transaction' : segment;
  };
  const handle = async ({ request }: { request: Request }) => {
    if (plan.latencyMs) await delay(plan.latencyMs);
    const key = faultKey(request);
    const fault = plan.types?.[key];
    if (!fault || (fault.methods && !fault.methods.includes(request.method))) return undefined;
    const count = (used.get(key) ?? 0) + 1;
    used.set(key, count);
    if (fault.times !== undefined && count > fault.times) return undefined;
    if ('processed' in fault && fault.processed) {
      if (!forward) throw new Error('A processed fault needs the real handlers to forward to.');
      await forward(request.clone());
    }
    if ('hang' in fault) {
      await delay('infinite');
      return undefined;
    }
    if ('malformed' in fault) {
      return new HttpResponse('{"resourceType": "Bundle", "entry": [', { status: 200, headers: { 'Content-Type': 'application/fhir+json' } });
    }
    return HttpResponse.json(
      { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: `Injected ${fault.status} for ${key}` }] },
      { status: fault.status, headers: fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {} },
    );
  };
  // The base URL itself (transactions) and everything under it, once per request.
  const under = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:[/?#].*)?$`);
  return [http.all(under, handle)];
}
