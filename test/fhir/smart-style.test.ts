// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { isStyleUrl, loadEhrStyle, readEhrStyle } from '../../src/fhir/smart-style';
import { applyEhrStyle } from '../../src/ui/ehr-style';

/** A style as an EHR publishes it (SMART App Launch, smart_style_url). */
const EHR_STYLE = {
  color_background: '#edeae3', color_error: '#9e2d2d', color_highlight: '#69b5ce', color_modal_backdrop: '',
  color_success: '#498e49', color_text: '#303030', dim_border_radius: '6px', dim_font_size: '13px', dim_spacing_size: '20px',
  font_family_body: "Georgia, Times, 'Times New Roman', serif", font_family_heading: "'HelveticaNeue-Light', Helvetica, Arial, 'Lucida Grande', sans-serif",
};

describe('the EHR style (smart_style_url)', () => {
  it('keeps the colours, sizes and fonts of a well-formed style', () => {
    expect(readEhrStyle(EHR_STYLE)).toEqual({
      colorBackground: '#edeae3', colorText: '#303030', colorHighlight: '#69b5ce', colorError: '#9e2d2d', colorSuccess: '#498e49',
      dimBorderRadius: '6px', dimFontSize: '13px',
      fontFamilyBody: "Georgia, Times, 'Times New Roman', serif", fontFamilyHeading: "'HelveticaNeue-Light', Helvetica, Arial, 'Lucida Grande', sans-serif",
    });
  });

  it.each([
    ['a url() colour', { color_background: 'url(https://evil.example/x.png)' }],
    ['a declaration break', { color_text: 'red; background: url(x)' }],
    ['an expression', { dim_font_size: 'expression(alert(1))' }],
    ['a font list that closes the rule', { font_family_body: 'Arial}; body{display:none' }],
    ['a number instead of a string', { color_highlight: 255 }],
    ['a length with no unit', { dim_border_radius: '12' }],
  ])('drops %s', (_name, style) => {
    expect(readEhrStyle(style)).toEqual({});
  });

  it('reads nothing from what is not a style object', () => {
    for (const value of [null, [], 'red', 42, undefined]) expect(readEhrStyle(value)).toEqual({});
  });

  it('fetches only absolute http(s) URLs', () => {
    expect(isStyleUrl('https://ehr.example/smart-style.json')).toBe(true);
    for (const bad of ['javascript:alert(1)', 'data:application/json,{}', '/smart-style.json', 42, undefined]) expect(isStyleUrl(bad)).toBe(false);
  });

  it('leaves Clarify its own look when the style cannot be read (404, not JSON, network error)', async () => {
    const answering = (body: string, status = 200) => (async () => new Response(body, { status })) as unknown as typeof fetch;
    expect(await loadEhrStyle('https://ehr.example/s.json', answering('', 404))).toBeUndefined();
    expect(await loadEhrStyle('https://ehr.example/s.json', answering('<html>'))).toBeUndefined();
    expect(await loadEhrStyle('https://ehr.example/s.json', (async () => { throw new TypeError('offline'); }) as unknown as typeof fetch)).toBeUndefined();
    expect(await loadEhrStyle('https://ehr.example/s.json', answering(JSON.stringify(EHR_STYLE)))).toMatchObject({ colorHighlight: '#69b5ce' });
  });

  it('applies the style to the page as Clarify\'s colour, radius and font properties', () => {
    const root = document.createElement('div');
    applyEhrStyle(readEhrStyle(EHR_STYLE), root);
    expect(root.style.getPropertyValue('--brand')).toBe('#69b5ce');
    expect(root.style.getPropertyValue('--wash')).toBe('#edeae3');
    expect(root.style.getPropertyValue('--radius')).toBe('6px');
    expect(root.style.getPropertyValue('font-family')).toContain('Georgia');
  });
});
