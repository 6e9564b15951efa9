import { beforeAll, describe, expect, it } from 'vitest';
import { loadIcd10Cm, type Icd10CmTable } from '../../src/terminology/icd10cm/icd10cm-table';
import { icd10ForSnomed, SNOMED_TO_ICD10CM, snomedMapping } from '../../src/terminology/snomed-icd10cm';

let icd10cm: Icd10CmTable;
beforeAll(async () => void (icd10cm = await loadIcd10Cm()));

/** Every SNOMED CT Condition code of the Synthea sample (shared/data/synthea, 149 bundles), listed once. */
const SYNTHEA_CONDITION_CODES = [
  '6072007', '10509002', '15777000', '16114001', '19169002', '22298006', '24079001', '26929004', '33737001',
  '35999006', '36971009', '38341003', '38822007', '39848009', '40055000', '43878008', '44054006', '44465007',
  '47693006', '49436004', '53741008', '55680006', '55822004', '58150001', '62106007', '62564004', '64859006',
  '65275009', '65363002', '65966004', '68496003', '69896004', '70704007', '72892002', '74400008', '75498004',
  '79586000', '80394007', '82423001', '84757009', '87433001', '88805009', '90560007', '92691004', '93761005',
  '94260004', '109838007', '126906006', '127013003', '128613002', '156073000', '162864005', '185086009', '192127007',
  '195662009', '196416002', '197927001', '198992004', '201834006', '230265002', '230690007', '232353008',
  '233604007', '233678006', '235919008', '236077008', '237602007', '239720000', '239872002', '239873007',
  '241929008', '262574004', '263102004', '271737000', '283371005', '283385000', '284549007', '284551006',
  '301011002', '302870006', '307731004', '314994000', '359817006', '363406005', '367498001', '370143000',
  '370247008', '399211009', '403190006', '403191005', '408512008', '410429000', '422034002', '428251008',
  '429007001', '431855005', '443165006', '444448004', '444470001', '444814009', '446096008', '449868002',
  '703151001', '713197008', '124171000119105', '368581000119106',
];

/** Every diagnosis or finding code the gap rules name (src/terminology/snomed.ts, src/rules/*.ts; procedures left out). */
const GAP_RULE_CODES = [
  '3900008', '4855003', '5370000', '11687002', '13694005', '14140009', '14669001', '15777000', '19242006',
  '21983002', '32273002', '35455006', '38341003', '38822007', '40930008', '42343007', '42345000', '43339004',
  '44054006', '45816000', '46177005', '46635009', '49436004', '49455004', '52254009', '53741008', '59276001',
  '59282003', '59621000', '65710008', '67782005', '68566005', '70241007', '72892002', '73211009', '73397007',
  '74576004', '76571007', '77386006', '79586000', '80394007', '84114007', '87522002', '88805009', '89627008',
  '91302008', '105502003', '126534007', '127013003', '128045006', '128053003', '161508001', '162864005', '197927001',
  '230572002', '233604007', '235675006', '236424009', '236428007', '236435004', '237055002', '238136002',
  '267038008', '271737000', '301011002', '302215000', '306058006', '313436004', '314902007', '363346000',
  '363478007', '389026000', '390834004', '399912005', '399957001', '400047006', '408512008', '414916001',
  '415116008', '417996009', '418304008', '420279001', '420324007', '420422005', '420597008', '421076008',
  '421326000', '421594008', '421895002', '421927004', '422034002', '422166005', '424736006', '428937001',
  '428982002', '429075005', '429224003', '431855005', '431856006', '431857002', '433144002', '433146000',
  '443143006', '443596009', '446221000', '700378005', '700379002', '703272007', '706870000', '709044004',
  '713703005', '713704004', '713706002', '714152005', '722095005', '722096006', '722278006', '723071003',
  '723073000', '770349000', '788950000', '840539006', '840580004', '1163215007', '1163217004', '1163220007',
  '1163222004', '1163224003', '1163226001', '731000119105', '771000119108', '1551000119108', '90781000119102',
  '129561000119108', '129721000119106', '132281000119108', '157141000119108', '368581000119106', '368951000119105',
];

const rows = [...SNOMED_TO_ICD10CM.values()];
const mapped = rows.filter((r) => r.icd10 !== undefined);

describe('SNOMED CT → ICD-10-CM curated map: coverage', () => {
  it('lists the 106 Synthea codes and the 139 gap-rule codes, 225 concepts in all, each once', () => {
    expect(new Set(SYNTHEA_CONDITION_CODES).size).toBe(106);
    expect(new Set(GAP_RULE_CODES).size).toBe(139);
    expect(SNOMED_TO_ICD10CM.size).toBe(new Set([...SYNTHEA_CONDITION_CODES, ...GAP_RULE_CODES]).size);
    expect(SNOMED_TO_ICD10CM.size).toBe(225);
  });

  it('has a row for every SNOMED CT Condition code of the Synthea sample', () => {
    expect(SYNTHEA_CONDITION_CODES.filter((code) => !SNOMED_TO_ICD10CM.has(code))).toEqual([]);
  });

  it('has a row for every diagnosis code the gap rules name', () => {
    expect(GAP_RULE_CODES.filter((code) => !SNOMED_TO_ICD10CM.has(code))).toEqual([]);
  });

  it('keys each row by its own SNOMED CT code, with a display and a reason', () => {
    for (const [code, row] of SNOMED_TO_ICD10CM) {
      expect(row.snomed).toBe(code);
      expect(row.display.trim()).not.toBe('');
      expect(row.why.length).toBeGreaterThan(10);
    }
  });
});

