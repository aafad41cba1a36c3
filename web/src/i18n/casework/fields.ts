// The one place that names a problem's field as the form labels it: the server says
// `body.person.dateOfBirth`, the user reads "Ngày sinh". Keys are the field's path
// without `body.`/`query.` and without list positions (`identityDocuments.0.number` →
// `identityDocuments.number`); a path not listed falls back to its last part, then to
// "another entry" — never the code. ./casework.test.ts checks that every
// field of the forms' request schemas is here.
import type { MessageKey } from '../messages';

export const FIELD_LABELS: Readonly<Record<string, MessageKey>> = {
  // Person (register, person file, border event registration).
  familyName: 'person.familyName',
  middleName: 'person.middleName',
  givenName: 'person.givenName',
  aliases: 'person.aliases',
  sex: 'person.sex',
  dateOfBirth: 'person.dateOfBirth',
  estimatedAgeYears: 'person.estimatedAge',
  ageEstimatedOn: 'person.dateOfBirth',
  citizenship: 'person.citizenship',
  languages: 'person.languages',
  birthYear: 'field.birthYear',
  province: 'admin.province',
  'identityDocuments.type': 'person.documentType',
  'identityDocuments.number': 'person.documentNumber',
  'identityDocuments.issuingCountry': 'person.issuingCountry',
  identityDocuments: 'person.documentNumber',
  contact: 'person.contact',
  messaging: 'field.messaging',
  phone: 'person.phone',
  'contact.phone': 'person.phone',
  address: 'person.address',
  'contact.address': 'person.address',
  'person.familyName': 'person.familyName',
  'person.givenName': 'person.givenName',
  'person.sex': 'person.sex',
  // Case.
  reachedVia: 'case.reachedVia',
  exploitationTypes: 'case.exploitationTypes',
  'recruitment.channels': 'case.recruitmentChannels',
  'recruitment.date': 'field.recruitmentDate',
  recruitment: 'case.recruitmentChannels',
  route: 'case.destinationCountry',
  'route.transitCountries': 'case.transitCountries',
  'keyDates.exploitationStart': 'field.exploitationStart',
  'keyDates.exit': 'case.exitDate',
  'keyDates.return': 'case.returnDate',
  keyDates: 'case.exitDate',
  assignedUserId: 'status.assigned',
  'route.originProvince': 'case.originProvince',
  'route.destinationCountry': 'case.destinationCountry',
  'route.exitDate': 'case.exitDate',
  'route.returnDate': 'case.returnDate',
  narrative: 'case.narrative',
  reason: 'field.reason',
  // Support plan and services.
  riskLevel: 'support.riskLevel',
  riskFactors: 'support.riskFactors',
  riskNotes: 'support.riskNotes',
  goals: 'support.goals',
  type: 'support.serviceType',
  providerAgency: 'support.provider',
  status: 'support.serviceStatus',
  plannedDate: 'support.planned',
  startDate: 'support.dates',
  endDate: 'support.dates',
  amountVnd: 'support.amount',
  notes: 'field.notes',
  // Consent.
  purpose: 'consent.purpose',
  agency: 'consent.agency',
  agencyKind: 'consent.agencyKind',
  method: 'consent.method',
  givenBy: 'consent.givenBy',
  witness: 'consent.witness',
  // Referrals and transfers.
  toAgency: 'referral.toAgency',
  purposes: 'referral.purposes',
  services: 'referral.services',
  dueDate: 'referral.due',
  note: 'referral.note',
  // Notes.
  body: 'notes.add',
  visibility: 'notes.visibility',
  // Accounts and agencies.
  email: 'admin.email',
  agencyId: 'admin.agency',
  password: 'password.new',
  newPassword: 'password.new',
  currentPassword: 'password.current',
  displayName: 'admin.userName',
  roles: 'admin.roles',
  code: 'admin.code',
  name: 'admin.name',
  kind: 'admin.kind',
  language: 'admin.language',
  // Follow-up visits and repatriation.
  scheduledFor: 'followUp.scheduledFor',
  doneAt: 'followUp.doneAt',
  outcome: 'followUp.outcome',
  countryFrom: 'repatriation.countryFrom',
  borderGate: 'repatriation.borderGate',
  returnDate: 'repatriation.returnDate',
  travelDocumentsChecked: 'repatriation.documents',
  escort: 'repatriation.escort',
  receivingAgency: 'repatriation.receivingAgency',
  groupId: 'repatriation.group',
  expectedCount: 'group.expected',
  // Screening.
  location: 'screening.location',
  conductedAt: 'screening.conductedAt',
  // The hotline's desk (issue 14 §2; messages registered with its screens).
  caseReference: 'reporting.caseReference',
  duplicateOf: 'reporting.duplicateOf',
  assignee: 'reporting.assignTo',
  whatHappened: 'reporting.f.whatHappened',
  identifiers: 'reporting.f.identifiers',
  caller: 'reporting.f.caller',
  // Audit search and figures.
  from: 'kpi.from',
  to: 'kpi.to',
};

/** The server's field messages (English) that the app says in the user's words; others read "is not valid". */
export const FIELD_MESSAGES: Readonly<Record<string, MessageKey>> = {
  'cannot be in the past': 'problem.message.past',
  'cannot be in the future': 'problem.message.future',
  'give a date of birth or an estimated age, not both': 'problem.message.dobOrAge',
  'give a date of birth or a year of birth, not both': 'problem.message.dobOrYear',
  'ends before it starts': 'problem.message.endsBefore',
  'say why (at least 3 characters)': 'problem.message.sayWhy',
  'verbal consent needs the witness named': 'problem.message.witness',
  'give at least a family name, a given name or an alias (a name as the person gave it)': 'problem.message.name',
  'an outcome needs the visit done': 'problem.message.visitDone',
  'required with an outcome': 'problem.message.visitDoneServer',
  'unknown group': 'problem.message.unknownGroup',
};

/** The form's label key for a problem's field path, or null when the form has no such label. */
export function fieldLabelKey(field: string): MessageKey | null {
  const path = field
    .replace(/^(body|query|params)\.?/, '')
    .split('.')
    .filter((part) => part !== '' && !/^\d+$/.test(part));
  for (let start = 0; start < path.length; start++) {
    const key = path.slice(start).join('.');
    if (Object.hasOwn(FIELD_LABELS, key)) return FIELD_LABELS[key]!;
  }
  return null;
}
