/**
 * Test-only fault injection for the mock FHIR server: latency on every request and, per resource
 * type, HTTP errors (with an OperationOutcome and optional Retry-After), malformed JSON bodies, or no
 * answer at all (a timeout). Faults run before the real handlers and fall through to them when spent.
 */
import { delay, http, HttpResponse, type HttpHandler } from 'msw';

export type Fault =
  | { status: number; retryAfter?: string; times?: number }
  | { malformed: true; times?: number }
  | { hang: true; times?: number };

export interface FaultPlan {
  /** Added to every FHIR request: a simulated network round trip. */
  latencyMs?: number;
  /** Faults by resource type (`Claim`, `Observation`, `metadata`, ...). */
  types?: Record<string, Fault>;
}

export function faultHandlers(fhirBaseUrl: string, plan: FaultPlan): HttpHandler[] {
  const base = fhirBaseUrl.replace(/\/$/, '');
  const used = new Map<string, number>();
  return [
    http.all(`${base}/*`, async ({ request }) => {
      if (plan.latencyMs) await delay(plan.latencyMs);
      const type = new URL(request.url).pathname.slice(new URL(base).pathname.length + 1).split('/')[0] ?? '';
      const fault = plan.types?.[type];
      if (!fault) return undefined;
      const count = (used.get(type) ?? 0) + 1;
      used.set(type, count);
      if (fault.times !== undefined && count > fault.times) return undefined;
      if ('hang' in fault) {
        await delay('infinite');
        return undefined;
      }
      if ('malformed' in fault) {
        return new HttpResponse('{"resourceType": "Bundle", "entry": [', { status: 200, headers: { 'Content-Type': 'application/fhir+json' } });
      }
      return HttpResponse.json(
        { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: `Injected ${fault.status} for ${type}` }] },
        { status: fault.status, headers: fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {} },
      );
    }),
  ];
}