describe('SNOMED CT → ICD-10-CM curated map: every target is a billable FY2026 code', () => {
  it.each(mapped.map((r) => [r.snomed, r.icd10!, r.title!]))('%s → %s (%s) is billable in FY2026, dotted, with the table title', (_snomed, code, title) => {
    const entry = icd10cm.lookup(code);
    expect(entry).toEqual({ code, billable: true, title });
  });

  it('states the Index path to each target: the "why" names the code or its header', () => {
    for (const row of mapped) {
      const code = row.icd10!;
      const headers = [code, ...[3, 4, 5, 6].filter((n) => n < code.replace('.', '').length).map((n) => code.replace('.', '').slice(0, n))];
      const named = headers.some((h) => row.why.replace(/\./g, '').includes(h.replace('.', '')));
      expect(named, `${row.snomed} ${row.why}`).toBe(true);
    }
  });

  it('gives injuries (S and T codes of seven characters) the initial encounter, and says the encounter chooses', () => {
    const injuries = mapped.filter((r) => /^[ST]/.test(r.icd10!) && r.icd10!.replace('.', '').length === 7);
    expect(injuries.length).toBeGreaterThan(20);
    for (const row of injuries) {
      expect(row.icd10!.endsWith('A'), row.snomed).toBe(true);
      expect(row.why, row.snomed).toMatch(/initial encounter/);
    }
  });

  it('leaves the target out only with the reason there is no single code', () => {
    const unmapped = rows.filter((r) => r.icd10 === undefined);
    expect(unmapped.map((r) => r.snomed).sort()).toEqual(['262574004', '403190006', '403191005']);
    for (const row of unmapped) {
      expect(row.title).toBeUndefined();
      expect(row.why).toMatch(/^No single target: /);
    }
  });
});

describe('SNOMED CT → ICD-10-CM curated map: spot checks against the Alphabetic Index', () => {
  it.each<[string, string, string]>([
    ['444814009', 'J01.90', 'Index: Sinusitis, acute'], // viral sinusitis is acute; sinusitis NOS would be J32.9
    ['36971009', 'J32.9', 'Index: Sinusitis (accessory) (chronic)'],
    ['43878008', 'J02.0', 'Index: Pharyngitis, streptococcal'],
    ['195662009', 'J02.9', 'Index: Pharyngitis (acute) (infective) (viral)'],
    ['230690007', 'I63.9', 'Index: Stroke'],
    ['128613002', 'G40.909', 'Index: Disorder, seizure'],
    ['82423001', 'G89.29', 'Index: Pain, chronic'],
    ['449868002', 'F17.200', 'Index: Smoker — see Dependence, drug, nicotine'],
    ['192127007', 'F98.8', 'Index: Attention, deficit disorder or syndrome'],
    ['399211009', 'I25.2', 'Index: History, personal, myocardial infarction'],
    ['16114001', 'S82.899A', 'Index: Fracture, traumatic, ankle'],
    ['19169002', 'O03.9', 'Index: Miscarriage — see Abortion, spontaneous'],
    ['236424009', 'N28.9', 'Index: Insufficiency, renal (acute)'],
    ['237602007', 'E88.810', 'Index: Syndrome, metabolic'],
    ['73211009', 'E11.9', 'Index: Diabetes, diabetic (mellitus)'],
    ['314994000', 'C61', 'Index: Metastasis, cancer, from specified site'],
  ])('%s → %s (%s)', (snomed, icd10, indexPath) => {
    expect(icd10ForSnomed(snomed)).toBe(icd10);
    expect(snomedMapping(snomed)!.why.startsWith(indexPath)).toBe(true);
  });

  it.each<[string, string, RegExp]>([
    ['73211009', 'E11.9', /I\.C\.4\.a\.2/], // diabetes of no stated type is type 2
    ['788950000', 'I50.20', /Coding Clinic 3Q 2020/], // mid-range EF is systolic heart failure
    ['446221000', 'I50.30', /Coding Clinic 1Q 2016/], // HFpEF is diastolic heart failure
    ['162864005', 'E66.9', /I\.B\.14/], // BMI codes need the exact value and a weight diagnosis
    ['408512008', 'E66.813', /class 3/],
    ['703151001', 'Z86.69', /History, personal/],
  ])('%s → %s follows the guideline it cites', (snomed, icd10, cited) => {
    expect(icd10ForSnomed(snomed)).toBe(icd10);
    expect(snomedMapping(snomed)!.why).toMatch(cited);
  });
});

describe('icd10ForSnomed', () => {
  it('gives the mapped code, trimming the SNOMED CT code', () => {
    expect(icd10ForSnomed('44054006')).toBe('E11.9');
    expect(icd10ForSnomed(' 44054006 ')).toBe('E11.9');
  });

  it('gives nothing for a concept outside the map or mapped to no single code', () => {
    expect(icd10ForSnomed('195967001')).toBeUndefined(); // Asthma (disorder): not curated
    expect(icd10ForSnomed('')).toBeUndefined();
    expect(icd10ForSnomed('262574004')).toBeUndefined(); // Bullet wound: site and intent needed
    expect(snomedMapping('262574004')?.why).toMatch(/site/);
  });
});
