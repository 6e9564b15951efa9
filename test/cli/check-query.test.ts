/**
 * `clarify check-query FILE`: runCheckQuery over files on disk, and the built command once, to see the
 * `clarify` entry point route it and set the exit status.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCheckQuery, type CheckQueryIo } from '../../src/cli/check-query';
import { readRegularFile } from '../../src/cli/node-io';
import { CLARIFY_SYSTEM } from '../../src/query/draft';
import { INDICATOR_SOURCE_EXTENSION, SDC_TEMP_SYSTEM } from '../../src/query/fhir-draft';
import { SYSTEM } from '../../src/terminology/systems';
import { AKI_CHOICE, AKI_OPEN, HYPONATREMIA, variant } from '../query/queries';
import { buildCli, tempDir } from './support';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => void (temp = tempDir()));
afterEach(() => temp.remove());

function memoryIo(): CheckQueryIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out, err,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readFile: readRegularFile,
  };
}

async function check(...argv: string[]) {
  const io = memoryIo();
  const code = await runCheckQuery(argv, io);
  const stdout = io.out.join('');
  return { code, stdout, stderr: io.err.join(''), lines: stdout.split('\n').filter(Boolean) };
}

const LEADING = variant(HYPONATREMIA, { question: 'Sodium was 128 mmol/L on 03-01. Please document hyponatremia, as it is a CC.' });
const AT_PLEASE = LEADING.question.indexOf('Please document');
const AT_CC = LEADING.question.indexOf('CC');

/** A Task as Clarify writes it (src/query/fhir-draft.ts), for the AKI multiple-choice query. */
const AKI_TASK = {
  resourceType: 'Task', id: 'q1', status: 'requested', intent: 'order',
  contained: [{
    resourceType: 'Questionnaire', id: 'query', status: 'active',
    item: [
      { linkId: 'question', type: 'display', text: AKI_CHOICE.question },
      ...AKI_CHOICE.indicators.map((indicator, i) => ({ linkId: `indicator-${i + 1}`, type: 'display', text: indicator.text, extension: [{ url: INDICATOR_SOURCE_EXTENSION, valueReference: { reference: indicator.reference } }] })),
      { linkId: 'answer', type: 'choice', answerOption: [
        { valueCoding: { system: SYSTEM.ICD10CM, code: 'N17.9', display: 'Acute kidney injury' } },
        { valueCoding: { system: SYSTEM.ICD10CM, code: 'N17.0', display: 'Acute tubular necrosis' } },
        { valueCoding: { system: SYSTEM.ICD10CM, code: 'R39.2', display: 'Prerenal azotemia' } },
        { valueCoding: { system: CLARIFY_SYSTEM, code: 'other', display: 'Other (please specify)' } },
        { valueCoding: { system: CLARIFY_SYSTEM, code: 'clinically-undetermined' } },
        { valueCoding: { system: CLARIFY_SYSTEM, code: 'not-clinically-significant', display: 'Not clinically significant' } },
      ] },
      { linkId: 'comment', type: 'text', text: 'Comment' },
    ],
  }],
  input: [
    { type: { coding: [{ system: SDC_TEMP_SYSTEM, code: 'questionnaire' }] }, valueCanonical: '#query' },
    { type: { coding: [{ system: CLARIFY_SYSTEM, code: 'query-purpose' }] }, valueCoding: { system: CLARIFY_SYSTEM, code: 'clarification' } },
    { type: { coding: [{ system: CLARIFY_SYSTEM, code: 'query-format' }] }, valueCoding: { system: CLARIFY_SYSTEM, code: 'multiple-choice' } },
  ],
};

