/**
 * A text/html note as plain text, by string processing alone: no DOM, no parser that could run or fetch
 * anything, nothing rendered. Follows the WHATWG HTML tokenizer where it matters for text
 * (https://html.spec.whatwg.org/multipage/parsing.html): a `<` not followed by a letter, `/`, `!` or `?` is
 * text; a tag runs to the first `>` outside a quoted attribute value; a tag, comment or raw-text element left
 * open at the end takes the rest of the input with it.
 *
 * - Dropped with their content: comments, `<!...>` and `<?...>`, `script`, `style`, `template`, `noscript`,
 *   `title`, `iframe`, `object`, `svg`, `math`, and `head` (up to `</head>` or `<body>`).
 * - Attributes never reach the text (`<img src=x onerror=...>` leaves nothing).
 * - Blocks (`p`, `div`, `ul`, `table` ...) are paragraphs, a blank line apart, so no sentence runs from one
 *   into the next; `br`, table rows and definition terms are line breaks; `li` an item `- ...`; `h1`-`h6` a
 *   Markdown heading on its own line (`# Assessment and Plan`), so src/notes/sections.ts finds the section;
 *   table cells are separated by a space.
 * - Character references: the common named ones and numeric ones (`&#60;`, `&#x3c;`); a reference to no valid
 *   character (0, a surrogate, beyond U+10FFFF, a control) is U+FFFD; 128-159 are read as Windows-1252 (as the
 *   spec does). Unknown names stay as written.
 * - White space collapses as a browser shows it (runs of spaces and line breaks in text are one space, except
 *   in `pre`); lines are trimmed and at most one blank line is kept.
 * Every character is looked at a bounded number of times: linear on any input, "<<<<" and unclosed tags included.
 */

const RAW_TEXT = new Set(['script', 'style', 'template', 'noscript', 'title', 'iframe', 'object', 'svg', 'math', 'noembed', 'noframes', 'xmp']);
/** Blocks: a paragraph break (a blank line) before and after, so a sentence never runs from one block into the next. */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'details', 'dialog', 'dir', 'div', 'dl', 'fieldset', 'figure', 'footer',
  'form', 'header', 'hgroup', 'html', 'main', 'menu', 'nav', 'ol', 'p', 'section', 'table', 'ul',
]);
/** A line break: rows, terms of a definition list, captions, rules, `br`. */
const LINE = new Set(['br', 'tr', 'dt', 'dd', 'caption', 'figcaption', 'hr', 'legend', 'summary', 'tbody', 'thead', 'tfoot']);
const CELL = new Set(['td', 'th']);

const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ensp: ' ', emsp: ' ', thinsp: ' ', shy: '', zwnj: '', zwj: '',
  ndash: '\u2013', mdash: '\u2014', lsquo: '\u2018', rsquo: '\u2019', sbquo: '\u201a', ldquo: '\u201c', rdquo: '\u201d', bdquo: '\u201e',
  hellip: '\u2026', bull: '\u2022', middot: '\u00b7', deg: '\u00b0', plusmn: '\u00b1', times: '\u00d7', divide: '\u00f7', micro: '\u00b5',
  frac12: '\u00bd', frac14: '\u00bc', frac34: '\u00be', sup1: '\u00b9', sup2: '\u00b2', sup3: '\u00b3', le: '\u2264', ge: '\u2265',
  ne: '\u2260', asymp: '\u2248', copy: '\u00a9', reg: '\u00ae', trade: '\u2122', para: '\u00b6', sect: '\u00a7', laquo: '\u00ab',
  raquo: '\u00bb', iexcl: '\u00a1', iquest: '\u00bf', cent: '\u00a2', pound: '\u00a3', euro: '\u20ac', yen: '\u00a5', larr: '\u2190',
  rarr: '\u2192', uarr: '\u2191', darr: '\u2193', harr: '\u2194', alpha: '\u03b1', beta: '\u03b2', gamma: '\u03b3', delta: '\u03b4',
  mu: '\u03bc', aacute: '\u00e1', agrave: '\u00e0', acirc: '\u00e2', atilde: '\u00e3', auml: '\u00e4', ccedil: '\u00e7', eacute: '\u00e9',
  egrave: '\u00e8', ecirc: '\u00ea', euml: '\u00eb', iacute: '\u00ed', igrave: '\u00ec', iuml: '\u00ef', ntilde: '\u00f1', oacute: '\u00f3',
  ograve: '\u00f2', ocirc: '\u00f4', ouml: '\u00f6', uacute: '\u00fa', ugrave: '\u00f9', uuml: '\u00fc', szlig: '\u00df',
  Aacute: '\u00c1', Eacute: '\u00c9', Iacute: '\u00cd', Ntilde: '\u00d1', Oacute: '\u00d3', Uacute: '\u00da', Uuml: '\u00dc', Ouml: '\u00d6', Auml: '\u00c4',
};

/** Numeric references 128-159 are Windows-1252 characters (HTML numeric character reference end state). */
const WINDOWS_1252: Readonly<Record<number, number>> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02c6, 0x89: 0x2030,
  0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022,
  0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc, 0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a, 0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

const REPLACEMENT = '\ufffd';

/** The character a numeric reference names; U+FFFD for none, a surrogate, a control or beyond Unicode. */
function numericCharacter(digits: string, radix: 10 | 16): string {
  const trimmed = digits.replace(/^0+/, '');
  if (trimmed.length > (radix === 10 ? 7 : 6)) return REPLACEMENT;
  const code = trimmed === '' ? 0 : parseInt(trimmed, radix);
  if (WINDOWS_1252[code] !== undefined) return String.fromCodePoint(WINDOWS_1252[code]!);
  const control = (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || control) return REPLACEMENT;
  return String.fromCodePoint(code);
}

