/** How rules describe what they saw: values with units and times, and the references behind them. */
import type { ObservationPoint } from '../../record/patient-record';
import type { DocumentedDiagnosis } from './types';

/** Unique `Type/id` references of the points, in order. */
export function referencesOf(points: readonly ObservationPoint[]): string[] {
  return [...new Set(points.map((p) => p.reference))];
}

/** The latest time among the points (ISO). */
export function latestTime(points: readonly ObservationPoint[]): string | undefined {
  return points.reduce<ObservationPoint | undefined>((latest, p) => (!latest || p.timeMs > latest.timeMs ? p : latest), undefined)?.time;
}

/** `Encounter/id` of the latest point that names an encounter. */
export function encounterOf(points: readonly ObservationPoint[]): string | undefined {
  for (let i = points.length - 1; i >= 0; i--) {
    const reference = points[i]!.observation.encounter?.reference;
    if (reference) return reference;
  }
  return undefined;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The Conditions among documenting diagnoses when there are any: claims repeat a Condition once per
 * billed encounter (Synthea references the Condition from every claim), so citing them adds only noise.
 */
export function preferConditions(diagnoses: DocumentedDiagnosis[]): DocumentedDiagnosis[] {
  const conditions = diagnoses.filter((d) => d.resource.resourceType === 'Condition');
  return conditions.length > 0 ? conditions : diagnoses;
}

/** Separate blood draws among the results: two results with the same time are one specimen reported twice. */
export function drawCount(points: readonly ObservationPoint[]): number {
  return new Set(points.map((p) => p.timeMs)).size;
}
