/**
 * Claims and ExplanationOfBenefits as the coding checks read them: which encounters a claim bills
 * (Claim.item.encounter, EOB.item.encounter; Synthea writes it on item[0]), and which EOBs only mirror a
 * Claim of the record (EOB.claim), so that the claim is read once.
 */
import type { Claim, Encounter, ExplanationOfBenefit, Resource } from 'fhir/r4';
import type { PatientRecord } from '../../record/patient-record';
import { referenceTo } from '../../record/references';

export type ClaimResource = Claim | ExplanationOfBenefit;

/** An EOB that adjudicates a Claim present in the record: the Claim is checked, not its mirror. */
export function isMirroredEob(record: PatientRecord, resource: Resource): boolean {
  if (resource.resourceType !== 'ExplanationOfBenefit') return false;
  return record.resolve((resource as ExplanationOfBenefit).claim, resource)?.resourceType === 'Claim';
}

/** The encounters of the record a claim bills (Claim.item.encounter, EOB.item.encounter), each once, in order. */
export function claimEncounters(record: PatientRecord, claim: ClaimResource): Encounter[] {
  const found = new Set<Encounter>();
  for (const item of claim.item ?? []) {
    for (const reference of item.encounter ?? []) {
      const encounter = record.resolve(reference, claim);
      if (encounter?.resourceType === 'Encounter') found.add(encounter as Encounter);
    }
  }
  return [...found];
}

/** `Encounter/id` of the (first) encounter of the record a claim bills. */
export function encounterOfClaim(record: PatientRecord, claim: ClaimResource): string | undefined {
  const [encounter] = claimEncounters(record, claim);
  return encounter ? referenceTo(encounter) : undefined;
}