describe('clarify check-query', () => {
  it('prints nothing and exits 0 for a compliant query', async () => {
    expect(await check(temp.write('hyponatremia.json', HYPONATREMIA))).toEqual({ code: 0, stdout: '', stderr: '', lines: [] });
  });

  it('prints one JSON problem per line, with the phrase its span points at, and exits 1 when one is blocking', async () => {
    const result = await check(temp.write('leading.json', LEADING));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.lines.map((l) => JSON.parse(l))).toEqual([
      { id: 'leading-phrase', severity: 'blocking', field: 'question', span: { start: AT_PLEASE, end: AT_PLEASE + 15 }, phrase: 'Please document', message: expect.stringContaining('"please document"') },
      { id: 'payment-language', severity: 'blocking', field: 'question', span: { start: AT_CC, end: AT_CC + 2 }, phrase: 'CC', message: expect.stringContaining('CC/MCC') },
    ]);
  });

  it('exits 0 when the problems are only warnings', async () => {
    const result = await check(temp.write('w.json', variant(HYPONATREMIA, { options: HYPONATREMIA.options.slice(0, 3) })));
    expect(result.code).toBe(0);
    expect(result.lines.map((l) => JSON.parse(l).id)).toEqual(['missing-option-not-significant']);
  });

  it('writes a line per problem and a summary with --format text', async () => {
    const result = await check('--format', 'text', temp.write('leading.json', LEADING));
    expect(result.code).toBe(1);
    expect(result.lines).toHaveLength(3);
    expect(result.lines[0]).toMatch(new RegExp(`^blocking +leading-phrase +question ${AT_PLEASE}-${AT_PLEASE + 15} "Please document": Leading wording`));
    expect(result.lines[1]).toMatch(new RegExp(`^blocking +payment-language +question ${AT_CC}-${AT_CC + 2} "CC": Payment language`));
    expect(result.lines[2]).toBe('2 blocking problems, 0 warnings: the query cannot be sent as it is.');
    expect((await check('--format=text', temp.write('ok.json', HYPONATREMIA))).stdout).toBe('No problems: the query may be sent.\n');
  });

  it('names options and indicators in text output', async () => {
    const draft = variant(AKI_CHOICE, { indicators: [{ ...AKI_CHOICE.indicators[0]!, text: 'Creatinine 2.1 mg/dL, a CC' }], options: [...AKI_CHOICE.options, { text: 'Acute kidney injury' }] });
    const result = await check('--format', 'text', temp.write('o.json', draft));
    expect(result.stdout).toContain('indicator 1 24-26 "CC"');
    expect(result.stdout).toContain('option 7: This option repeats option 1.');
  });

  it('strips terminal escapes and control characters from text output', async () => {
    const draft = variant(AKI_OPEN, { question: 'Please document\u001b[2J\u001b]0;pwned\u0007 AKI for the DRG\u0000.\r\nok' });
    const result = await check('--format', 'text', temp.write('hostile.json', draft));
    expect(result.code).toBe(1);
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(result.lines.every((l) => !l.includes('\r'))).toBe(true);
    // JSON output escapes them instead.
    const json = await check(temp.write('hostile2.json', draft));
    expect(json.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it('reads a Task as Clarify writes it, and a Questionnaire alone with --purpose', async () => {
    expect(await check(temp.write('task.json', AKI_TASK))).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const questionnaire = AKI_TASK.contained[0]!;
    expect(await check('--purpose', 'clarification', temp.write('q.json', questionnaire))).toMatchObject({ code: 0, stdout: '' });
    expect(await check('--purpose=clarification', '--query-format=yes-no', temp.write('q2.json', questionnaire))).toMatchObject({ code: 1, lines: [expect.stringContaining('yes-no-not-allowed')] });
  });

  it('reports a Questionnaire without a free-text item', async () => {
    const task = structuredClone(AKI_TASK);
    task.contained[0]!.item = task.contained[0]!.item.filter((i) => i.linkId !== 'comment');
    const result = await check(temp.write('task.json', task));
    expect(result.code).toBe(1);
    expect(JSON.parse(result.lines[0]!)).toMatchObject({ id: 'no-free-text-item', severity: 'blocking' });
  });

  it('accepts a byte order mark', async () => {
    expect((await check(temp.write('bom.json', `\ufeff${JSON.stringify(HYPONATREMIA)}`))).code).toBe(0);
  });

  it.each([
    ['not JSON', '{"purpose": ', 'is not JSON'],
    ['a JSON array', '[]', 'is not a JSON object'],
    ['a Patient', { resourceType: 'Patient', id: 'p1' }, 'not a query Task or Questionnaire'],
    ['a draft without indicators', { ...AKI_OPEN, indicators: undefined }, 'the draft has no "indicators"'],
    ['a draft with an unknown purpose', { ...AKI_OPEN, purpose: 'upcoding' }, '"purpose" must be one of'],
    ['a Questionnaire without purpose', AKI_TASK.contained[0], 'give it with --purpose'],
  ])('exits 2 for %s, with a message and no stack trace', async (_what, content, message) => {
    const path = temp.write('input.json', content);
    const result = await check(path);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe(`clarify check-query: ${path}: ${result.stderr.slice(`clarify check-query: ${path}: `.length)}`);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('exits 2 for a missing file or a directory', async () => {
    expect(await check(join(temp.dir, 'nope.json'))).toMatchObject({ code: 2, stderr: expect.stringContaining('no such file') });
    expect(await check(temp.dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('is not a regular file') });
  });

  it.each([
    [[], 'no query file given'],
    [['a.json', 'b.json'], 'give one query file at a time'],
    [['--format', 'xml', 'a.json'], '--format must be ndjson or text'],
    [['--purpose', 'upcoding', 'a.json'], '--purpose must be one of'],
    [['--query-format', 'checkbox', 'a.json'], '--query-format must be one of'],
    [['--frobnicate', 'a.json'], 'unknown option --frobnicate'],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    const result = await check(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Usage: clarify check-query');
  });

  it('prints its usage with --help', async () => {
    expect(await check('--help')).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: clarify check-query'), stderr: '' });
  });

  it('cleans control characters out of a file name it reports', async () => {
    const result = await check(join(temp.dir, 'evil\u001b[31m.json'));
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('\u001b');
  });
});

describe('the clarify command routes check-query', () => {
  let cli: string;
  let built: ReturnType<typeof buildCli>;
  beforeAll(() => void (cli = (built = buildCli()).cli), 120_000);
  afterAll(() => built.remove());

  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 30_000 });

  it('exits 0, 1 and 2 as the check says', () => {
    expect(run('check-query', temp.write('ok.json', HYPONATREMIA))).toMatchObject({ status: 0, stdout: '', stderr: '' });
    const blocked = run('check-query', temp.write('leading.json', LEADING));
    expect(blocked.status).toBe(1);
    expect(blocked.stdout.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['leading-phrase', 'payment-language']);
    expect(run('check-query', temp.write('bad.json', 'not json'))).toMatchObject({ status: 2, stdout: '', stderr: expect.stringMatching(/^clarify check-query: .*bad\.json: is not JSON\n$/) });
  });

  it('lists check-query in the usage of an unknown command', () => {
    const result = run('frobnicate');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Usage: clarify audit');
    expect(result.stderr).toContain('Usage: clarify check-query');
  });
});
