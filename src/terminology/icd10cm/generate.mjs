#!/usr/bin/env node
// Regenerates src/terminology/icd10cm/icd10cm-fy2026.txt, the ICD-10-CM table Clarify ships, from the
// official CDC/NCHS-CMS release files (US public domain) in ../shared/data/icd10cm:
//   - icd10cm-order-2026.txt: every FY2026 code and header, billable flag, short title (and the long title,
//     read for laterality, not shipped);
//   - icd10cm-order-addenda-2026.txt: FY2025 → FY2026 changes (deleted codes; codes that became headers);
//   - icd10cm_tabular_2017.xml: Excludes1, "use additional code" and "code first" notes. This file is FY2017:
//     notes of codes that FY2026 no longer has are skipped, and codes added since 2017 have no notes here.
// Usage: node src/terminology/icd10cm/generate.mjs [path/to/shared/data/icd10cm [path/to/output.txt]]
// The output is a function of the release files alone (no dates, no hash order): a second run writes the same bytes.
//
// Format (compact and gzip-friendly; decoded by icd10cm-table.ts): '#' comment lines, then sections
// opened by '@name' lines. @codes: one code per line, front-coded (first character = how many leading
// characters it shares with the previous code, then the rest; codes without the dot). @billable: one line,
// '1' billable / '0' header, one character per code. @titleshare: one line, one character per code,
// charCode - 48 = characters shared with the previous code's short title. @titles: the rest of each short
// title, one per line. @deleted: code<TAB>FY2025 short title, deleted in FY2026. @subdivided: codes
// billable in FY2025 that became headers in FY2026. @excludes1 / @useadditional / @codefirst:
// code<TAB>targets, targets comma-separated, each a code prefix (E11, O244) or a range (E08-E13, N181-N186).
// @lateral: the codes naming the side of each billable code of unspecified side (see "Laterality" below), one
// line per such code in @codes order: `<delta> <position><right><left>[<bilateral>]`. delta = the code's index
// in @codes minus the previous line's (the first line counts from index 0); position = the 0-based index, in
// the undotted code, of the one character its siblings change; then the character the right, the left and,
// when ICD-10-CM has one, the bilateral code put there. M1710 (M17.10 Unilateral primary osteoarthritis,
// unspecified knee) has `9 412`: 9 codes after the previous line's, character 4 → M17.11 right, M17.12 left,
// no bilateral code; H35029 has `5 5123`: H35.021, H35.022, H35.023 (bilateral); S02400A has `18 5AB`:
// S02.40AA, S02.40BA. A reader that does not know the section ignores it.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = process.argv[2] ?? join(here, '../../../../shared/data/icd10cm');
const out = process.argv[3] ?? join(here, 'icd10cm-fy2026.txt');

