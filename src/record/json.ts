/**
 * Reading untrusted JSON (a resource from the EHR, a query's Task, a response): the one home of the checks
 * every reader starts with. A value of the wrong shape reads as absent, never as an error.
 */
export type Json = Record<string, unknown>;

/** A JSON object (not null, not an array). */
export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The objects of a JSON array, at most `max` of them (what is not an object is dropped); none for a non-array. */
export const objectList = (value: unknown, max = 500): Json[] => (Array.isArray(value) ? value.slice(0, max).filter(isObject) : []);
