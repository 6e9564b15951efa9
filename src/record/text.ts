/**
 * Untrusted text, made safe to show: the one place that knows the grammar of terminal escape sequences and
 * which characters are controls. Used by the trust boundary (read-resource.ts) and by clarify audit's text
 * output. ECMA-48 (control functions): CSI, OSC/DCS/PM/APC strings, two-character escapes, 8-bit CSI.
 */

/** ESC sequences and the 8-bit CSI, each matched whole. */
export const ESCAPE_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|[ -/]*[0-~]?)|\x9b[0-?]*[ -/]*[@-~]?/g;

/** C0 and C1 controls, DEL, and the bidirectional controls that reorder what is shown. */
export const CONTROLS = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The same, less tab and line breaks (LF, CR), which text such as a note keeps. */
const CONTROLS_BUT_BREAKS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const HAS_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Text as it can be shown: escape sequences and control characters removed (tab and line breaks kept). */
export function displayableText(text: string): string {
  return HAS_CONTROL.test(text) ? text.replace(ESCAPE_SEQUENCE, '').replace(CONTROLS_BUT_BREAKS, '') : text;
}
