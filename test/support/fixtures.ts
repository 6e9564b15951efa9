import { launchablePatients } from '../../mocks/fixtures';

/** A seeded mock-EHR patient by family name, with encounters latest first. */
export function fixtureChart(family: string) {
  const chart = launchablePatients().find(({ patient }) => patient.name?.[0]?.family === family);
  if (!chart) throw new Error(`No fixture patient named ${family}`);
  return { ...chart, patientId: chart.patient.id!, latestEncounterId: chart.encounters[0]!.id! };
}