function orderRows(text) {
  return text.split(/\r?\n/).filter((l) => l.trim()).map((l) => ({
    code: l.slice(6, 13).trim(), billable: l[14] === '1', short: l.slice(16, 76).trim(), long: l.slice(77).trim(),
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

// Laterality: for each billable code of unspecified side, the billable codes naming the right, the left and
// (if any) both sides, read from the long titles (unabbreviated, unlike the short ones). A sibling differs
// from the code in one character after the category (ICD-10-CM gives laterality one axis: M17.10 → M17.11,
// S02.400A → S02.40AA, H40.1190 → H40.1110), names one side only, and has the same title once side words,
// "unspecified", "side", "of" and "the" are left out, words compared in the singular and a word repeated at
// once said once ("Fracture of unspecified part of neck of unspecified femur" = "... of neck of right femur";
// "Follicular cyst of ovary, unspecified side" = "Follicular cyst of right ovary"). The titles also say
// "unspecified <site>" after naming the site ("Abscess of external ear, unspecified ear" beside "Abscess of right
// external ear"): without that repeated site word the title matches too. A bilateral title may drop the site
// word ("Exudative retinopathy, bilateral" beside "..., unspecified eye"). Kept only when the right and left
// codes are both found, each once, in the same character: M17.10 yes; S62.629A (unspecified finger) no, its
// one-character siblings name another finger ("right middle finger"); G81.90 (hemiplegia, unspecified side)
// no, its siblings add "dominant"/"nondominant", which the side alone does not choose.
const SIDES = ['right', 'left', 'bilateral'];
const NOT_COMPARED = new Set([...SIDES, 'unspecified', 'side', 'of', 'the']);
const words = (title) => title.toLowerCase().match(/[a-z0-9]+/g) ?? [];
const singular = (w) => (w.length <= 3 ? w : w.endsWith('ies') ? `${w.slice(0, -3)}y` : w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);
const sideless = (ws) => ws.filter((w) => !NOT_COMPARED.has(w)).map(singular).filter((w, i, all) => w !== all[i - 1]).join(' ');
const billableRows = rows.filter((r) => r.billable).map((r) => ({ code: r.code, words: words(r.long) }));
const bySlot = new Map(); // a code with one character after the category replaced by '?' → the billable codes it stands for
const slot = (code, p) => `${code.slice(0, p)}?${code.slice(p + 1)}`;
for (const row of billableRows) for (let p = 3; p < row.code.length; p++) {
  const key = slot(row.code, p);
  if (bySlot.has(key)) bySlot.get(key).push(row); else bySlot.set(key, [row]);
}
const lateral = new Map(); // code → { position, characters: right, left[, bilateral] }
let lateralAmbiguous = 0;
for (const row of billableRows) {
  const ws = row.words;
  if (!ws.includes('unspecified') || ws.some((w) => SIDES.includes(w))) continue;
  const unilateral = new Set([sideless(ws)]);
  const bilateral = new Set(unilateral);
  ws.forEach((w, i) => {
    const site = ws[i + 1];
    if (w !== 'unspecified' || !site || NOT_COMPARED.has(site)) return;
    const withoutSite = sideless([...ws.slice(0, i), ...ws.slice(i + 2)]);
    if (ws.some((x, j) => j !== i + 1 && singular(x) === singular(site))) unilateral.add(withoutSite);
    bilateral.add(withoutSite);
  });
  const found = { right: [], left: [], bilateral: [] };
  for (let p = 3; p < row.code.length; p++) {
    for (const sibling of bySlot.get(slot(row.code, p))) {
      const sides = new Set(sibling.words.filter((w) => SIDES.includes(w)));
      if (sibling === row || sides.size !== 1) continue;
      const [side] = sides;
      if ((side === 'bilateral' ? bilateral : unilateral).has(sideless(sibling.words))) found[side].push({ p, character: sibling.code[p] });
    }
  }
  if (!found.right.length || !found.left.length) continue;
  const all = [...found.right, ...found.left, ...found.bilateral];
  if (found.right.length > 1 || found.left.length > 1 || found.bilateral.length > 1 || all.some((f) => f.p !== all[0].p)) {
    lateralAmbiguous++;
    continue;
  }
  lateral.set(row.code, { position: all[0].p, characters: all.map((f) => f.character).join('') });
}
let previousIndex = 0;
const lateralLines = [];
rows.forEach(({ code }, index) => {
  const siblings = lateral.get(code);
  if (!siblings) return;
  lateralLines.push(`${index - previousIndex} ${siblings.position}${siblings.characters}`);
  previousIndex = index;
});

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
  '@lateral', ...lateralLines,
];
writeFileSync(out, `${lines.join('\n')}\n`);
process.stderr.write(`${rows.length} codes, ${deleted.size} deleted, ${subdivided.length} subdivided, ` +
  `${notes.excludes1.size} Excludes1, ${notes.useAdditionalCode.size} use-additional, ${notes.codeFirst.size} code-first notes, ` +
  `${lateral.size} codes of unspecified side with their lateral siblings (${lateralAmbiguous} left out: ambiguous) → ${out}\n`);