/** Character references: numeric, named with `;`, and the five legacy names without one (`&amp`, `&nbsp`). */
const REFERENCE = /&(?:#([0-9]+);?|#[xX]([0-9a-fA-F]+);?|([A-Za-z][A-Za-z0-9]{0,31});|(amp|lt|gt|quot|nbsp)(?![A-Za-z0-9]))/g;

/** Text with its character references decoded. */
export function decodeCharacterReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, decimal: string | undefined, hex: string | undefined, name: string | undefined, legacy: string | undefined) => {
    if (decimal !== undefined) return numericCharacter(decimal, 10);
    if (hex !== undefined) return numericCharacter(hex, 16);
    const named = name ?? legacy!;
    return Object.hasOwn(NAMED, named) ? NAMED[named]! : whole;
  });
}

const isAsciiLetter = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isNameCharacter = (c: string | undefined) => isAsciiLetter(c) || (c !== undefined && ((c >= '0' && c <= '9') || c === '-' || c === ':'));
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';

/** Where a tag that starts before `from` ends: the index after its `>`, skipping quoted attribute values; -1 at end of input. */
function endOfTag(html: string, from: number): number {
  let k = from;
  let expectingValue = false;
  while (k < html.length) {
    const c = html[k]!;
    if (c === '>') return k + 1;
    if (expectingValue) {
      if (isSpace(c)) {
        k++;
        continue;
      }
      expectingValue = false;
      if (c === '"' || c === "'") {
        const close = html.indexOf(c, k + 1);
        if (close < 0) return -1;
        k = close + 1;
        continue;
      }
    }
    if (c === '=') expectingValue = true;
    k++;
  }
  return -1;
}

/** Index of the next `</name` (any case) at or after `from`, or -1. */
function findEndTag(html: string, name: string, from: number): number {
  let k = html.indexOf('</', from);
  while (k >= 0) {
    if (html.slice(k + 2, k + 2 + name.length).toLowerCase() === name && !isNameCharacter(html[k + 2 + name.length])) return k;
    k = html.indexOf('</', k + 2);
  }
  return -1;
}

/** Index of the next `</head` or `<body` (any case) at or after `from`, or -1. */
function findEndOfHead(html: string, from: number): number {
  let k = html.indexOf('<', from);
  while (k >= 0) {
    const ahead = html.slice(k, k + 6).toLowerCase();
    if ((ahead === '</head' || ahead.startsWith('<body')) && !isNameCharacter(html[k + (ahead === '</head' ? 6 : 5)])) return k;
    k = html.indexOf('<', k + 1);
  }
  return -1;
}

/**
 * The plain text of a text/html note, for reading (never for showing as HTML): tags, comments, scripts,
 * styles and the head dropped, attributes never read, blocks as line breaks, list items as "- ", headings as
 * Markdown headings on their own line, character references decoded (invalid ones U+FFFD), white space
 * collapsed. Pure string processing, linear time on any input (WHATWG HTML tokenizer rules for what is a tag).
 */
export function htmlToText(html: string): string {
  const parts: string[] = [];
  let pre = 0;
  /** Past this index there is no `</head` or `<body`: a `<head>` after it drops nothing (keeps repeated searches linear). */
  let noEndOfHeadFrom = Infinity;
  const text = (raw: string) => {
    if (raw === '') return;
    const decoded = decodeCharacterReferences(raw);
    parts.push(pre > 0 ? decoded.replace(/\r\n?/g, '\n') : decoded.replace(/[ \t\n\r\f]+/g, ' '));
  };
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      text(html.slice(i));
      break;
    }
    text(html.slice(i, lt));
    i = lt;
    const next = html[i + 1];
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    if (next === '!' || next === '?' || (next === '/' && !isAsciiLetter(html[i + 2]))) {
      // Bogus comments and `</>`: up to the next `>`.
      const end = html.indexOf('>', i + 2);
      i = end < 0 ? html.length : end + 1;
      continue;
    }
    const closing = next === '/';
    if (!isAsciiLetter(closing ? html[i + 2] : next)) {
      text('<');
      i++;
      continue;
    }
    let nameEnd = i + (closing ? 2 : 1);
    while (nameEnd < html.length && isNameCharacter(html[nameEnd])) nameEnd++;
    const name = html.slice(i + (closing ? 2 : 1), nameEnd).toLowerCase();
    const end = endOfTag(html, nameEnd);
    if (end < 0) break; // a tag open at the end of the input takes the rest with it
    i = end;
    if (closing) {
      if (name === 'pre') pre = Math.max(0, pre - 1);
      // A line (a row, a term) breaks where it opens; the next one opens its own.
      if (/^h[1-6]$/.test(name) || BLOCK.has(name) || name === 'pre') parts.push('\n\n');
      else if (CELL.has(name)) parts.push(' ');
      continue;
    }
    if (RAW_TEXT.has(name)) {
      const close = findEndTag(html, name, i);
      if (close < 0) break; // never closed: the rest is its content
      const after = html.indexOf('>', close);
      i = after < 0 ? html.length : after + 1;
      continue;
    }
    if (name === 'head' && i < noEndOfHeadFrom) {
      const close = findEndOfHead(html, i);
      if (close < 0) noEndOfHeadFrom = i;
      else i = close;
      continue;
    }
    if (/^h[1-6]$/.test(name)) parts.push(`\n\n${'#'.repeat(Number(name[1]))} `);
    else if (name === 'li') parts.push('\n- ');
    else if (name === 'pre') {
      pre++;
      parts.push('\n\n');
    } else if (BLOCK.has(name)) parts.push('\n\n');
    else if (LINE.has(name)) parts.push('\n');
    else if (CELL.has(name)) parts.push(' ');
  }
  return parts.join('')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
