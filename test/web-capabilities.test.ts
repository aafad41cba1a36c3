// Issue 10's menus: GET /auth/me says who sees imports, the review queue and the linkage
// overview (the web app shows only what `can` allows; each route's own rule still decides).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/contract/codes.js';
import { databases, startLantern, type TestLantern } from './support/harness.js';

describe.each(databases)('consolidation capabilities in /auth/me on %s', (kind) => {
  let l: TestLantern;
  let police = '';
  let unit = '';
  beforeAll(async () => {
    l = await startLantern(kind);
    police = await l.agency('POLICE-CAP');
    unit = await l.agency('DATA-UNIT', 'ministry');
  });
  afterAll(async () => {
    await l.stop();
  });

  const canOf = async (agencyId: string, roles: Role[]) =>
    (await l.call((await l.user(agencyId, roles)).token, 'GET', '/api/v1/auth/me')).body.can;

  it('gives the data steward imports for any agency, the review queue, the overview and runs', async () => {
    expect(await canOf(unit, ['data_steward'])).toMatchObject({
      importRecords: true,
      importForAnyAgency: true,
      reviewPairs: true,
      seeLinkage: true,
      runLinkage: true,
      seeCases: false,
    });
  });

  it("gives an agency's administrator imports for the agency only, and no pairs", async () => {
    expect(await canOf(police, ['agency_admin'])).toMatchObject({
      importRecords: true,
      importForAnyAgency: false,
      reviewPairs: false,
      seeLinkage: false,
      runLinkage: false,
    });
  });

  it('gives an analyst the statistics and no linkage screen, and casework roles none of these', async () => {
    expect(await canOf(police, ['analyst'])).toMatchObject({
      importRecords: false,
      reviewPairs: false,
      seeLinkage: false,
      runLinkage: false,
      seeStatistics: true,
      exportMicrodata: true,
      refreshStatistics: true,
      seeCases: false,
    });
    expect(await canOf(police, ['partner'])).toMatchObject({ seeStatistics: true, exportMicrodata: false });
    expect(await canOf(police, ['investigator'])).toMatchObject({
      importRecords: false,
      importForAnyAgency: false,
      reviewPairs: false,
      seeLinkage: false,
      runLinkage: false,
      seeStatistics: false,
      exportMicrodata: false,
      refreshStatistics: false,
    });
  });

  // Issue 12 §4: the agency's response times show on my work for those the route lets read them.
  it("gives casework roles the agency's response times, and analysts and data stewards not", async () => {
    expect(await canOf(police, ['investigator'])).toMatchObject({ seeAgencyKpis: true });
    expect(await canOf(police, ['analyst'])).toMatchObject({ seeAgencyKpis: false });
    expect(await canOf(unit, ['data_steward'])).toMatchObject({ seeAgencyKpis: false });
  });

  it('offers suspect data only to investigators and prosecutors of law-enforcement agencies', async () => {
    expect(await canOf(police, ['investigator'])).toMatchObject({ workOnProsecution: true, recordIntelligence: true });
    expect(await canOf(police, ['caseworker'])).toMatchObject({ workOnProsecution: false, recordIntelligence: false });
    // A prosecutor reads; a ministry "investigator" is not law enforcement.
    expect(await canOf(unit, ['investigator'])).toMatchObject({ workOnProsecution: false, recordIntelligence: false });
  });
});
