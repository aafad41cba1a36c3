// What each role can do in the app; the server decides again on every request.

const CONTENT_ROLES = [
  'intake_officer',
  'investigator',
  'caseworker',
  'health_screener',
  'hotline_operator',
  'prosecutor',
  'partner',
];
const INTAKE_ROLES = ['intake_officer', 'investigator', 'caseworker', 'health_screener', 'hotline_operator'];
const SCREENING_ROLES = ['intake_officer', 'investigator', 'caseworker', 'health_screener'];

const any = (roles: readonly string[], allowed: readonly string[]) => roles.some((r) => allowed.includes(r));

export const can = {
  seeCases: (roles: readonly string[]) => any(roles, CONTENT_ROLES),
  registerCases: (roles: readonly string[]) => any(roles, INTAKE_ROLES),
  screen: (roles: readonly string[]) => any(roles, SCREENING_ROLES),
  administer: (roles: readonly string[]) => any(roles, ['system_admin', 'agency_admin']),
  manageAgencies: (roles: readonly string[]) => roles.includes('system_admin'),
  audit: (roles: readonly string[]) => roles.includes('auditor'),
};
