import type { Patient } from 'fhir/r4';
import { patientBannerFacts } from '../record/people';

/** Shown when the EHR asks the app to identify the patient (SMART need_patient_banner). */
export function PatientBanner({ patient }: { patient: Patient }) {
  const facts = patientBannerFacts(patient);
  return (
    <section class="patient-banner" aria-label="Patient">
      <p class="patient-name">{facts.name}</p>
      <dl class="patient-facts">
        <div><dt>Born</dt><dd>{facts.birthDate ?? 'not recorded'}</dd></div>
        <div><dt>Sex</dt><dd>{facts.sex ?? 'not recorded'}</dd></div>
        <div><dt>MRN</dt><dd>{facts.mrn ?? 'not recorded'}</dd></div>
        {facts.deceased ? <div><dt>Status</dt><dd class="deceased">Deceased</dd></div> : null}
      </dl>
    </section>
  );
}
