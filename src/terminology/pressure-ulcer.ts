/**
 * ICD-10-CM L89 Pressure ulcer codes (FY2026 order file): each code carries the site and the stage. Sites
 * L89.0–L89.3, L89.5, L89.6 and L89.8 put the stage in the 6th character (0 unstageable, 1–4 stage, 6
 * pressure-induced deep tissue damage, 9 unspecified stage, e.g. L89.159); L89.4 (contiguous site of back,
 * buttock and hip) and L89.9 (unspecified site) in the 5th (0 unspecified stage, 1–4 stage, 5 unstageable,
 * 6 deep tissue). Stages follow the NPIAP 2016 staging system.
 */
import { dottedIcd10, undottedIcd10 } from './icd10cm/icd10cm-table';

/** L89 sites as the order file names them ("Pressure ulcer of <site>, stage 1"), by code without the dot. */
export const PRESSURE_ULCER_SITES: Readonly<Record<string, string>> = {
  L8900: 'unspecified elbow', L8901: 'right elbow', L8902: 'left elbow',
  L8910: 'unspecified part of back', L8911: 'right upper back', L8912: 'left upper back',
  L8913: 'right lower back', L8914: 'left lower back', L8915: 'sacral region',
  L8920: 'unspecified hip', L8921: 'right hip', L8922: 'left hip',
  L8930: 'unspecified buttock', L8931: 'right buttock', L8932: 'left buttock',
  L894: 'contiguous site of back, buttock and hip',
  L8950: 'unspecified ankle', L8951: 'right ankle', L8952: 'left ankle',
  L8960: 'unspecified heel', L8961: 'right heel', L8962: 'left heel',
  L8981: 'head', L8989: 'other site',
  L899: 'unspecified site',
};

/** L89.9, pressure ulcer of unspecified site. */
export const UNSPECIFIED_PRESSURE_ULCER_SITE = 'L899';

/** Sites whose stage is the 5th character; every other site's is the 6th. */
const FIVE_CHARACTER_SITES = new Set(['L894', UNSPECIFIED_PRESSURE_ULCER_SITE]);

/** The stage characters of a site: unspecified stage, unstageable, deep tissue damage. */
function stageCharacters(site: string): { unspecified: string; unstageable: string; deepTissue: string } {
  return FIVE_CHARACTER_SITES.has(site) ? { unspecified: '0', unstageable: '5', deepTissue: '6' } : { unspecified: '9', unstageable: '0', deepTissue: '6' };
}

/** The site (code without the dot, e.g. `L8915`) of an L89 code of unspecified stage; undefined for any other code. */
export function unstagedPressureUlcerSite(code: string): string | undefined {
  const plain = undottedIcd10(code);
  const four = plain.slice(0, 4);
  if (FIVE_CHARACTER_SITES.has(four)) return plain === `${four}0` ? four : undefined;
  const five = plain.slice(0, 5);
  return Object.hasOwn(PRESSURE_ULCER_SITES, five) && plain === `${five}9` ? five : undefined;
}

/** The code of unspecified stage of a site, dotted: `L89.159`, `L89.40`. */
export function unstagedPressureUlcerCode(site: string): string {
  return dottedIcd10(`${site}${stageCharacters(site).unspecified}`);
}

/** Title of the unspecified-stage code of a site, as the order file words it. */
export function unstagedPressureUlcerTitle(site: string): string {
  return `Pressure ulcer of ${PRESSURE_ULCER_SITES[site]}, unspecified stage`;
}

/** The staged codes of a site (dotted) with their order-file titles: stage 1–4, unstageable, deep tissue. */
export function stagedPressureUlcerCodes(site: string): Array<{ code: string; title: string }> {
  const name = PRESSURE_ULCER_SITES[site]!;
  const { unstageable, deepTissue } = stageCharacters(site);
  return [
    ...[1, 2, 3, 4].map((stage) => ({ code: dottedIcd10(`${site}${stage}`), title: `Pressure ulcer of ${name}, stage ${stage}` })),
    { code: dottedIcd10(`${site}${unstageable}`), title: `Pressure ulcer of ${name}, unstageable` },
    { code: dottedIcd10(`${site}${deepTissue}`), title: `Pressure-induced deep tissue damage of ${name}` },
  ];
}
