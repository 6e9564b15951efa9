/**
 * text/html notes as plain text (src/notes/html-text.ts): what is dropped, what becomes a line, how
 * character references decode, and hostile input (scripts, event handlers, unclosed tags, 1 MB of "<").
 */
import { describe, expect, it } from 'vitest';
import { analyzeNote } from '../../src/notes/analyze-note';
import { decodeCharacterReferences, htmlToText } from '../../src/notes/html-text';

describe('what is dropped', () => {
  it.each([
    ['a script and its content', '<p>CHF</p><script>alert(1)</script><p>AKI</p>', 'CHF\n\nAKI'],
    ['a script in capitals, with attributes', '<SCRIPT type="text/javascript">var x = "</p>";</SCRIPT >ok', 'ok'],
    ['a style and its content', '<style>p { color: red }</style>Sepsis', 'Sepsis'],
    ['the head and its title', '<html><head><title>Secret</title><meta charset="utf-8"></head><body>Anemia</body></html>', 'Anemia'],
    ['a head closed only by the body', '<head><title>T</title><body>Anemia', 'Anemia'],
    ['comments and their content', 'CHF<!-- <b>hidden</b> -->.', 'CHF.'],
    ['doctype and processing instructions', '<!DOCTYPE html><?xml version="1.0"?>text', 'text'],
    ['an image with an event handler', '<img src=x onerror=alert(1)>', ''],
    ['attributes, even with ">" in quotes', '<a href="x" title="a > b" onclick=\'go(">")\'>link</a>', 'link'],
    ['a template and noscript content', '<template><p>tpl</p></template><noscript>ns</noscript>shown', 'shown'],
    ['an svg and its script', '<svg><script>alert(1)</script><text>svg text</text></svg>after', 'after'],
  ])('drops %s', (_name, html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });

  it('never lets markup through: the text of a hostile note has no tag left', () => {
    const text = htmlToText('<div onmouseover="x()"><iframe src="javascript:alert(1)"></iframe><b>CHF</b><img/src/onerror=alert(1)></div>');
    expect(text).toBe('CHF');
  });
});

describe('what becomes a line', () => {
  it.each([
    ['paragraphs a blank line apart, and breaks', '<p>CHF is stable.</p><p>AKI resolved.<br>K 3.1</p>', 'CHF is stable.\n\nAKI resolved.\nK 3.1'],
    ['divs and sections paragraphs', '<div>one</div><section>two</section>', 'one\n\ntwo'],
    ['list items as "- " items', '<ul><li>CHF</li><li>AKI</li></ul>', '- CHF\n- AKI'],
    ['table rows as lines, cells side by side', '<table><tr><td>Sodium</td><td>128</td></tr><tr><td>K</td><td>3.1</td></tr></table>', 'Sodium 128\nK 3.1'],
    ['headings as Markdown headings on their own line', '<h2>Assessment and Plan</h2><p>Sepsis.</p>', '## Assessment and Plan\n\nSepsis.'],
    ['inline elements as nothing', '<p><b>Assessment:</b> <i>acute</i> <span>CHF</span></p>', 'Assessment: acute CHF'],
    ['pre with its line breaks', '<pre>line 1\nline 2</pre>', 'line 1\nline 2'],
  ])('makes %s', (_name, html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });

  it('keeps a paragraph from running into the next: "No fever" does not reach the next paragraph', () => {
    const text = htmlToText('<p>No fever</p><p>sepsis treated</p>');
    expect(analyzeNote(text).mentions.map((m) => [m.words, m.assertion])).toEqual([['sepsis', 'affirmed']]);
  });

  it('collapses white space as a browser shows it, keeping one blank line at most', () => {
    expect(htmlToText('  CHF\n   and\tAKI  <p></p><p></p><p></p>   <p>end</p>')).toBe('CHF and AKI\n\nend');
  });

  it('keeps headings where section detection finds them', () => {
    const text = htmlToText('<h1>Discharge Summary</h1><h2>Hospital Course</h2><p>Treated for sepsis.</p><h3>Family History</h3><p>Mother with diabetes.</p>');
    const analysis = analyzeNote(text);
    expect(analysis.sections.map((s) => s.kind)).toEqual(['other', 'hospital-course', 'family-history']);
    expect(analysis.mentions.map((m) => [m.words, m.assertion])).toEqual([['sepsis', 'affirmed'], ['diabetes', 'family']]);
  });
});

