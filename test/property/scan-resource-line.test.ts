/**
 * scanResourceLine reads an NDJSON line's patient from its bytes; whatever it answers must be what
 * JSON.parse + patientIdOf answer, on lines shaped as exports write them and on hostile ones (duplicate keys,
 * escapes, nested look-alikes, wrong types, broken JSON).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scanResourceLine } from '../../src/record/scan-resource-line';
import { patientIdOf } from '../../src/record/group-by-patient';

const encoder = new TextEncoder();

/** The scan of `line`, placed between other bytes as it is in a chunk of a file. */
function scan(line: string) {
  const before = encoder.encode('{"resourceType":"Patient","id":"before"}\n');
  const body = encoder.encode(line);
  const bytes = new Uint8Array(before.length + body.length + 20);
  bytes.set(before);
  bytes.set(body, before.length);
  bytes.set(encoder.encode('\n{"subject":{"ref'), before.length + body.length);
  return scanResourceLine(bytes, before.length, before.length + body.length);
}

/** What the audit decided from the parsed line, or undefined when it is not a resource (or not JSON). */
function parsed(line: string) {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON' as const;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof (value as { resourceType?: unknown }).resourceType !== 'string') return undefined;
  const resource = value as { resourceType: string };
  return { outcome: resource.resourceType === 'OperationOutcome', patientId: patientIdOf(resource as never) };
}

/** Escapes some characters of a JSON text's strings as \uXXXX (what JSON.parse reads the same). */
function escapeSome(json: string, every: number): string {
  let n = 0;
  return json.replace(/[A-Za-z/:]/g, (c) => (++n % every === 0 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c));
}

const references = fc.oneof(
  fc.constantFrom('Patient/p-1', 'Patient/p-2', 'Patient/', 'Patient/a b', 'Group/g-1', 'urn:uuid:5d3c-11', 'urn:uuid:', 'urn:oid:1.2.3',
    'https://ehr.example.org/fhir/Patient/p-9', 'https://ehr.example.org/fhir/Group/9', '#contained', '', 'Patient/é-1', 'Patient/p"q'),
  fc.string(),
  fc.integer(),
  fc.constant(null),
);
const compartmentValue = fc.oneof(
  { weight: 4, arbitrary: fc.record({ reference: references, display: fc.string() }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.array(fc.record({ reference: references })) },
  { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constant(null), fc.integer(), fc.jsonValue()) },
);
const member = fc.oneof(
  fc.tuple(fc.constantFrom('resourceType'), fc.oneof({ weight: 5, arbitrary: fc.constantFrom('Patient', 'Observation', 'OperationOutcome', 'Claim', 'Practitioner', '') }, { weight: 1, arbitrary: fc.jsonValue() })),
  fc.tuple(fc.constantFrom('id'), fc.oneof(fc.constantFrom('p-1', '', 'x\u00e9', 'a\\b'), fc.string(), fc.integer(), fc.constant(null))),
  fc.tuple(fc.constantFrom('subject', 'patient', 'for', 'beneficiary'), compartmentValue),
  // Look-alikes nested deeper, which must not count.
  fc.tuple(fc.constantFrom('contained', 'extension', 'code'), fc.array(fc.record({ resourceType: fc.constantFrom('Patient'), id: fc.string(), subject: fc.record({ reference: references }) }), { maxLength: 2 })),
  fc.tuple(fc.string(), fc.jsonValue({ maxDepth: 2 })),
);

/** A resource's JSON text written member by member, so keys may repeat (JSON.parse keeps the last). */
const resourceLine = fc.tuple(fc.array(member, { minLength: 0, maxLength: 8 }), fc.constantFrom('', ' ', '\t', ' \r')).map(([members, space]) =>
  `${space}{${members.map(([key, value]) => `${space}${JSON.stringify(key)}${space}:${space}${JSON.stringify(value) ?? 'null'}`).join(',')}${space}}${space}`);

