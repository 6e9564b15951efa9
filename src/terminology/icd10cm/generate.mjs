#!/usr/bin/env node
// Regenerates src/terminology/icd10cm/icd10cm-fy2026.txt, the ICD-10-CM table Clarify ships, from the
// official CDC/NCHS-CMS release files (US public domain) in ../shared/data/icd10cm:
//   - icd10cm-order-2026.txt: every FY2026 code and header, billable flag, short title;
//   - icd10cm-order-addenda-2026.txt: FY2025 → FY2026 changes (deleted codes; codes that became headers);
//   - icd10cm_tabular_2017.xml: Excludes1, "use additional code" and "code first" notes. This file is FY2017:
//     notes of codes that FY2026 no longer has are skipped, and codes added since 2017 have no notes here.
// Usage: node src/terminology/icd10cm/generate.mjs [path/to/shared/data/icd10cm]
//
// Format (compact and gzip-friendly; decoded by icd10cm-table.ts): '#' comment lines, then sections
// opened by '@name' lines. @codes: one code per line, front-coded (first character = how many leading
// characters it shares with the previous code, then the rest; codes without the dot). @billable: one line,
// '1' billable / '0' header, one character per code. @titleshare: one line, one character per code,
// charCode - 48 = characters shared with the previous code's short title. @titles: the rest of each short
// title, one per line. @deleted: code<TAB>FY2025 short title, deleted in FY2026. @subdivided: codes
// billable in FY2025 that became headers in FY2026. @excludes1 / @useadditional / @codefirst:
// code<TAB>targets, targets comma-separated, each a code prefix (E11, O244) or a range (E08-E13, N181-N186).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = process.argv[2] ?? join(here, '../../../../shared/data/icd10cm');
const out = join(here, 'icd10cm-fy2026.txt');

function orderRows(text) {
  return text.split(/\r?\n/).filter((l) => l.trim()).map((l) => ({
    code: l.slice(6, 13).trim(), billable: l[14] === '1', short: l.slice(16, 76).trim(),
  }));
}

const rows = orderRows(readFileSync(join(source, 'icd10cm-order-2026.txt'), 'ascii'));
const known = new Set(rows.map((r) => r.code));

// Addenda: "Delete:" then "Add:" of the same code with flag 0 means it was subdivided (became a header).
const deleted = new Map();
const subdivided = [];
for (const line of readFileSync(join(source, 'icd10cm-order-addenda-2026.txt'), 'ascii').split(/\r?\n/)) {
  const match = /^(Delete|Add):\s+(\d)\s(.{7})\s(.{60})/.exec(line);
  if (!match) continue;
  const [, action, flag, rawCode, title] = match;
  const code = rawCode.trim();
  if (action === 'Delete') deleted.set(code, { billable: flag === '1', title: title.trim() });
}
for (const [code, was] of [...deleted]) {
  if (known.has(code)) {
    if (was.billable && !rows.find((r) => r.code === code).billable) subdivided.push(code);
    deleted.delete(code);
  }
}

// Notes from the tabular XML, by the code they are written on (inherited by the codes below it).
const CODE = String.raw`[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?`;
const TARGET = new RegExp(`(${CODE})(?:\\s*-\\s*(${CODE})-?|-)?`, 'g');
const undot = (code) => code.replace('.', '');
function targetsIn(note) {
  const targets = [];
  for (const group of note.matchAll(/\(([^()]*)\)/g)) {
    for (const m of group[1].matchAll(TARGET)) targets.push(m[2] ? `${undot(m[1])}-${undot(m[2])}` : undot(m[1]));
  }
  return targets;
}
const xml = readFileSync(join(source, 'icd10cm_tabular_2017.xml'), 'utf8');
const notes = { excludes1: new Map(), useAdditionalCode: new Map(), codeFirst: new Map() };
const stack = [];
for (const token of xml.matchAll(/<diag>|<\/diag>|<name>([^<]+)<\/name>|<(excludes1|useAdditionalCode|codeFirst)>([\s\S]*?)<\/\2>/g)) {
  if (token[0] === '<diag>') stack.push(undefined);
  else if (token[0] === '</diag>') stack.pop();
  else if (token[1] !== undefined) { if (stack.length && stack[stack.length - 1] === undefined) stack[stack.length - 1] = undot(token[1].trim()); }
  else {
    const owner = stack[stack.length - 1];
    if (!owner || !known.has(owner)) continue; // a FY2017 code FY2026 no longer has: skipped
    const targets = [...token[3].matchAll(/<note>([\s\S]*?)<\/note>/g)].flatMap((n) => targetsIn(n[1]));
    if (targets.length) notes[token[2]].set(owner, [...new Set([...(notes[token[2]].get(owner) ?? []), ...targets])]);
  }
}

// Front coding.
const shared = (a, b) => { let n = 0; while (n < a.length && n < b.length && a[n] === b[n]) n++; return n; };
let previousCode = '';
let previousTitle = '';
const codeLines = [];
const titleShare = [];
const titleLines = [];
for (const { code, short } of rows) {
  const c = shared(code, previousCode);
  codeLines.push(`${c}${code.slice(c)}`);
  const t = Math.min(shared(short, previousTitle), 74);
  titleShare.push(String.fromCharCode(48 + t));
  titleLines.push(short.slice(t));
  previousCode = code;
  previousTitle = short;
}

const lines = [
  '# ICD-10-CM FY2026 (effective 2025-10-01): CDC/NCHS and CMS release files, US public domain.',
  '# Generated by generate.mjs from icd10cm-order-2026.txt, icd10cm-order-addenda-2026.txt and the FY2017',
  '# tabular XML (Excludes1 / use additional code / code first notes; codes FY2026 lacks are skipped).',
  `@codes ${rows.length}`, ...codeLines,
  '@billable', rows.map((r) => (r.billable ? '1' : '0')).join(''),
  '@titleshare', titleShare.join(''),
  '@titles', ...titleLines,
  '@deleted', ...[...deleted].map(([code, was]) => `${code}\t${was.title}`),
  '@subdivided', ...subdivided,
  '@excludes1', ...[...notes.excludes1].map(([code, t]) => `${code}\t${t.join(',')}`),
  '@useadditional', ...[...notes.useAdditionalCode].map(([code, t]) => `${code}\t${t.join(',')}`),
  '@codefirst', ...[...notes.codeFirst].map(([code, t]) => `${code}\t${t.join(',')}`),
];
writeFileSync(out, `${lines.join('\n')}\n`);
process.stderr.write(`${rows.length} codes, ${deleted.size} deleted, ${subdivided.length} subdivided, ` +
  `${notes.excludes1.size} Excludes1, ${notes.useAdditionalCode.size} use-additional, ${notes.codeFirst.size} code-first notes → ${out}\n`);
