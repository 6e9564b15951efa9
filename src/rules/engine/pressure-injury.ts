/**
 * Pressure injuries as the rules read them: the stage a nursing assessment records (LOINC 45780-4 MDS,
 * 91150-3 NPUAP; terminology/loinc.ts) and the staged L89 codes of a site offered as a query's answers
 * (the site table is terminology/pressure-ulcer.ts). Official Guidelines I.B.14: the stage may be taken from
 * nursing documentation; I.C.12.a: with no documented stage the provider is queried.
 */
import type { Observation } from 'fhir/r4';
import { stagedPressureUlcerCodes } from '../../terminology/pressure-ulcer';
import type { AnswerOption } from './types';

/** The staged codes of a site with their order-file titles, as answer options: stage 1–4, unstageable, deep tissue. */
export function stageOptions(site: string): AnswerOption[] {
  return stagedPressureUlcerCodes(site).map(({ code, title }) => ({ text: title, icd10: code }));
}

/** A stage recorded by nursing, as text: coded answer, string or number. */
export function stageValue(observation: Observation): string | undefined {
  const coded = observation.valueCodeableConcept;
  const text = coded?.text ?? coded?.coding?.find((c) => c.display)?.display ?? coded?.coding?.find((c) => c.code)?.code;
  if (text) return text;
  if (observation.valueString) return observation.valueString;
  const number = observation.valueInteger ?? observation.valueQuantity?.value;
  return number !== undefined ? String(number) : undefined;
}
