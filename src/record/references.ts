/**
 * FHIR reference forms, parsed once: relative `Type/id` (optionally `/_history/v`), absolute URLs,
 * `urn:uuid:`/`urn:oid:` fullUrls and `#id` contained references. https://hl7.org/fhir/R4/references.html
 */
export type ParsedReference =
  | { kind: 'relative'; type: string; id: string }
  | { kind: 'absolute'; url: string; type?: string; id?: string }
  | { kind: 'urn'; urn: string }
  | { kind: 'contained'; id: string };

const RELATIVE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;
const ABSOLUTE_TAIL = /\/([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/** Longer than any reference Clarify can resolve: not worth matching. */
const MAX_REFERENCE_LENGTH = 4096;

export function parseReference(reference: unknown): ParsedReference | undefined {
  if (typeof reference !== 'string' || reference === '' || reference.length > MAX_REFERENCE_LENGTH) return undefined;
  if (reference.startsWith('#')) return reference.length > 1 ? { kind: 'contained', id: reference.slice(1) } : undefined;
  if (reference.startsWith('urn:uuid:') || reference.startsWith('urn:oid:')) return { kind: 'urn', urn: reference };
  const relative = RELATIVE.exec(reference);
  if (relative) return { kind: 'relative', type: relative[1]!, id: relative[2]! };
  if (/^https?:\/\//.test(reference)) {
    const tail = ABSOLUTE_TAIL.exec(reference);
    return tail ? { kind: 'absolute', url: reference, type: tail[1]!, id: tail[2]! } : { kind: 'absolute', url: reference };
  }
  return undefined;
}

/** `Type/id` of a resource, the key Clarify uses in findings and evidence. */
export function referenceTo(resource: { resourceType: string; id?: string }): string {
  return `${resource.resourceType}/${resource.id ?? ''}`;
}
