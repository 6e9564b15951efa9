/**
 * The layers, enforced: walks src/ and reads every module's imports and the globals it touches.
 *
 * - The pure core (rules, record, terminology, notes, query) imports no fhirclient, preact or signals,
 *   touches no DOM, network or storage, and reads no clock (`now` is passed in).
 * - Only src/fhir imports fhirclient; src/fhir imports neither state nor ui; the pure core imports none of
 *   fhir, state, ui or cli.
 * - A rule family (a file under rules/gaps, rules/coding or rules/validation) imports no other family: shared helpers live
 *   in rules/engine, data in terminology.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const SRC = join(ROOT, 'src');
const PURE_LAYERS = ['rules', 'record', 'terminology', 'notes', 'query', 'review'];
const UI_LIBRARIES = /^(preact|preact\/.*|@preact\/.*)$/;
const BROWSER_GLOBALS = ['document', 'window', 'navigator', 'localStorage', 'sessionStorage', 'fetch', 'XMLHttpRequest', 'indexedDB', 'location', 'HTMLElement'];
const CLOCK = [/\bDate\.now\s*\(/, /\bnew\s+Date\s*\(\s*\)/, /\bperformance\.now\s*\(/];

interface Module {
  /** Path from src/, with forward slashes: `rules/gaps/renal.ts`. */
  path: string;
  /** What it imports: bare package names as written, relative imports resolved to paths from src/. */
  imports: string[];
  /** The code without comments and string contents, for looking up globals. */
  code: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Whether a `/` here begins a regular expression rather than a division: what precedes it cannot end an operand. */
function startsRegex(before: string): boolean {
  const previous = before.trimEnd();
  return previous === '' || /[(,=:[!&|?{};+\-*%<>~^]$/.test(previous) || /\b(?:return|typeof|case|in|of|new|delete|void|throw)$/.test(previous);
}

/** Comments removed and string, template and regular expression contents emptied, so words in them are not mistaken for code. */
export function codeOnly(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      out += ' ';
    } else if (c === '/' && startsRegex(out)) {
      // A regular expression literal: its words (`/please document/i`) are not code either.
      let j = i + 1;
      let inClass = false;
      while (j < text.length && text[j] !== '\n' && (inClass || text[j] !== '/')) {
        if (text[j] === '\\') j++;
        else if (text[j] === '[') inClass = true;
        else if (text[j] === ']') inClass = false;
        j++;
      }
      out += '//';
      i = j;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      out += `${c}${c}`;
      i = j;
    } else {
      out += c;
    }
  }
  return out;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

function readModule(file: string): Module {
  const text = readFileSync(file, 'utf8');
  const imports = [...text.matchAll(IMPORT)].map((m) => {
    const spec = (m[1] ?? m[2])!;
    if (!spec.startsWith('.')) return spec;
    return relative(SRC, normalize(join(dirname(file), spec))).split('\\').join('/');
  });
  return { path: relative(SRC, file).split('\\').join('/'), imports, code: codeOnly(text) };
}

const modules = sourceFiles(SRC).map(readModule);
const layerOf = (path: string) => path.split('/')[0]!;
const isPure = (path: string) => PURE_LAYERS.includes(layerOf(path));
/** `rules/gaps/renal` → the family `rules/gaps/renal`; engine and index files are not families. */
const familyOf = (path: string) => (/^rules\/(gaps|coding|validation)\/[^/]+$/.test(path.replace(/\.tsx?$/, '')) ? path.replace(/\.tsx?$/, '') : undefined);

function violations(check: (module: Module) => string[]): string[] {
  return modules.flatMap((module) => check(module).map((problem) => `${module.path}: ${problem}`));
}

describe('layer boundaries', () => {
  it('finds the modules it guards (the walk itself works)', () => {
    const paths = modules.map((m) => m.path);
    expect(paths).toContain('rules/engine/run-rules.ts');
    expect(paths).toContain('fhir/gateway.ts');
    expect(paths.filter((p) => familyOf(p)).length).toBeGreaterThanOrEqual(10);
    expect(modules.find((m) => m.path === 'state/review.ts' || m.path === 'state/app-state.ts')?.imports.some((i) => i.startsWith('rules/'))).toBe(true);
  });

  it('keeps the pure core free of fhirclient, preact and signals', () => {
    expect(violations((m) => (isPure(m.path) ? m.imports.filter((i) => i === 'fhirclient' || i.startsWith('fhirclient/') || UI_LIBRARIES.test(i)) : []))).toEqual([]);
  });

  it('keeps the pure core free of the DOM, the network, storage and the clock', () => {
    expect(violations((m) => {
      if (!isPure(m.path)) return [];
      // A name the module declares itself (`const window = reviewWindow(...)`) is not the global.
      const declared = (name: string) => new RegExp(`\\b(?:const|let|var|function|class)\\s+${name}\\b`).test(m.code);
      const globals = BROWSER_GLOBALS.filter((name) => !declared(name) && new RegExp(`(?<![\\w$.])${name}\\b(?!\\s*:)`).test(m.code));
      const clock = CLOCK.filter((pattern) => pattern.test(m.code)).map((pattern) => `reads the clock (${pattern.source})`);
      return [...globals.map((name) => `uses ${name}`), ...clock];
    })).toEqual([]);
  });

  it('lets the pure core import only the pure core', () => {
    expect(violations((m) => (isPure(m.path) ? m.imports.filter((i) => ['fhir', 'state', 'ui', 'cli'].includes(layerOf(i)) && !i.startsWith('fhir/r4')) : []))).toEqual([]);
  });

  it('lets only src/fhir import fhirclient', () => {
    expect(violations((m) => (layerOf(m.path) !== 'fhir' ? m.imports.filter((i) => i === 'fhirclient' || i.startsWith('fhirclient/')) : []))).toEqual([]);
  });

  it('keeps src/fhir from importing state or ui', () => {
    expect(violations((m) => (layerOf(m.path) === 'fhir' ? m.imports.filter((i) => layerOf(i) === 'state' || layerOf(i) === 'ui') : []))).toEqual([]);
  });

  it('keeps every rule family from importing another family', () => {
    expect(violations((m) => {
      const family = familyOf(m.path);
      if (!family) return [];
      return m.imports.filter((i) => familyOf(i) !== undefined && familyOf(i) !== family);
    })).toEqual([]);
  });

  it('lets everything outside src/rules reach the rules only through rules/index', () => {
    expect(violations((m) => (layerOf(m.path) !== 'rules' ? m.imports.filter((i) => i.startsWith('rules/') && i !== 'rules/index') : []))).toEqual([]);
  });
});

describe('the boundary checker itself', () => {
  it('ignores words in comments and strings but sees them in code', () => {
    expect(codeOnly("// document.title\nconst a = 'window'; fetch(url);")).not.toMatch(/document|window/);
    expect(codeOnly("// document.title\nconst a = 'window'; fetch(url);")).toMatch(/fetch\(url\)/);
    expect(codeOnly('/* new Date() */ const t = `${x} Date.now()`;')).not.toMatch(/Date/);
    expect(codeOnly("const LEADING = [/please document/i, /\\bwindow[/]x/];")).not.toMatch(/document|window/);
    expect(codeOnly('const half = total / 2; document.title = half / 4;')).toMatch(/document\.title/);
  });

  it('reads imports of every form, relative ones resolved from src/', () => {
    const found = [..."import type { A } from './a';\nexport { b } from '../b';\nimport 'side';\nconst c = await import('fhirclient');".matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
    expect(found).toEqual(['./a', '../b', 'side', 'fhirclient']);
  });
});
