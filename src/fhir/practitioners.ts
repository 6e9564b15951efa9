/**
 * Finding a physician to address a query to, when the record names none or the technician wants another:
 * `Practitioner?name=` (R4 string search: a name part starting with the text), outside the patient
 * compartment, so under the `user/Practitioner.rs` scope Clarify asks for.
 */
import type { Practitioner } from 'fhir/r4';
import { readResourceOf } from '../record/read-resource';
import { practitionerName } from '../record/people';
import type { FhirGateway, SearchOptions } from './gateway';

export interface PractitionerChoice {
  /** `Practitioner/<id>` */
  reference: string;
  display: string;
}

/** At most this many results: the technician narrows the name rather than scrolls. */
export const PRACTITIONER_SEARCH_LIMIT = 20;

/**
 * Practitioners whose name starts with the text (two characters at least), active ones only, read through the
 * trust boundary and named as people read them. Throws FhirRequestError as every gateway call does.
 */
export async function searchPractitioners(gateway: FhirGateway, name: string, options: SearchOptions = {}): Promise<PractitionerChoice[]> {
  const text = name.trim();
  if (text.length < 2) return [];
  const found = await gateway.search<Practitioner>('Practitioner', { name: text, _count: String(PRACTITIONER_SEARCH_LIMIT) }, { ...options, maxPages: 1 });
  return found.slice(0, PRACTITIONER_SEARCH_LIMIT).flatMap((untrusted) => {
    const practitioner = readResourceOf<Practitioner>(untrusted, ['Practitioner']);
    if (!practitioner?.id || practitioner.active === false) return [];
    return [{ reference: `Practitioner/${practitioner.id}`, display: practitionerName(practitioner) ?? `Practitioner/${practitioner.id}` }];
  });
}
