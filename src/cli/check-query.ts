/**
 * `clarify check-query FILE`: checkQuery from the command line, for CDI teams vetting their query templates.
 * FILE is a query draft (JSON) or a FHIR Task, Questionnaire or Bundle as Clarify writes them
 * (src/query/fhir-draft.ts). stdout carries the problems only, one JSON object per line (or, with
 * `--format text`, one readable line each and a summary). Exit 0 when no problem is blocking, 1 when one is,
 * 2 when the input cannot be read or the command line is wrong (a message on stderr, never a stack trace).
 *
 * The file is untrusted: what it says reaches the terminal only through `clean` (no control characters or
 * escape sequences, one line); JSON output escapes them.
 */
import { checkQuery, type QueryProblem } from '../query/check-query';
import { isQueryFormat, isQueryPurpose, QUERY_FORMATS, QUERY_PURPOSES, type QueryDraft } from '../query/draft';
import type { DraftDefaults } from '../query/fhir-draft';
import { readQueryInput } from '../query/read-draft';
import { clean, describeError } from './audit';

export interface CheckQueryIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** A regular file's text (UTF-8). Must refuse, not block on, anything else. */
  readFile(path: string): Promise<string>;
}

export const CHECK_QUERY_USAGE = `Usage: clarify check-query [--format ndjson|text] [--purpose <purpose>] [--query-format <format>] <file>

Checks a clarification query against the compliant query practice (AHIMA/ACDIS 2022) and prints one
problem per line.
  <file>                   a query draft {"purpose","format","question","options":[{"text","code"?}],
                           "indicators":[{"text","reference"}]}, or a FHIR Task, Questionnaire or Bundle
                           as Clarify writes them
  --format ndjson          one JSON object per problem (default)
  --format text            one line per problem, for people
  --purpose <purpose>      when the file does not say: ${QUERY_PURPOSES.join(', ')}
  --query-format <format>  when the file does not say: ${QUERY_FORMATS.join(', ')}
Exit status: 0 when no problem is blocking, 1 when one is, 2 when the file cannot be read or the command
line is wrong.`;

/** A file larger than this is not a query. */
const MAX_FILE_CHARACTERS = 5_000_000;

interface Options {
  format: 'ndjson' | 'text';
  defaults: DraftDefaults;
  path: string;
}

function parseArgs(argv: string[]): Options | { error: string } | 'help' {
  let format: Options['format'] = 'ndjson';
  const defaults: DraftDefaults = {};
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      paths.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') return 'help';
    const option = /^(--format|--purpose|--query-format)(?:=(.*))?$/s.exec(arg);
    if (option) {
      const value = option[2] ?? argv[++i];
      if (option[1] === '--format') {
        if (value !== 'ndjson' && value !== 'text') return { error: `--format must be ndjson or text, not "${value ?? ''}"` };
        format = value;
      } else if (option[1] === '--purpose') {
        if (!isQueryPurpose(value)) return { error: `--purpose must be one of ${QUERY_PURPOSES.join(', ')}, not "${value ?? ''}"` };
        defaults.purpose = value;
      } else {
        if (!isQueryFormat(value)) return { error: `--query-format must be one of ${QUERY_FORMATS.join(', ')}, not "${value ?? ''}"` };
        defaults.format = value;
      }
    } else if (arg.startsWith('--')) {
      return { error: `unknown option ${arg}` };
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) return { error: 'no query file given' };
  if (paths.length > 1) return { error: 'give one query file at a time' };
  return { format, defaults, path: paths[0]! };
}

function unreadableBecause(error: unknown): string {
  switch ((error as { code?: unknown } | null)?.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
    case 'ENOTREG':
      return 'is not a regular file';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return `could not be read (${describeError(error)})`;
  }
}