describe('character references', () => {
  it.each([
    ['&amp; &lt; &gt; &quot; &apos;', '& < > " \''],
    ['a&nbsp;b', 'a\u00a0b'],
    ['&#60;script&#62;', '<script>'],
    ['&#x3c;&#X3E;', '<>'],
    ['&#0;', '\ufffd'],
    ['&#xD800;', '\ufffd'],
    ['&#x110000;', '\ufffd'],
    ['&#99999999999;', '\ufffd'],
    ['&#7;', '\ufffd'],
    ['&#150;', '\u2013'],
    ['&mdash; &deg; &plusmn; &micro;', '\u2014 \u00b0 \u00b1 \u00b5'],
    ['&amp without a semicolon', '& without a semicolon'],
    ['&unknown; stays', '&unknown; stays'],
    ['AT&T', 'AT&T'],
  ])('decodes "%s"', (encoded, decoded) => {
    expect(decodeCharacterReferences(encoded)).toBe(decoded);
  });

  it('decodes references in text to text, never to markup', () => {
    expect(htmlToText('<p>&lt;img src=x onerror=alert(1)&gt;</p>')).toBe('<img src=x onerror=alert(1)>');
  });

  it('turns &nbsp; into a space in the text', () => {
    expect(htmlToText('CHF&nbsp;&nbsp;stable')).toBe('CHF stable');
  });
});

describe('hostile and malformed input', () => {
  const MB = 1_000_000;
  it.each([
    ['1 MB of "<"', '<'.repeat(MB), (text: string) => expect(text).toBe('<'.repeat(MB))],
    ['1 MB of "<a"', '<a'.repeat(MB / 2), (text: string) => expect(text).toBe('')],
    ['an attribute left open for 1 MB', `<a href="${'x'.repeat(MB)}`, (text: string) => expect(text).toBe('')],
    ['a comment left open', `CHF<!--${'x'.repeat(MB)}`, (text: string) => expect(text).toBe('CHF')],
    ['a script left open', `CHF<script>${'x'.repeat(MB)}`, (text: string) => expect(text).toBe('CHF')],
    ['1 MB of "<head>"', '<head>'.repeat(MB / 6), (text: string) => expect(text).toBe('')],
    ['1 MB of "<script>"', '<script>'.repeat(MB / 8), (text: string) => expect(text).toBe('')],
    ['1 MB of "</"', '</'.repeat(MB / 2), (text: string) => expect(text).toBe('')],
    ['1 MB of "&#"', '&#'.repeat(MB / 2), (text: string) => expect(text.length).toBe(MB)],
    ['1 MB of digits in a reference', `&#${'1'.repeat(MB)};`, (text: string) => expect(text).toBe('\ufffd')],
    ['1 MB of paragraphs', '<p>x'.repeat(MB / 4), (text: string) => expect(text.split('\n\n')).toHaveLength(MB / 4)],
  ])('reads %s (linear: it finishes)', (_name, html, check) => {
    check(htmlToText(html));
  });

  it.each([
    ['an unclosed tag at the end', 'CHF <b', 'CHF'],
    ['a "<" before a digit or space', 'K < 3.5, Na <135', 'K < 3.5, Na <135'],
    ['a stray closing tag', 'CHF</p></div>AKI', 'CHF\n\nAKI'],
    ['"</>" and "</ x>"', 'a</>b</ x>c', 'abc'],
    ['an empty note', '', ''],
    ['a note of spaces', '  \n\t  ', ''],
    ['\\r\\n line endings', '<p>CHF\r\nstable</p>\r\n<p>AKI</p>', 'CHF stable\n\nAKI'],
  ])('reads %s', (_name, html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });
});
