/**
 * The headers that open a section of a clinical note, by the section they open: data, not logic
 * (src/notes/sections.ts reads them). Every header is tested (test/terminology/note-sections.test.ts).
 *
 * Sources: the headers Synthea writes in its text notes (templates/notes/note.ftl: `# Chief Complaint`,
 * `# History of Present Illness`, `# Social History`, `# Allergies`, `# Medications`, `# Assessment and Plan`,
 * `## Plan`); the section names of the HL7 C-CDA R2.1 document templates (History of Present Illness, Past
 * Medical History, Family History, Social History, Review of Systems, Physical Exam, Results, Hospital
 * Course, Assessment, Plan of Treatment, Assessment and Plan, Discharge Diagnosis, Problem List); and the
 * abbreviations clinicians write for them (HPI, PMH, PSH, FH, SH, ROS, PE, A/P), as section detectors such as
 * SecTag (Denny et al., J Am Med Inform Assoc 2009) and medspaCy's section rules list them.
 *
 * A header is recognised only at the start of a line, and only as written here (any case): `phrases` also
 * when alone on their line without a colon (`Assessment and Plan`), `abbreviations` only with a colon
 * (`PE:`), because two or three letters alone on a line are too often something else.
 */
import type { SectionKind } from '../notes/types';

export interface SectionHeaders {
  readonly kind: Exclude<SectionKind, 'other'>;
  /** Written-out headers: a header with a colon, or alone on its line. */
  readonly phrases: readonly string[];
  /** Short forms: a header only when a colon follows (`HPI:`). */
  readonly abbreviations: readonly string[];
}

const freeze = (entries: SectionHeaders[]): readonly SectionHeaders[] =>
  Object.freeze(entries.map((e) => Object.freeze({ ...e, phrases: Object.freeze([...e.phrases]), abbreviations: Object.freeze([...e.abbreviations]) })));

export const SECTION_HEADERS: readonly SectionHeaders[] = freeze([
  {
    kind: 'chief-complaint',
    phrases: ['chief complaint', 'chief complaints', 'reason for visit', 'reason for admission', 'reason for consultation', 'presenting complaint'],
    abbreviations: ['cc'],
  },
  {
    kind: 'history-of-present-illness',
    phrases: ['history of present illness', 'history of the present illness', 'present illness', 'interval history', 'subjective'],
    abbreviations: ['hpi'],
  },
  {
    kind: 'past-medical-history',
    phrases: ['past medical history', 'medical history', 'past history', 'past medical and surgical history', 'past medical/surgical history'],
    abbreviations: ['pmh', 'pmhx', 'pmh/psh'],
  },
  {
    kind: 'past-surgical-history',
    phrases: ['past surgical history', 'surgical history', 'previous surgeries', 'prior surgeries'],
    abbreviations: ['psh', 'pshx'],
  },
  {
    kind: 'family-history',
    phrases: ['family history', 'family medical history'],
    abbreviations: ['fh', 'fhx', 'family hx'],
  },
  {
    kind: 'social-history',
    phrases: ['social history'],
    abbreviations: ['sh', 'shx', 'social hx'],
  },
  {
    kind: 'medications',
    phrases: ['medications', 'current medications', 'home medications', 'outpatient medications', 'active medications',
      'medications on admission', 'admission medications', 'discharge medications', 'medication list'],
    abbreviations: ['meds', 'home meds'],
  },
  {
    kind: 'allergies',
    phrases: ['allergies', 'allergy', 'drug allergies', 'allergies and intolerances'],
    abbreviations: [],
  },
  {
    kind: 'review-of-systems',
    phrases: ['review of systems', 'review of system', 'systems review'],
    abbreviations: ['ros'],
  },
  {
    kind: 'physical-exam',
    phrases: ['physical exam', 'physical examination', 'examination', 'exam', 'objective', 'vital signs'],
    abbreviations: ['pe', 'vitals'],
  },
  {
    kind: 'results',
    phrases: ['results', 'labs', 'laboratory', 'laboratory data', 'laboratory results', 'lab results', 'pertinent results',
      'studies', 'diagnostic studies', 'imaging', 'investigations'],
    abbreviations: ['data'],
  },
  {
    kind: 'hospital-course',
    phrases: ['hospital course', 'brief hospital course', 'clinical course', 'ed course', 'course in the emergency department'],
    abbreviations: ['course'],
  },
  {
    kind: 'assessment',
    phrases: ['assessment', 'impression', 'clinical impression', 'diagnostic impression'],
    abbreviations: [],
  },
  {
    kind: 'plan',
    phrases: ['plan', 'plan of care', 'plan of treatment', 'treatment plan', 'recommendations'],
    abbreviations: [],
  },
  {
    kind: 'assessment-and-plan',
    phrases: ['assessment and plan', 'assessment & plan', 'assessment/plan', 'impression and plan', 'impression/plan'],
    abbreviations: ['a/p', 'a&p', 'a & p'],
  },
  {
    kind: 'diagnoses',
    phrases: ['diagnoses', 'diagnosis', 'discharge diagnoses', 'discharge diagnosis', 'admission diagnoses', 'admission diagnosis',
      'admitting diagnosis', 'final diagnoses', 'final diagnosis', 'principal diagnosis', 'secondary diagnoses', 'primary diagnosis',
      'problem list', 'active problem list', 'active problems', 'problems'],
    abbreviations: [],
  },
]);
