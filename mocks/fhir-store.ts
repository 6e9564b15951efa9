/**
 * The mock EHR's FHIR R4 store: resources by type and id, with server-assigned ids and versions.
 *
 * Two layers: the **seed** (the fixtures, never changed: read-only after construction) and the **writes**,
 * an overlay holding every version an app wrote (`create`, `update`, transactions). A read sees the latest
 * version, from the writes when there is one, else from the seed. The writes live in memory, or, given a
 * `WriteStorage` (the browser's localStorage), in one JSON document there, re-read before every operation:
 * they survive page reloads and new launches, every page of the mock EHR sees the others' writes, and
 * `reset()` (the launcher's **Reset mock EHR data**) drops them, leaving the seed as shipped.
 *
 * Reads return copies, so no caller can change the store behind its back (`all` returns the stored
 * objects for speed: callers only serialise them). Nothing is ever deleted.
 */
import type { Bundle, FhirResource, Resource } from 'fhir/r4';

/** The part of the Web Storage API the store needs: localStorage in the browser, a Map in tests. */
export interface WriteStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Where the browser mock keeps its writes (versioned: a later format takes a new key). */
export const WRITES_STORAGE_KEY = 'mock-ehr:fhir-writes:v1';

export interface FhirStoreOptions {
  clock?: () => Date;
  /** Keep the writes here (under WRITES_STORAGE_KEY) rather than in memory. */
  storage?: WriteStorage;
}

/** A write the storage refused (browser storage full): nothing of it was kept. */
export class StoreWriteError extends Error {
  override readonly name = 'StoreWriteError';
}

/** Every version written for one resource, oldest first. */
interface Written {
  type: string;
  id: string;
  versions: Resource[];
}

/** The overlay: by type, then id; insertion order is the order of first writes. */
type Writes = Map<string, Map<string, Written>>;

interface StoredWrites {
  format: 1;
  resources: Written[];
}

function parseWrites(text: string | null): Writes {
  const writes: Writes = new Map();
  if (!text) return writes;
  try {
    const stored = JSON.parse(text) as StoredWrites;
    if (stored?.format !== 1 || !Array.isArray(stored.resources)) return writes;
    for (const w of stored.resources) {
      if (typeof w?.type !== 'string' || typeof w.id !== 'string' || !Array.isArray(w.versions) || w.versions.length === 0) continue;
      let table = writes.get(w.type);
      if (!table) writes.set(w.type, (table = new Map()));
      table.set(w.id, { type: w.type, id: w.id, versions: w.versions });
    }
  } catch {
    // Unreadable (edited by hand, an older format): as if empty; the next write replaces it.
  }
  return writes;
}

function serializeWrites(writes: Writes): string {
  const resources = [...writes.values()].flatMap((table) => [...table.values()]);
  return JSON.stringify({ format: 1, resources } satisfies StoredWrites);
}

function copyWrites(writes: Writes): Writes {
  return new Map([...writes].map(([type, table]) => [type, new Map([...table].map(([id, w]) => [id, { ...w, versions: [...w.versions] }]))]));
}

const latest = (w: Written): Resource => w.versions[w.versions.length - 1]!;

export class FhirStore {
  private readonly seed = new Map<string, Map<string, Resource>>();
  private readonly clock: () => Date;
  private readonly storage?: WriteStorage;
  /** The writes, and the stored text they were parsed from (undefined: in memory only). */
  private writes: Writes = new Map();
  private writesText: string | null = null;
  /** The working copy of a transaction in progress (see `atomically`). */
  private pending?: Writes;

  constructor(seed: Resource[] = [], options: FhirStoreOptions | (() => Date) = {}) {
    const settings = typeof options === 'function' ? { clock: options } : options;
    this.clock = settings.clock ?? (() => new Date());
    this.storage = settings.storage;
    const loaded = this.clock().toISOString();
    for (const resource of seed) {
      if (typeof resource?.id !== 'string' || typeof resource.resourceType !== 'string') continue;
      const stored = { ...structuredClone(resource), meta: { ...resource.meta, versionId: '1', lastUpdated: loaded } } as Resource;
      let table = this.seed.get(stored.resourceType);
      if (!table) this.seed.set(stored.resourceType, (table = new Map()));
      table.set(resource.id, stored);
    }
  }

