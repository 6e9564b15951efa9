/**
 * The escapes every multiple-choice query offers (AHIMA/ACDIS 2022: "other", "clinically undetermined";
 * "not clinically significant" where relevant), after the clinically supported diagnoses.
 */
import type { AnswerOption } from './types';

export const OTHER: AnswerOption = { text: 'Other (please specify)' };
export const CLINICALLY_UNDETERMINED: AnswerOption = { text: 'Clinically undetermined' };
export const NOT_CLINICALLY_SIGNIFICANT: AnswerOption = { text: 'Not clinically significant' };

/** The diagnoses, then the standard escapes. */
export function withStandardOptions(diagnoses: readonly AnswerOption[], { notSignificant = true } = {}): AnswerOption[] {
  return [...diagnoses, OTHER, CLINICALLY_UNDETERMINED, ...(notSignificant ? [NOT_CLINICALLY_SIGNIFICANT] : [])];
}
