/**
 * The mock EHR's in-memory FHIR R4 store: resources by type and id, with server-assigned ids and
 * versions. Reads return copies, so no caller can change the store behind its back.
 */
import type { Bundle, FhirResource, Resource } from 'fhir/r4';

export class FhirStore {
  private readonly byType = new Map<string, Map<string, Resource>>();
  private clock: () => Date;

  constructor(seed: Resource[] = [], clock: () => Date = () => new Date()) {
    this.clock = clock;
    for (const resource of seed) this.put(structuredClone(resource), '1');
  }

  static fromBundles(bundles: Bundle[], clock?: () => Date): FhirStore {
    const resources = bundles.flatMap((b) => (b.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : [])));
    return new FhirStore(resources, clock);
  }

  types(): string[] {
    return [...this.byType.keys()];
  }

  /** All resources of a type, in insertion order (stable paging). */
  all(type: string): Resource[] {
    return [...(this.byType.get(type)?.values() ?? [])];
  }

  read(type: string, id: string): Resource | undefined {
    const found = this.byType.get(type)?.get(id);
    return found ? structuredClone(found) : undefined;
  }

  create(resource: Resource): Resource {
    const id = crypto.randomUUID();
    return this.put({ ...structuredClone(resource), id }, '1');
  }

  /** Update or create-on-update (FHIR `PUT [type]/[id]`); returns the stored resource and whether it was new. */
  update(resource: Resource & { id: string }): { resource: Resource; created: boolean } {
    const previous = this.byType.get(resource.resourceType)?.get(resource.id);
    const version = previous ? String(Number(previous.meta?.versionId ?? '1') + 1) : '1';
    return { resource: this.put(structuredClone(resource), version), created: !previous };
  }

  private put(resource: Resource, versionId: string): Resource {
    const stored = { ...resource, meta: { ...resource.meta, versionId, lastUpdated: this.clock().toISOString() } } as FhirResource;
    let table = this.byType.get(stored.resourceType);
    if (!table) this.byType.set(stored.resourceType, (table = new Map()));
    table.set(stored.id!, stored);
    return structuredClone(stored);
  }
}
