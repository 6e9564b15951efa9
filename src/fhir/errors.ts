/**
 * Errors from talking to the FHIR server. Each carries the HTTP status (0 when the server could not be
 * reached at all) and, when the server sent one, its OperationOutcome. Messages never include response
 * bodies or URLs, which may hold patient data.
 */
import type { OperationOutcome } from 'fhir/r4';

export type FhirFailureKind =
  | 'unreachable' // network error, DNS, CORS, connection refused
  | 'timeout'
  | 'aborted'
  | 'unauthorized' // 401: token missing, invalid or expired
  | 'forbidden' // 403: scope or policy
  | 'not-found'
  | 'rate-limited' // 429
  | 'server' // 5xx
  | 'rejected' // other 4xx
  | 'malformed' // 2xx whose body is not the FHIR JSON expected
  | 'conflict'; // 409/412 on a write: the resource changed since it was read, or a conditional create matched several

export class FhirRequestError extends Error {
  override readonly name = 'FhirRequestError';

  /**
   * True when a write that was not resent failed in a way that leaves its outcome unknown (no answer,
   * a timeout, a 502/503/504): the server may have saved it, so check before sending it again.
   */
  readonly outcomeUnknown: boolean;

  constructor(
    readonly kind: FhirFailureKind,
    readonly status: number,
    message: string,
    readonly outcome?: OperationOutcome,
    options: { outcomeUnknown?: boolean } = {},
  ) {
    super(message);
    this.outcomeUnknown = options.outcomeUnknown ?? false;
  }

  /** The server's own explanation (OperationOutcome diagnostics or text), when it gave one. */
  get serverText(): string | undefined {
    const texts = (this.outcome?.issue ?? []).map((i) => i.diagnostics ?? i.details?.text).filter(Boolean);
    return texts.length > 0 ? texts.join(' ') : undefined;
  }
}

export function kindOfStatus(status: number): FhirFailureKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'rejected';
}

export function isOperationOutcome(value: unknown): value is OperationOutcome {
  return typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === 'OperationOutcome';
}
