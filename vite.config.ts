/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { rmSync } from 'node:fs';

const require = createRequire(import.meta.url);
const root = import.meta.dirname;

/** public/ holds msw's service worker for the mock EHR; a production site must not serve it. */
function dropMockWorker(): Plugin {
  let outDir = 'dist';
  return {
    name: 'clarify:drop-mock-worker',
    apply: 'build',
    configResolved: (config) => { outDir = resolve(config.root, config.build.outDir); },
    writeBundle: () => rmSync(resolve(outDir, 'mockServiceWorker.js'), { force: true }),
  };
}

/**
 * Pages: the app itself (the SMART redirect_uri) and the SMART launch_uri are always built. The mock EHR
 * pages (launcher and authorization screen) exist only in `--mode mock`, so `npm run build` ships no mocks.
 */
export default defineConfig(({ mode, isSsrBuild }) => {
  const mock = mode === 'mock';
  const pages: Record<string, string> = {
    app: resolve(root, 'index.html'),
    launch: resolve(root, 'launch/index.html'),
  };
  if (mock) {
    pages.mockEhr = resolve(root, 'launch/mock-ehr.html');
    pages.mockAuthorize = resolve(root, 'launch/mock-authorize.html');
  }
  return {
    // Relative asset URLs: the static build can be served from any path. The mock build is served from
    // the root so its service worker (/mockServiceWorker.js) controls every page.
    base: mock ? '/' : './',
    plugins: [preact(), ...(mock ? [] : [dropMockWorker()])],
    resolve: { alias: { 'isomorphic-webcrypto': resolve(root, 'src/fhir/webcrypto-unused.ts') } },
    // fhirclient's pure browser build: native fetch/AbortController, no cross-fetch or polyfills.
    define: { FHIRCLIENT_PURE: 'true' },
    build: {
      target: 'es2022',
      sourcemap: true,
      // Two large chunks are expected and lazy: the ICD-10-CM table (2.7 MB, 352 kB gzipped; loaded only
      // for records with ICD-10-CM codes) and, in mock builds, the seeded patients of the mock EHR.
      chunkSizeWarningLimit: mock ? 8000 : 3000,
      // Node builds (`--ssr`, for the benchmark and the CLI) name their own entry and run as commands.
      // Pages: fhirclient (with the modules it pulls in) is a chunk of its own, so the app's own code can be
      // measured against its size budget without it (`npm run bench -- app`).
      rolldownOptions: isSsrBuild
        ? { output: { banner: '#!/usr/bin/env node' } }
        : { input: pages, output: { codeSplitting: { groups: [{ name: 'fhirclient', test: /[\\/]node_modules[\\/]fhirclient[\\/]/ }] } } },
    },
    server: { host: '127.0.0.1', port: 5173 },
    preview: { host: '127.0.0.1', port: 4173 },
    test: {
      include: ['test/**/*.test.{ts,tsx}'],
      exclude: ['test/e2e/**', 'node_modules/**'],
      setupFiles: ['test/setup.ts'],
      // In Node, fhirclient's `main` is its server entry; the app uses the browser entry.
      alias: { fhirclient: require.resolve('fhirclient/lib/entry/browser.js') },
      server: { deps: { inline: ['fhirclient'] } },
      environmentOptions: {
        happyDOM: {
          url: 'http://app.test/',
          // msw answers no CORS preflight; a real browser behind the service worker sends none either.
          settings: { fetch: { disableSameOriginPolicy: true } },
        },
      },
    },
  };
});
