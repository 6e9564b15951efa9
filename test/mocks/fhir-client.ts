/** Plain HTTP against the mock EHR's FHIR server (no gateway): what a test sends is exactly what the server sees. */
import { TEST_FHIR_BASE } from '../../mocks/node';

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export function fhirClient(token: string) {
  async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const response = await fetch(`${TEST_FHIR_BASE}${path === '' || path.startsWith('/') ? path : `/${path}`}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json', ...(body !== undefined ? { 'Content-Type': 'application/fhir+json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
  }
  return {
    get: <T = any>(path: string) => call<T>('GET', path),
    post: <T = any>(path: string, body: unknown, headers?: Record<string, string>) => call<T>('POST', path, body, headers),
    put: <T = any>(path: string, body: unknown, headers?: Record<string, string>) => call<T>('PUT', path, body, headers),
    delete: <T = any>(path: string) => call<T>('DELETE', path),
    patch: <T = any>(path: string, body: unknown) => call<T>('PATCH', path, body),
    /** The ids of a search's matches, in order. */
    ids: async (path: string) => ((await call<any>('GET', path)).body.entry ?? []).filter((e: any) => e.search?.mode !== 'include').map((e: any) => e.resource.id as string),
  };
}
