/**
 * The ICD-10-CM FY2026 code table (CDC/NCHS-CMS, public domain), decoded from the compact file that
 * generate.mjs writes: every code and header with its billable flag and short title, the FY2026
 * deletions, the tabular notes (Excludes1, use additional code, code first; from the FY2017 XML), and the
 * lateral siblings of the codes of unspecified side (the right, left and bilateral codes, which the
 * generator reads from the order file's long titles).
 * Lookups are O(1) (a Map); the browser loads the table lazily (loadIcd10Cm), only for records that
 * hold ICD-10-CM codes. https://www.cms.gov/medicare/coding-billing/icd-10-codes
 */
export interface Icd10CmCode {
  /** Dotted, upper case: `E11.9`. */
  code: string;
  /** Valid for HIPAA-covered transactions (a billable leaf); false for a header such as `E11`. */
  billable: boolean;
  /** The CMS short title. */
  title: string;
}

/** `E119` / `e11.9` / ` E11.9 ` → `E119`: the form the release files use. */
export function undottedIcd10(code: string): string {
  // Codes repeat across a record and across rules: the same few hundred strings, normalized once each.
  let plain = undotted.get(code);
  if (plain === undefined) {
    plain = code.trim().replace(/\./g, '').toUpperCase();
    if (undotted.size >= 50_000) undotted.clear();
    undotted.set(code, plain);
  }
  return plain;
}
const undotted = new Map<string, string>();

/** `E119` → `E11.9`; three-character categories have no dot. */
export function dottedIcd10(code: string): string {
  const plain = undottedIcd10(code);
  return plain.length > 3 ? `${plain.slice(0, 3)}.${plain.slice(3)}` : plain;
}

/** Whether a code falls under a note target: a prefix (`E11`, `O244`) or an inclusive range (`E08-E13`, `N181-N186`). */
export function matchesIcd10Target(code: string, target: string): boolean {
  const plain = undottedIcd10(code);
  const dash = target.indexOf('-');
  if (dash < 0) return plain.startsWith(target);
  const low = target.slice(0, dash);
  const high = target.slice(dash + 1);
  const head = plain.slice(0, Math.max(low.length, high.length));
  return head >= low && head.slice(0, high.length) <= high;
}

type NoteKind = 'excludes1' | 'useadditional' | 'codefirst';

/** The sides a code can name, in the order the @lateral section lists their codes. */
const ICD10_SIDES = ['right', 'left', 'bilateral'] as const;
export type Icd10CmSide = (typeof ICD10_SIDES)[number];

/**
 * A category of three characters (a letter, then letters or digits), then optionally up to four more, with
 * or without the dot. The second character was a digit until FY2026 added QA0 (neurodevelopmental disorders
 * related to pathogenic genetic variants, e.g. QA0.0101).
 */
const ICD10_FORM = /^[A-Z][0-9A-Z][0-9A-Z](?:\.?[0-9A-Z]{1,4})?$/;

/**
 * Whether a code has the form of an ICD-10-CM code of any fiscal year (a letter, two letters or digits, then
 * up to four more): `250.00` (ICD-9-CM) has not.
 */
export function hasIcd10CmForm(code: string): boolean {
  return ICD10_FORM.test(code.trim().toUpperCase());
}

export class Icd10CmTable {
  private readonly entries = new Map<string, { billable: boolean; title: string; index: number }>();
  private readonly order: string[] = [];
  private readonly deleted = new Map<string, string>();
  private readonly subdivided = new Set<string>();
  private readonly notes: Record<NoteKind, Map<string, string[]>> = { excludes1: new Map(), useadditional: new Map(), codefirst: new Map() };
  /** Undotted code of unspecified side → its @lateral entry: the position, then the right, left[, bilateral] characters. */
  private readonly lateral = new Map<string, string>();

  private constructor() {}

