/**
 * Dialysis procedures performed, for the rules whose criteria change with dialysis (AKI: creatinine then
 * reflects dialysis, not kidney function; CKD: G5 with dialysis is end-stage renal disease). Matched by the
 * eCQM "Dialysis Services" SNOMED CT and CPT codes (terminology/snomed.ts, DIALYSIS_PROCEDURES).
 */
import type { Procedure } from 'fhir/r4';
import { fhirTimeMs } from '../../record/fhir-dates';
import { wasPerformed } from '../../record/statuses';
import { DIALYSIS_PROCEDURES } from '../../terminology/snomed';
import { SYSTEM } from '../../terminology/systems';
import type { RuleContext } from './types';

export interface DialysisEvent {
  /** `Procedure/id` */
  reference: string;
  timeMs: number;
  time: string;
}

function isDialysis(procedure: Procedure): boolean {
  return (procedure.code?.coding ?? []).some((c) =>
    (c.system === SYSTEM.SNOMED && DIALYSIS_PROCEDURES.snomed.has(c.code ?? '')) ||
    (c.system === SYSTEM.CPT && DIALYSIS_PROCEDURES.cpt.has(c.code ?? '')));
}

/** Dialysis procedures performed (eCQM "Dialysis Services" SNOMED CT / CPT codes) with a usable time, oldest first. */
export function dialysisEvents(context: RuleContext): DialysisEvent[] {
  const events: DialysisEvent[] = [];
  for (const procedure of context.record.byType('Procedure')) {
    if (!wasPerformed(procedure) || !isDialysis(procedure)) continue;
    const time = procedure.performedDateTime ?? procedure.performedPeriod?.start ?? procedure.performedPeriod?.end;
    const timeMs = fhirTimeMs(time) ?? NaN;
    if (time && !Number.isNaN(timeMs)) events.push({ reference: `Procedure/${procedure.id}`, time, timeMs });
  }
  return events.sort((a, b) => a.timeMs - b.timeMs);
}
