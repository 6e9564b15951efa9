/**
 * The words of a sentence, with their offsets: what the mention dictionary and the context triggers are
 * matched against (NegEx and ConText match phrases word by word: Chapman 2001, Harkema 2009).
 *
 * A word is a run of letters and digits, with an inner apostrophe ("alzheimer's") or an inner decimal point
 * ("3.5"); any other visible character is a token of its own (",", ";", "(", "/"), so "h/o" is three tokens;
 * hyphens and dashes between words separate them like a space ("a-fib" reads as "a fib"). One pass, linear.
 */

export interface NoteToken {
  /** Offsets in the text that was tokenized. */
  readonly start: number;
  readonly end: number;
  /** As written. */
  readonly text: string;
  /** Lower case, curly apostrophe straightened: what case-insensitive matching compares. */
  readonly key: string;
  /** A word (letters or digits); false for a punctuation token. */
  readonly word: boolean;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u;
const OTHER_SPACE = /\s/;

/** Whether the character with this UTF-16 code is part of a word. ASCII is tested directly: it is nearly all of a note. */
function isWordCode(code: number, c: string): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return LETTER_OR_DIGIT.test(c);
}

/** Whether a character is part of a word (a letter, a digit or a combining mark). */
export function isWordCharacter(c: string): boolean {
  return isWordCode(c.charCodeAt(0), c);
}

/** White space, and the hyphens and dashes that join or separate words (read as a space; the em dash is a clause mark and stays a token). */
function isSeparatorCode(code: number, c: string): boolean {
  if (code === 32 || code === 45 || (code >= 9 && code <= 13)) return true;
  if (code < 128) return false;
  return (code >= 0x2010 && code <= 0x2013) || code === 0x2212 || OTHER_SPACE.test(c);
}

const isDigitCode = (code: number) => code >= 48 && code <= 57;

/**
 * Roman numerals of stages, types and classes, read as digits when matching diagnosis names: "type II" is
 * "type 2", "CKD stage IIIb" is "stage 3b", "class III obesity" is "class 3". "i" and "v" are left alone: as
 * words they are far more often the pronoun or a letter.
 */
const ROMAN: Readonly<Record<string, string>> = { ii: '2', iii: '3', iv: '4', iiia: '3a', iiib: '3b' };

/** The key a word is matched on in the mention dictionary: its lower case, Roman numerals II-IV as digits. */
export function matchKey(key: string): string {
  return ROMAN[key] ?? key;
}
const isApostropheCode = (code: number) => code === 39 || code === 0x2019;

/** The tokens of `text`, in order. */
export function tokenize(text: string): NoteToken[] {
  const tokens: NoteToken[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    const c = text[i]!;
    if (isWordCode(code, c)) {
      const start = i;
      i++;
      for (;;) {
        if (i >= length) break;
        const next = text.charCodeAt(i);
        if (isWordCode(next, text[i]!)) i++;
        // An apostrophe or a decimal point inside a word keeps it whole: "alzheimer's", "3.5".
        else if (isApostropheCode(next) && i + 1 < length && isWordCode(text.charCodeAt(i + 1), text[i + 1]!)) i += 2;
        else if (next === 46 && isDigitCode(text.charCodeAt(i - 1)) && isDigitCode(text.charCodeAt(i + 1))) i += 2;
        else break;
      }
      const word = text.slice(start, i);
      let key = word.toLowerCase();
      if (key.includes('\u2019')) key = key.replace(/\u2019/g, "'");
      tokens.push({ start, end: i, text: word, key, word: true });
    } else if (isSeparatorCode(code, c)) {
      i++;
    } else {
      tokens.push({ start: i, end: i + 1, text: c, key: c, word: false });
      i++;
    }
  }
  return tokens;
}