  static fromBundles(bundles: Bundle[], options?: FhirStoreOptions | (() => Date)): FhirStore {
    const resources = bundles.flatMap((b) => (b.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : [])));
    return new FhirStore(resources, options);
  }

  /** The writes as they stand now: the transaction's working copy, else the stored ones (re-read if another page changed them). */
  private current(): Writes {
    if (this.pending) return this.pending;
    if (this.storage) {
      const text = this.storage.getItem(WRITES_STORAGE_KEY);
      if (text !== this.writesText) {
        this.writes = parseWrites(text);
        this.writesText = text;
      }
    }
    return this.writes;
  }

  private commit(writes: Writes): void {
    if (this.storage) {
      const text = serializeWrites(writes);
      try {
        this.storage.setItem(WRITES_STORAGE_KEY, text);
      } catch {
        throw new StoreWriteError('The mock EHR could not keep the write: its browser storage is full. Use "Reset mock EHR data" on the launcher page.');
      }
      this.writesText = text;
    }
    this.writes = writes;
  }

  types(): string[] {
    return [...new Set([...this.seed.keys(), ...this.current().keys()])];
  }

  /** The latest version of every resource of a type: the seed's order, then the written ones in the order they were first written. */
  all(type: string): Resource[] {
    const seeded = this.seed.get(type);
    const written = this.current().get(type);
    if (!written || written.size === 0) return [...(seeded?.values() ?? [])];
    const out: Resource[] = [];
    for (const [id, resource] of seeded ?? []) out.push(written.has(id) ? latest(written.get(id)!) : resource);
    for (const [id, w] of written) if (!seeded?.has(id)) out.push(latest(w));
    return out;
  }

  read(type: string, id: string): Resource | undefined {
    const w = this.current().get(type)?.get(id);
    const found = w ? latest(w) : this.seed.get(type)?.get(id);
    return found ? structuredClone(found) : undefined;
  }

  /** Every version of a resource, newest first (empty when it is not known). */
  history(type: string, id: string): Resource[] {
    const seeded = this.seed.get(type)?.get(id);
    const written = this.current().get(type)?.get(id)?.versions ?? [];
    return [...(seeded ? [seeded] : []), ...written].reverse().map((r) => structuredClone(r));
  }

  /** One version (`vread`). */
  version(type: string, id: string, versionId: string): Resource | undefined {
    return this.history(type, id).find((r) => r.meta?.versionId === versionId);
  }

  /** Creates with a server id (or the id given, for a transaction that assigned it beforehand). */
  create<T extends Resource>(resource: T, id: string = crypto.randomUUID()): T {
    return this.write({ ...structuredClone(resource), id }, '1') as T;
  }

  /** Update or create-on-update (FHIR `PUT [type]/[id]`); returns the stored resource and whether it was new. */
  update<T extends Resource>(resource: T & { id: string }): { resource: T; created: boolean } {
    const previous = this.read(resource.resourceType, resource.id);
    const version = previous ? String((Number(previous.meta?.versionId) || 1) + 1) : '1';
    return { resource: this.write(structuredClone(resource), version) as T, created: !previous };
  }

  /**
   * Runs `work` on a working copy of the writes, kept only if it returns (a transaction: all or nothing).
   * Synchronous, so no other request runs in between.
   */
  atomically<T>(work: () => T): T {
    if (this.pending) return work();
    this.pending = copyWrites(this.current());
    try {
      const result = work();
      const done = this.pending;
      this.pending = undefined;
      this.commit(done);
      return result;
    } finally {
      this.pending = undefined;
    }
  }

  /** How many resources apps have written (created or changed). */
  writtenCount(): number {
    return [...this.current().values()].reduce((n, table) => n + table.size, 0);
  }

  /** Drops every write: the store is the seed again. */
  reset(): void {
    if (this.pending) throw new Error('reset() inside a transaction');
    this.storage?.removeItem(WRITES_STORAGE_KEY);
    this.writes = new Map();
    this.writesText = null;
  }

  private write(resource: Resource, versionId: string): Resource {
    const stored = { ...resource, meta: { ...resource.meta, versionId, lastUpdated: this.clock().toISOString() } } as FhirResource;
    const single = !this.pending;
    const writes = single ? copyWrites(this.current()) : this.pending!;
    let table = writes.get(stored.resourceType);
    if (!table) writes.set(stored.resourceType, (table = new Map()));
    const existing = table.get(stored.id!);
    if (existing) existing.versions.push(stored);
    else table.set(stored.id!, { type: stored.resourceType, id: stored.id!, versions: [stored] });
    if (single) this.commit(writes);
    return structuredClone(stored);
  }
}

/** A WriteStorage in memory, for tests (it stands in for localStorage, with the same string values). */
export function memoryStorage(): WriteStorage & { readonly size: number } {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
    get size() {
      return items.size;
    },
  };
}