  /**
   * Decodes the file generate.mjs writes (format described there). @lateral, one line per billable code of
   * unspecified side in @codes order, `<delta> <position><right><left>[<bilateral>]`: the code is the one
   * `delta` entries after the previous line's (the first counts from entry 0), and its right, left and
   * bilateral codes put those characters at the 0-based `position` of the undotted code (`9 412` on M1710:
   * M1711, M1712). A file without the section (older generators) decodes with no lateral siblings.
   */
  static parse(text: string): Icd10CmTable {
    const table = new Icd10CmTable();
    const sections = new Map<string, string[]>();
    let current: string[] | undefined;
    // An empty line is data (a title identical to the one before it); only the final newline is not.
    for (const line of text.replace(/\n$/, '').split('\n')) {
      if (line.startsWith('#')) continue;
      if (line.startsWith('@')) {
        current = [];
        sections.set(line.slice(1).split(' ')[0]!, current);
      } else current?.push(line);
    }
    const codes = sections.get('codes') ?? [];
    const billable = sections.get('billable')?.[0] ?? '';
    const share = sections.get('titleshare')?.[0] ?? '';
    const titles = sections.get('titles') ?? [];
    if (billable.length !== codes.length || share.length !== codes.length || titles.length !== codes.length) {
      throw new Error('The ICD-10-CM table is damaged: its sections do not have one entry per code.');
    }
    let code = '';
    let title = '';
    for (let i = 0; i < codes.length; i++) {
      const line = codes[i]!;
      code = code.slice(0, Number(line[0])) + line.slice(1);
      title = title.slice(0, share.charCodeAt(i) - 48) + titles[i]!;
      table.entries.set(code, { billable: billable[i] === '1', title, index: i });
      table.order.push(code);
    }
    for (const line of sections.get('deleted') ?? []) {
      const [deletedCode, deletedTitle] = line.split('\t');
      table.deleted.set(deletedCode!, deletedTitle ?? '');
    }
    for (const line of sections.get('subdivided') ?? []) table.subdivided.add(line);
    for (const kind of ['excludes1', 'useadditional', 'codefirst'] as const) {
      for (const line of sections.get(kind) ?? []) {
        const [owner, targets] = line.split('\t');
        table.notes[kind].set(owner!, (targets ?? '').split(',').filter(Boolean));
      }
    }
    let index = 0;
    for (const line of sections.get('lateral') ?? []) {
      const space = line.indexOf(' ');
      index += Number(line.slice(0, space));
      const lateralCode = table.order[index];
      const position = Number(line[space + 1]);
      if (space < 1 || lateralCode === undefined || !(position >= 3 && position < lateralCode.length) || line.length - space - 2 < 2) {
        throw new Error(`The ICD-10-CM table is damaged: @lateral line "${line}" names no code.`);
      }
      table.lateral.set(lateralCode, line.slice(space + 1));
    }
    return table;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The code's entry, with or without the dot, any case; undefined when FY2026 has no such code. */
  lookup(code: string): Icd10CmCode | undefined {
    if (!ICD10_FORM.test(code.trim().toUpperCase())) return undefined;
    const plain = undottedIcd10(code);
    const entry = this.entries.get(plain);
    return entry ? { code: dottedIcd10(plain), billable: entry.billable, title: entry.title } : undefined;
  }

  /** The FY2025 short title of a code deleted in FY2026, if it was. */
  deletedInFy2026(code: string): string | undefined {
    return this.deleted.get(undottedIcd10(code));
  }

  /** True for a code billable in FY2025 that FY2026 subdivided into a header. */
  subdividedInFy2026(code: string): boolean {
    return this.subdivided.has(undottedIcd10(code));
  }

  /** The billable codes under a header, in tabular order. */
  billableChildren(code: string): Icd10CmCode[] {
    const plain = undottedIcd10(code);
    const start = this.entries.get(plain)?.index;
    if (start === undefined) return [];
    const children: Icd10CmCode[] = [];
    for (let i = start + 1; i < this.order.length && this.order[i]!.startsWith(plain); i++) {
      const entry = this.entries.get(this.order[i]!)!;
      if (entry.billable) children.push({ code: dottedIcd10(this.order[i]!), billable: true, title: entry.title });
    }
    return children;
  }

  /**
   * The codes naming the side of a billable code of unspecified side (M17.10 → right M17.11, left M17.12;
   * H35.029 → also bilateral H35.023), as the generator found them from the order file's long titles; {}
   * for a code that names a side, has no side, or whose siblings differ in more than the side (G81.90
   * hemiplegia of unspecified side: dominant or nondominant). Right and left come together, bilateral only
   * where ICD-10-CM has such a code.
   */
  lateralSiblings(code: string): Partial<Record<Icd10CmSide, Icd10CmCode>> {
    const plain = undottedIcd10(code);
    const entry = this.lateral.get(plain);
    const siblings: Partial<Record<Icd10CmSide, Icd10CmCode>> = {};
    if (!entry) return siblings;
    const position = Number(entry[0]);
    ICD10_SIDES.forEach((side, i) => {
      const character = entry[i + 1];
      const sibling = character && this.lookup(`${plain.slice(0, position)}${character}${plain.slice(position + 1)}`);
      if (sibling) siblings[side] = sibling;
    });
    return siblings;
  }

  /** Note targets that apply to a code: those written on it and on every header above it. */
  notesFor(code: string, kind: NoteKind): Array<{ owner: string; target: string }> {
    const plain = undottedIcd10(code);
    const found: Array<{ owner: string; target: string }> = [];
    for (let length = 3; length <= plain.length; length++) {
      const owner = plain.slice(0, length);
      for (const target of this.notes[kind].get(owner) ?? []) found.push({ owner: dottedIcd10(owner), target });
    }
    return found;
  }
}

let loading: Promise<Icd10CmTable> | undefined;

/** The table, loaded once (a separate chunk in the browser, fetched only when first needed). */
export function loadIcd10Cm(): Promise<Icd10CmTable> {
  loading ??= import('./icd10cm-fy2026.txt?raw').then((module) => Icd10CmTable.parse(module.default));
  return loading;
}
