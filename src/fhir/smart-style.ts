/**
 * The EHR's look (SMART App Launch `smart_style_url`, "context-passthrough-style"): a JSON of colours, sizes
 * and fonts the EHR hands its apps so they fit in (https://hl7.org/fhir/smart-app-launch/STU1/#styling).
 * The style is untrusted input: each value is kept only when it is a plain CSS colour, length or font list
 * (no `url()`, no `;`, no expressions), so it can only restyle, never inject. Read without the access token
 * (a style sheet is public), from an http(s) URL only; a style that cannot be read leaves Clarify's own.
 */
export interface EhrStyle {
  colorBackground?: string;
  colorText?: string;
  colorHighlight?: string;
  colorError?: string;
  colorSuccess?: string;
  dimBorderRadius?: string;
  dimFontSize?: string;
  fontFamilyBody?: string;
  fontFamilyHeading?: string;
}

const COLOR = /^(#[0-9a-f]{3,4}|#[0-9a-f]{6}|#[0-9a-f]{8}|rgba?\(\s*\d{1,3}%?\s*,\s*\d{1,3}%?\s*,\s*\d{1,3}%?\s*(,\s*(0|1|0?\.\d+)\s*)?\))$/i;
const LENGTH = /^(0|\d{1,3}(\.\d{1,3})?(px|rem|em|pt))$/;
const FONTS = /^[A-Za-z0-9 ,'"-]{1,200}$/;

const FIELDS: ReadonlyArray<[keyof EhrStyle, string, RegExp]> = [
  ['colorBackground', 'color_background', COLOR],
  ['colorText', 'color_text', COLOR],
  ['colorHighlight', 'color_highlight', COLOR],
  ['colorError', 'color_error', COLOR],
  ['colorSuccess', 'color_success', COLOR],
  ['dimBorderRadius', 'dim_border_radius', LENGTH],
  ['dimFontSize', 'dim_font_size', LENGTH],
  ['fontFamilyBody', 'font_family_body', FONTS],
  ['fontFamilyHeading', 'font_family_heading', FONTS],
];

/** The style's safe values; nothing for anything that is not a style object. */
export function readEhrStyle(json: unknown): EhrStyle {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {};
  const style: EhrStyle = {};
  for (const [key, field, form] of FIELDS) {
    const value = (json as Record<string, unknown>)[field];
    if (typeof value === 'string' && form.test(value.trim())) style[key] = value.trim();
  }
  return style;
}

/** Whether a smart_style_url may be fetched: an absolute http(s) URL. */
export function isStyleUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2048) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Reads the EHR's style; undefined when it cannot be read (Clarify keeps its own look). */
export async function loadEhrStyle(url: string, fetchStyle: typeof fetch = fetch): Promise<EhrStyle | undefined> {
  if (!isStyleUrl(url)) return undefined;
  try {
    const response = await fetchStyle(url, { headers: { Accept: 'application/json' }, credentials: 'omit' });
    if (!response.ok) return undefined;
    const text = await response.text();
    return text.length > 20_000 ? undefined : readEhrStyle(JSON.parse(text));
  } catch {
    return undefined;
  }
}