/** The text a problem's span points at, if it has one. */
export function phraseOf(draft: QueryDraft, problem: QueryProblem): string | undefined {
  if (!problem.span) return undefined;
  const text = problem.field === 'options' && problem.optionIndex !== undefined ? draft.options[problem.optionIndex]?.text
    : problem.field === 'indicators' && problem.indicatorIndex !== undefined ? draft.indicators[problem.indicatorIndex]?.text
      : problem.field === 'question' ? draft.question : undefined;
  return text?.slice(problem.span.start, problem.span.end);
}

/** Output line of a problem: the problem as checkQuery gives it, and the text of its span. */
export function problemRecord(draft: QueryDraft, problem: QueryProblem): Record<string, unknown> {
  const phrase = phraseOf(draft, problem);
  return { ...problem, ...(phrase !== undefined ? { phrase } : {}) };
}

const PHRASE_SHOWN = 80;

function where(problem: QueryProblem): string {
  if (problem.optionIndex !== undefined) return `option ${problem.optionIndex + 1}`;
  if (problem.indicatorIndex !== undefined) return `indicator ${problem.indicatorIndex + 1}`;
  return problem.field;
}

/** A line for people: severity, id, where, the quoted phrase (made safe) and the message. */
export function problemLine(draft: QueryDraft, problem: QueryProblem): string {
  const phrase = phraseOf(draft, problem);
  const shown = phrase === undefined ? '' : (() => {
    const safe = clean(phrase);
    return ` "${safe.length > PHRASE_SHOWN ? `${safe.slice(0, PHRASE_SHOWN - 1)}…` : safe}"`;
  })();
  const span = problem.span ? ` ${problem.span.start}-${problem.span.end}` : '';
  return `${problem.severity.padEnd(8)} ${problem.id.padEnd(36)} ${where(problem)}${span}${shown}: ${clean(problem.message)}`;
}

export async function runCheckQuery(argv: string[], io: CheckQueryIo): Promise<number> {
  const say = (message: string) => io.stderr(`clarify check-query: ${clean(message)}\n`);
  const parsed = parseArgs(argv);
  if (parsed === 'help') {
    io.stdout(`${CHECK_QUERY_USAGE}\n`);
    return 0;
  }
  if ('error' in parsed) {
    io.stderr(`clarify check-query: ${clean(parsed.error)}\n${CHECK_QUERY_USAGE}\n`);
    return 2;
  }
  const { path } = parsed;
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (error) {
    say(`${path}: ${unreadableBecause(error)}`);
    return 2;
  }
  if (text.length > MAX_FILE_CHARACTERS) {
    say(`${path}: is too large to be a query (over ${MAX_FILE_CHARACTERS} characters)`);
    return 2;
  }
  let value: unknown;
  try {
    // A byte order mark is allowed before JSON (RFC 8259 §8.1 lets parsers ignore it).
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    say(`${path}: is not JSON`);
    return 2;
  }
  const reading = readQueryInput(value, parsed.defaults);
  if (!reading.ok) {
    say(`${path}: ${reading.error}`);
    return 2;
  }
  const { draft } = reading;
  const problems = [...reading.problems, ...checkQuery(draft)];
  // Blocking first, as checkQuery orders them.
  problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'blocking' ? -1 : 1));
  const blocking = problems.filter((p) => p.severity === 'blocking').length;
  const status = blocking > 0 ? 1 : 0;
  const lines = parsed.format === 'ndjson'
    ? problems.map((problem) => `${JSON.stringify(problemRecord(draft, problem))}\n`)
    : [...problems.map((problem) => `${problemLine(draft, problem)}\n`), `${summary(problems.length, blocking)}\n`];
  try {
    for (const line of lines) io.stdout(line);
  } catch (error) {
    // The reader has gone (`clarify check-query ... | head -1`): the status still tells.
    if ((error as { code?: unknown } | null)?.code !== 'EPIPE') say(`cannot write to stdout: ${describeError(error)}`);
  }
  return status;
}

function summary(problems: number, blocking: number): string {
  if (problems === 0) return 'No problems: the query may be sent.';
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  return `${count(blocking, 'blocking problem')}, ${count(problems - blocking, 'warning')}${blocking ? ': the query cannot be sent as it is.' : '.'}`;
}
