/**
 * The two budgets of `npm run bench` (printed, never asserted):
 * - `app`: the JS the app page loads, gzip -9, at most 60 KB without fhirclient and the ICD-10-CM table.
 * - `first-findings`: the first findings on screen at most 300 ms after the record has loaded, for the
 *   largest mock patient, in headless Chromium (Debian's, never a downloaded one).
 * Both build the app into temporary folders (dist/ and dist-mock/ are left alone) and remove them after.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, preview, type Plugin, type PreviewServer } from 'vite';

const APP_JS_BUDGET_KB = 60;
const FIRST_FINDINGS_BUDGET_MS = 300;
const GZIP_LEVEL = 9;
const LAUNCHES = 5;
const KB = 1024;

const root = process.cwd();
/** A busy 2-core machine makes rolldown warn about slow plugins; that is not the app's concern here. */
const QUIET = { checks: { bundlerTimings: false } };

interface OutputChunk {
  type: 'chunk';
  fileName: string;
  name: string;
  facadeModuleId: string | null;
  imports: string[];
  dynamicImports: string[];
  moduleIds: string[];
  modules: Record<string, { renderedLength: number }>;
}

interface GraphNode { importers: readonly string[]; dynamicImporters: readonly string[] }

/** Bench-only plugin: the build's module graph (who imports each module), read once the bundle is generated. */
function moduleGraph(graph: Map<string, GraphNode>): Plugin {
  return {
    name: 'clarify-bench:module-graph',
    generateBundle() {
      for (const id of this.getModuleIds()) {
        const info = this.getModuleInfo(id);
        if (info) graph.set(id, { importers: [...info.importers], dynamicImporters: [...info.dynamicImporters] });
      }
    },
  };
}

/** `seed` plus every module imported (statically or lazily) only by modules already in the set. */
function withOnlyTheirDependencies(seed: Set<string>, graph: Map<string, GraphNode>): Set<string> {
  const set = new Set(seed);
  for (let grew = true; grew;) {
    grew = false;
    for (const [id, node] of graph) {
      if (set.has(id)) continue;
      const importers = [...node.importers, ...node.dynamicImporters];
      if (importers.length > 0 && importers.every((importer) => set.has(importer))) {
        set.add(id);
        grew = true;
      }
    }
  }
  return set;
}

const posix = (id: string) => id.replaceAll('\\', '/');
/** Modules of the bundler or Vite itself (`\0rolldown/runtime.js`, `\0vite/modulepreload-polyfill.js`), not files. */
const isVirtual = (id: string) => id.startsWith('\0') || !id.includes('/');
const isFhirclient = (id: string) => /\/node_modules\/fhirclient\//.test(posix(id));
/** The ICD-10-CM code table's data (a text file imported `?raw`), not the code that parses and looks it up. */
const isIcd10CmTable = (id: string) => /\/src\/terminology\/icd10cm\/[^/?]+\.txt(\?|$)/.test(posix(id));

function freeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Budget 1: the gzipped JS the app page (index.html) loads, fhirclient and the ICD-10-CM table excluded. */
export async function benchAppSize(): Promise<void> {
  console.log(`\n## App JS size (production build, gzip level ${GZIP_LEVEL} as servers use, 1 KB = 1,024 bytes)`);
  const outDir = freeTempDir('clarify-bench-app-');
  try {
    const graph = new Map<string, GraphNode>();
    const result = await build({
      root, mode: 'production', logLevel: 'warn', plugins: [moduleGraph(graph)],
      build: { outDir, emptyOutDir: true, rolldownOptions: QUIET },
    });
    const outputs = (Array.isArray(result) ? result : [result]) as Array<{ output: Array<OutputChunk | { type: 'asset' }> }>;
    const chunks = outputs.flatMap((o) => o.output).filter((c): c is OutputChunk => c.type === 'chunk');
    const byFile = new Map(chunks.map((c) => [c.fileName, c]));
    const appPage = resolve(root, 'index.html');
    const entry = chunks.find((c) => c.facadeModuleId && resolve(c.facadeModuleId) === appPage);
    if (!entry) throw new Error('app size: the build has no chunk for index.html');

    // What the app page loads: its entry chunk, the chunks it imports, and the chunks it loads lazily.
    const reach = (lazily: boolean) => {
      const found = new Set<string>();
      const visit = (fileName: string) => {
        if (found.has(fileName)) return;
        found.add(fileName);
        const chunk = byFile.get(fileName);
        for (const next of [...(chunk?.imports ?? []), ...(lazily ? chunk?.dynamicImports ?? [] : [])]) visit(next);
      };
      visit(entry.fileName);
      return found;
    };
    const loaded = reach(true);
    const loadedAtStart = reach(false);

    // Excluded by content: fhirclient's modules and the modules only they import; the ICD-10-CM table data.
    const fhirclient = withOnlyTheirDependencies(new Set([...graph.keys()].filter(isFhirclient)), graph);
    const icd10 = withOnlyTheirDependencies(new Set([...graph.keys()].filter(isIcd10CmTable)), graph);
    if (fhirclient.size === 0) throw new Error('app size: no fhirclient module in the build (the exclusion would be wrong)');
    if (icd10.size === 0) throw new Error('app size: no ICD-10-CM table module in the build (the exclusion would be wrong)');

    interface Row { name: string; raw: number; gzip: number; counted: boolean; why: string; chunk: OutputChunk }
    const rows: Row[] = [];
    for (const chunk of chunks) {
      const bytes = readFileSync(join(outDir, chunk.fileName));
      const row = { name: chunk.fileName.replace(/^assets\//, ''), raw: bytes.length, gzip: gzipSync(bytes, { level: GZIP_LEVEL }).length, chunk };
      const ids = chunk.moduleIds.filter((id) => !id.endsWith('.html'));
      const fromFhirclient = ids.filter((id) => fhirclient.has(id)).length;
      const fromTable = ids.filter((id) => icd10.has(id)).length;
      const modules = `${ids.length} module${ids.length === 1 ? '' : 's'}`;
      if (!loaded.has(chunk.fileName)) rows.push({ ...row, counted: false, why: `not loaded by the app page${chunk.facadeModuleId ? ` (entry of ${posix(relative(root, chunk.facadeModuleId))})` : ''}` });
      else if (ids.length > 0 && fromFhirclient === ids.length) rows.push({ ...row, counted: false, why: `fhirclient: all ${modules} are fhirclient's or imported only through it` });
      else if (ids.length > 0 && fromTable === ids.length) rows.push({ ...row, counted: false, why: `ICD-10-CM table data, loaded ${loadedAtStart.has(chunk.fileName) ? 'with the page (should be lazy)' : 'lazily'}` });
      else if (fromFhirclient + fromTable > 0) rows.push({ ...row, counted: true, why: `app code, mixed with ${fromFhirclient} fhirclient and ${fromTable} table module(s): counted in full` });
      else if (ids.every(isVirtual)) rows.push({ ...row, counted: true, why: `bundler runtime (${ids.map((id) => id.replace(/\0/g, '')).join(', ')})` });
      else rows.push({ ...row, counted: true, why: `app code (${modules}${chunk === entry ? ', the page\'s entry' : ''})` });
    }
    rows.sort((a, b) => Number(b.counted) - Number(a.counted) || b.gzip - a.gzip);
    console.log('| chunk | raw | gzip | counted? |');
    console.log('|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.name} | ${(r.raw / KB).toFixed(1)} KB | ${(r.gzip / KB).toFixed(1)} KB | ${r.counted ? 'counted' : 'excluded'}: ${r.why} |`);
    const total = rows.filter((r) => r.counted).reduce((sum, r) => sum + r.gzip, 0) / KB;
    const over = total > APP_JS_BUDGET_KB;
    console.log(`app JS: ${total.toFixed(1)} KB gzip (budget ${APP_JS_BUDGET_KB} KB: ${over ? 'OVER' : 'within'})`);
    if (over) {
      // Where the bytes are: each module's rendered size in the counted chunks (before minification and gzip).
      const modules = rows.filter((r) => r.counted).flatMap((r) => Object.entries(r.chunk.modules))
        .map(([id, m]) => ({ id: posix(relative(root, id.replace(/\0/g, ''))), size: m.renderedLength }))
        .sort((a, b) => b.size - a.size);
      const all = modules.reduce((sum, m) => sum + m.size, 0);
      console.log(`largest modules in the counted chunks (rendered size before minification, ${(all / KB).toFixed(0)} KB in all): ${modules.slice(0, 8).map((m) => `${m.id} ${(m.size / KB).toFixed(1)} KB`).join(', ')}`);
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Budget 2: first findings on screen after the record has loaded, Ervin Cummings (the largest mock patient). */
export async function benchFirstFindings(): Promise<void> {
  console.log(`\n## First findings on screen (mock build, headless Chromium, ${LAUNCHES} launches)`);
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH).`);
  const { chromium } = await import('@playwright/test');
  const outDir = freeTempDir('clarify-bench-mock-');
  let server: PreviewServer | undefined;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    await build({ root, mode: 'mock', logLevel: 'warn', build: { outDir, emptyOutDir: true, rolldownOptions: QUIET } });
    const port = await freePort();
    server = await preview({ root, mode: 'mock', logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port, strictPort: true, open: false } });
    const origin = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const runs: Array<{ afterLoad: number; loadedAt: number }> = [];
    let patientLabel = '';
    for (let i = 0; i < LAUNCHES; i++) {
      // A fresh context each time: its own service worker (the mock EHR) and storage, as a first launch.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await context.newPage();
        await page.goto(`${origin}/launch/mock-ehr.html`);
        await selectOption(page.getByLabel('Signed-in user'), /technician/i);
        patientLabel = await selectOption(page.getByLabel('Patient', { exact: true }), /Ervin Cummings/);
        await page.getByRole('button', { name: 'Launch Clarify' }).click();
        const frame = await (await page.waitForSelector('iframe[title="Clarify"]')).contentFrame();
        if (!frame) throw new Error('first findings: the Clarify frame has no document');
        // Survives the frame's navigations (launch → authorize → app page): polled in each new document.
        await frame.waitForFunction(() => performance.getEntriesByName('clarify:findings-shown').length > 0, undefined, { timeout: 120_000 });
        const marks = await frame.evaluate(() => ({
          loaded: performance.getEntriesByName('clarify:record-loaded')[0]?.startTime,
          shown: performance.getEntriesByName('clarify:findings-shown')[0]?.startTime,
        }));
        if (marks.loaded === undefined || marks.shown === undefined) throw new Error('first findings: the clarify:record-loaded mark is missing');
        runs.push({ afterLoad: marks.shown - marks.loaded, loadedAt: marks.loaded });
      } finally {
        await context.close();
      }
    }
    const sorted = runs.map((r) => r.afterLoad).sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const max = sorted[sorted.length - 1]!;
    console.log(`patient: ${patientLabel} (the largest mock patient), as the technician, default encounter`);
    console.log(`runs (findings shown after the record loaded; record loaded at, from the app page's start): ${runs.map((r) => `${r.afterLoad.toFixed(0)} ms (${(r.loadedAt / 1000).toFixed(2)} s)`).join(', ')}`);
    console.log(`first findings: median ${median.toFixed(0)} ms, max ${max.toFixed(0)} ms after the record loaded (budget ${FIRST_FINDINGS_BUDGET_MS} ms: ${max > FIRST_FINDINGS_BUDGET_MS ? 'OVER' : 'within'})`);
  } finally {
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** Selects the first option whose text matches (labels carry dates that may change; names do not); returns its label. */
async function selectOption(select: import('@playwright/test').Locator, text: RegExp): Promise<string> {
  const option = select.locator('option', { hasText: text }).first();
  const { value, label } = await option.evaluate((o) => ({ value: (o as HTMLOptionElement).value, label: (o as HTMLOptionElement).label }), undefined, { timeout: 30_000 });
  await select.selectOption(value);
  return label;
}
