/**
 * The mock store's two layers: the seeded fixtures, never changed, and the writes, an overlay kept in
 * memory or in a WriteStorage (localStorage in the browser; here a fake with the same string semantics).
 * Writes survive a "page reload" (a new store over the same storage) and a new launch, every page sees
 * the others' writes, a transaction is all or nothing, and reset() leaves the seed as shipped.
 */
import { describe, expect, it } from 'vitest';
import type { Patient, Task } from 'fhir/r4';
import { FhirStore, memoryStorage, StoreWriteError, WRITES_STORAGE_KEY, type WriteStorage } from '../../mocks/fhir-store';
import { createTestEhr, mockServer } from '../../mocks/node';
import { seedResources } from '../../mocks/fixtures';
import { issueAccessToken } from '../support/tokens';
import { fhirClient } from './fhir-client';

const patient: Patient = { resourceType: 'Patient', id: 'p1', active: true };
const seededTask: Task = { resourceType: 'Task', id: 'seeded', status: 'requested', intent: 'order', for: { reference: 'Patient/p1' } };
const newTask = (): Task => ({ resourceType: 'Task', status: 'requested', intent: 'order', for: { reference: 'Patient/p1' } });

/** A page load: a fresh store over the fixtures and the browser's storage. */
const page = (storage: WriteStorage) => new FhirStore([patient, seededTask], { storage });

describe('FhirStore persistence (the writes as an overlay on the seed)', () => {
  it('keeps writes across a reload: a new store over the same storage reads them, versions and history included', () => {
    const storage = memoryStorage();
    const first = page(storage);
    const created = first.create(newTask());
    first.update({ ...(created as Task & { id: string }), status: 'cancelled' });
    first.update({ ...seededTask, id: 'seeded', status: 'completed' });

    const reloaded = page(storage);
    expect(reloaded.read('Task', created.id!)).toMatchObject({ status: 'cancelled', meta: { versionId: '2' } });
    expect(reloaded.history('Task', created.id!).map((t) => (t as Task).status)).toEqual(['cancelled', 'requested']);
    expect(reloaded.read('Task', 'seeded')).toMatchObject({ status: 'completed', meta: { versionId: '2' } });
    expect(reloaded.all('Task').map((t) => t.id)).toEqual(['seeded', created.id]);
    expect(reloaded.writtenCount()).toBe(2);
  });

  it('stores only the writes, never the seed, and never changes the seed objects', () => {
    const storage = memoryStorage();
    const store = page(storage);
    expect(storage.getItem(WRITES_STORAGE_KEY)).toBeNull();
    store.update({ ...seededTask, id: 'seeded', status: 'completed' });
    const stored = JSON.parse(storage.getItem(WRITES_STORAGE_KEY)!) as { resources: Array<{ type: string; id: string; versions: Task[] }> };
    expect(stored.resources.map((r) => [r.type, r.id, r.versions.map((v) => v.meta?.versionId)])).toEqual([['Task', 'seeded', ['2']]]);
    expect(JSON.stringify(stored)).not.toContain('"Patient"');
    expect(seededTask).toEqual({ resourceType: 'Task', id: 'seeded', status: 'requested', intent: 'order', for: { reference: 'Patient/p1' } });
    expect(store.history('Task', 'seeded').map((t) => t.meta?.versionId)).toEqual(['2', '1']);
  });

  it('shares writes between pages open at once: each operation reads the storage first', () => {
    const storage = memoryStorage();
    const launcher = page(storage);
    const app = page(storage);
    const created = app.create(newTask());
    expect(launcher.read('Task', created.id!)).toMatchObject({ id: created.id });
    launcher.update({ ...(created as Task & { id: string }), status: 'accepted' });
    expect(app.read('Task', created.id!)).toMatchObject({ status: 'accepted', meta: { versionId: '2' } });
  });

  it('resets to the seed as shipped: the writes are gone for every page, the seeded resources are back at version 1', () => {
    const storage = memoryStorage();
    const store = page(storage);
    const other = page(storage);
    store.create(newTask());
    store.update({ ...seededTask, id: 'seeded', status: 'completed' });
    other.reset();
    expect(storage.getItem(WRITES_STORAGE_KEY)).toBeNull();
    expect(store.all('Task').map((t) => t.id)).toEqual(['seeded']);
    expect(store.read('Task', 'seeded')).toMatchObject({ status: 'requested', meta: { versionId: '1' } });
    expect(store.writtenCount()).toBe(0);
  });

  it('keeps a transaction all or nothing: a throw inside atomically() leaves no write behind, in memory or in storage', () => {
    const storage = memoryStorage();
    const store = page(storage);
    expect(() => store.atomically(() => {
      store.create(newTask());
      store.update({ ...seededTask, id: 'seeded', status: 'completed' });
      throw new Error('entry 3 refused');
    })).toThrow('entry 3 refused');
    expect(store.all('Task').map((t) => t.id)).toEqual(['seeded']);
    expect(storage.getItem(WRITES_STORAGE_KEY)).toBeNull();
    const done = store.atomically(() => [store.create(newTask()), store.create(newTask())]);
    expect(page(storage).all('Task').map((t) => t.id)).toEqual(['seeded', ...done.map((t) => t.id)]);
  });

  it('refuses a write the storage cannot hold (quota) with a StoreWriteError, keeping what it had', () => {
    const storage = memoryStorage();
    const store = page(storage);
    const kept = store.create(newTask());
    const full: WriteStorage = { ...storage, getItem: (k) => storage.getItem(k), removeItem: (k) => storage.removeItem(k), setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } };
    const crowded = page(full);
    expect(() => crowded.create(newTask())).toThrow(StoreWriteError);
    expect(crowded.all('Task').map((t) => t.id)).toEqual(['seeded', kept.id]);
  });

  it('reads unreadable stored writes (edited by hand, another format) as none, and replaces them on the next write', () => {
    const storage = memoryStorage();
    storage.setItem(WRITES_STORAGE_KEY, '{"format": 99, "resources": [');
    const store = page(storage);
    expect(store.all('Task').map((t) => t.id)).toEqual(['seeded']);
    store.create(newTask());
    expect(page(storage).writtenCount()).toBe(1);
  });

  it('keeps the writes in memory when given no storage (Node tests)', () => {
    const store = new FhirStore([patient]);
    store.create(newTask());
    expect(store.writtenCount()).toBe(1);
    expect(new FhirStore([patient]).writtenCount()).toBe(0);
  });
});

describe('the mock EHR over a persistent store', () => {
  it('serves a Task written in one launch to the next launch in the same browser, until the data is reset', async () => {
    const storage = memoryStorage();
    const launch = async () => {
      mockServer.resetHandlers();
      mockServer.use(...createTestEhr({ writeStorage: storage }).handlers);
      const patientId = seedResources().find((r) => r.resourceType === 'Patient')!.id!;
      return { fhir: fhirClient(await issueAccessToken('patient/Task.crus', { patient: patientId })), patientId };
    };
    const first = await launch();
    const created = await first.fhir.post<Task>('Task', { ...newTask(), for: { reference: `Patient/${first.patientId}` } });
    expect(created.status).toBe(201);

    const second = await launch();
    expect((await second.fhir.get<Task>(`Task/${created.body.id}`)).body.status).toBe('requested');
    expect(await second.fhir.ids(`Task?patient=${second.patientId}`)).toContain(created.body.id);

    new FhirStore([], { storage }).reset();
    expect((await second.fhir.get(`Task/${created.body.id}`)).status).toBe(404);
  });
});
