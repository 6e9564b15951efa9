/**
 * The condition an item is about, as its title reads: the code's own ICD-10-CM title (E87.1 "Hypo-osmolality
 * and hyponatremia"), or its category's when the code is the unspecified one a gap asks to make specific
 * (I50.9 → "Heart failure": the item asks which type, so "unspecified" would mislead). Pure.
 */
import type { Icd10CmTable } from '../terminology/icd10cm/icd10cm-table';
import { categoryOfCode } from './items';

export function conditionTitle(table: Icd10CmTable | undefined, code: string): string | undefined {
  const own = table?.lookup(code)?.title;
  const category = categoryOfCode(code);
  if (own && !/\bunspecified\b/i.test(own)) return own;
  return (category ? table?.lookup(category)?.title : undefined) ?? own;
}
