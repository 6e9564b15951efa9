import { beforeAll, describe, expect, it } from 'vitest';
import { loadIcd10Cm, type Icd10CmTable } from '../../src/terminology/icd10cm/icd10cm-table';
import {
  PRESSURE_ULCER_SITES, UNSPECIFIED_PRESSURE_ULCER_SITE, stagedPressureUlcerCodes, unstagedPressureUlcerCode, unstagedPressureUlcerSite,
  unstagedPressureUlcerTitle,
} from '../../src/terminology/pressure-ulcer';

let icd10cm: Icd10CmTable;
beforeAll(async () => void (icd10cm = await loadIcd10Cm()));

describe('unstagedPressureUlcerSite', () => {
  it.each<[string, string, string | undefined]>([
    ['sacral region, unspecified stage (6th character 9)', 'L89.159', 'L8915'],
    ['written without the dot, lower case, with spaces', ' l89159 ', 'L8915'],
    ['contiguous site, unspecified stage (5th character 0)', 'L89.40', 'L894'],
    ['unspecified site, unspecified stage', 'L89.90', 'L899'],
    ['sacral region, stage 2', 'L89.152', undefined],
    ['sacral region, unstageable (6th character 0)', 'L89.150', undefined],
    ['contiguous site, unstageable (5th character 5)', 'L89.45', undefined],
    ['a header (L89.15)', 'L89.15', undefined],
    ['another code', 'E11.9', undefined],
    ['a prototype key', '__proto__9', undefined],
  ])('reads %s', (_scenario, code, site) => {
    expect(unstagedPressureUlcerSite(code)).toBe(site);
  });
});

describe('the L89 site table', () => {
  it('names each unspecified-stage code as the FY2026 table titles it', () => {
    expect(unstagedPressureUlcerCode('L8915')).toBe('L89.159');
    expect(unstagedPressureUlcerCode(UNSPECIFIED_PRESSURE_ULCER_SITE)).toBe('L89.90');
    expect(unstagedPressureUlcerTitle('L8915')).toBe('Pressure ulcer of sacral region, unspecified stage');
  });

  it.each(Object.keys(PRESSURE_ULCER_SITES))('gives site %s an unspecified-stage code the FY2026 table bills, read back to the site', (site) => {
    const code = unstagedPressureUlcerCode(site);
    expect(icd10cm.lookup(code)?.billable, code).toBe(true);
    expect(unstagedPressureUlcerSite(code)).toBe(site);
  });

  it.each(Object.keys(PRESSURE_ULCER_SITES))('gives site %s six billable staged codes, none read as unstaged', (site) => {
    const staged = stagedPressureUlcerCodes(site);
    expect(staged).toHaveLength(6);
    for (const { code } of staged) {
      expect(icd10cm.lookup(code)?.billable, code).toBe(true);
      expect(unstagedPressureUlcerSite(code), code).toBeUndefined();
    }
  });

  it('puts the stage in the 5th character for the contiguous and unspecified sites, in the 6th elsewhere', () => {
    expect(stagedPressureUlcerCodes('L894').map((c) => c.code)).toEqual(['L89.41', 'L89.42', 'L89.43', 'L89.44', 'L89.45', 'L89.46']);
    expect(stagedPressureUlcerCodes('L8915')).toEqual([
      { code: 'L89.151', title: 'Pressure ulcer of sacral region, stage 1' },
      { code: 'L89.152', title: 'Pressure ulcer of sacral region, stage 2' },
      { code: 'L89.153', title: 'Pressure ulcer of sacral region, stage 3' },
      { code: 'L89.154', title: 'Pressure ulcer of sacral region, stage 4' },
      { code: 'L89.150', title: 'Pressure ulcer of sacral region, unstageable' },
      { code: 'L89.156', title: 'Pressure-induced deep tissue damage of sacral region' },
    ]);
  });
});