describe('scanResourceLine', () => {
  it('answers as JSON.parse + patientIdOf do, or leaves the line to be parsed', () => {
    fc.assert(fc.property(resourceLine, fc.integer({ min: 0, max: 6 }), (line, every) => {
      const text = every > 1 ? escapeSome(line, every) : line;
      const exact = parsed(text);
      const fast = scan(text);
      if (exact === 'not JSON' || exact === undefined) expect(fast === undefined || exact === 'not JSON').toBe(true);
      else if (fast !== undefined) expect(fast).toEqual(exact);
    }), { numRuns: 3000 });
  });

  it('answers every line that JSON.parse reads as a resource (the fast path is the only one for valid JSON)', () => {
    fc.assert(fc.property(resourceLine, fc.integer({ min: 0, max: 6 }), (line, every) => {
      const text = every > 1 ? escapeSome(line, every) : line;
      const exact = parsed(text);
      if (exact !== 'not JSON' && exact !== undefined) expect(scan(text)).toEqual(exact);
    }), { numRuns: 3000 });
  });

  it('never throws, on broken lines too', () => {
    fc.assert(fc.property(resourceLine, fc.nat(), fc.string(), (line, cut, junk) => {
      const at = cut % (line.length + 1);
      for (const broken of [line.slice(0, at), `${line.slice(0, at)}${junk}${line.slice(at)}`, junk]) {
        const fast = scan(broken);
        const exact = parsed(broken);
        if (exact !== 'not JSON' && exact !== undefined && fast !== undefined) expect(fast).toEqual(exact);
      }
    }), { numRuns: 2000 });
  });

  describe('examples', () => {
    it('reads the patient of an export line, of a Patient, and of a shared resource', () => {
      expect(scan('{"resourceType":"Observation","id":"o1","subject":{"reference":"Patient/p-1"},"valueQuantity":{"value":131}}')).toEqual({ outcome: false, patientId: 'p-1' });
      expect(scan('{"resourceType":"Patient","id":"p-1","name":[{"family":"Hale"}]}')).toEqual({ outcome: false, patientId: 'p-1' });
      expect(scan('{"resourceType":"Practitioner","id":"gp-1"}')).toEqual({ outcome: false, patientId: undefined });
      expect(scan('{"resourceType":"OperationOutcome","issue":[]}')).toEqual({ outcome: true, patientId: undefined });
    });

    it('takes the fields in patientIdOf\'s order, not the line\'s, and the last of duplicate keys', () => {
      expect(scan('{"beneficiary":{"reference":"Patient/b"},"subject":{"reference":"Patient/s"},"resourceType":"Claim"}')?.patientId).toBe('s');
      expect(scan('{"resourceType":"Claim","patient":{"reference":"Patient/a"},"patient":{"reference":"Patient/b"}}')?.patientId).toBe('b');
      expect(scan('{"resourceType":"Claim","subject":{"reference":"Group/g"},"patient":{"reference":"Patient/p"}}')?.patientId).toBe('p');
    });

    it('does not take a nested look-alike for the resource\'s own fields', () => {
      expect(scan('{"resourceType":"Observation","contained":[{"resourceType":"Patient","id":"inner"}],"focus":[{"subject":{"reference":"Patient/x"}}]}'))
        .toEqual({ outcome: false, patientId: undefined });
      expect(scan('{"resourceType":"Observation","note":[{"text":"\\"subject\\":{\\"reference\\":\\"Patient/x\\"}"}]}')?.patientId).toBeUndefined();
    });

    it('decodes escapes in the values it reads', () => {
      expect(scan('{"resourceType":"Observation","subject":{"reference":"Patient\\/p\\u002d1"}}')?.patientId).toBe('p-1');
      expect(scan('{"resourceType":"Pat\\u0069ent","id":"p-1"}')?.patientId).toBe('p-1');
      expect(scan('{"resourc\\u0065Type":"Patient","\\u0069d":"p-2"}')?.patientId).toBe('p-2');
    });

    it('leaves to the parser what is not a plain resource object', () => {
      for (const line of ['[1, 2]', '{"resourceType": "Observation", "id": ', '{"resourceType": 7}', '{"id":"x"}', '"text"', '', '{"a":1} x']) {
        expect(scan(line)).toBeUndefined();
      }
    });
  });
});
