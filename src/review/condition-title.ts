/**
 * The condition an item is about, as its line reads: the code's ICD-10-CM title, without the "unspecified"
 * that makes the unspecified code of a gap (I50.9 "Heart failure, unspecified" → "Heart failure"; D69.6
 * "Thrombocytopenia, unspecified" → "Thrombocytopenia"): the item asks for the specificity, so
 * "unspecified" would mislead. Undefined for a code the table does not hold. Pure.
 */
import type { Icd10CmTable } from '../terminology/icd10cm/icd10cm-table';

export function conditionTitle(table: Icd10CmTable | undefined, code: string): string | undefined {
  const own = table?.lookup(code)?.title;
  if (!own) return undefined;
  const stripped = own.replace(/,\s*unspecified\b.*$/i, '').replace(/\s+unspecified$/i, '').trim();
  return stripped || own;
}
