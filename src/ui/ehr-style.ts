import type { EhrStyle } from '../fhir/smart-style';

/** Where each style value goes: Clarify's CSS custom properties (styles.css) and the root font. */
const PROPERTIES: ReadonlyArray<[keyof EhrStyle, string]> = [
  ['colorBackground', '--wash'],
  ['colorText', '--ink'],
  ['colorHighlight', '--brand'],
  ['colorError', '--danger'],
  ['dimBorderRadius', '--radius'],
  ['fontFamilyBody', 'font-family'],
  ['dimFontSize', 'font-size'],
  ['fontFamilyHeading', '--heading-font'],
];

/** Applies the EHR's look to the page (its values were checked by readEhrStyle). */
export function applyEhrStyle(style: EhrStyle, root: HTMLElement = document.documentElement): void {
  for (const [key, property] of PROPERTIES) {
    const value = style[key];
    if (value) root.style.setProperty(property, value);
  }
}
