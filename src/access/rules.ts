// The access rule of every route, by name. A route's definition points to one of
// these (`config: { access: RULES.caseRead }`), so reading this file tells who may
// call what; the functions named are in policy.ts, account-policy.ts and policy-sql.ts.
import {
  administersUsers,
  canListUsers,
  canManageAgencies,
  canManageUsersOf,
  canReadAuditTrail,
  canResetPassword,
  canUpdateUser,
} from './account-policy.js';
import {
  anySignedInUser,
  canAttachTo,
  canDeleteAttachment,
  canReadAttachment,
  canCreateCases,
  canCheckRegistration,
  canCreatePersons,
  canEditCase,
  canEditPerson,
  canListContactRequests,
  canMergePersons,
  canReadLinkageSummary,
  canExportMicrodata,
  canReadOwnRelease,
  canReadStatistics,
  canRefreshStatistics,
  canReadPersonLinkage,
  canRequestContact,
  canReviewPairs,
  canRunLinkage,
  canReadAgencyKpis,
  canReadBorderEvent,
  canReadCaseAccessLog,
  canCancelJob,
  canAssignCase,
  canReadNotification,
  canSuperviseTeam,
  canImportFor,
  canReadJob,
  mayImport,
  canReadNote,
  canReadReferral,
  canReadRepatriationGroup,
  canReferCase,
  canRegisterAtBorderEvent,
  canRespondToReferral,
  canRevokeReferral,
  canRunBorderEvents,
  canSeeAgencyReferrals,
  canTryScreeningAnswers,
  canUpdateService,
  mayReachCases,
  readableCaseParts,
} from './policy.js';
import { visibleCaseCondition } from './policy-sql.js';
import {
  canAnswerInformationRequest,
  canEditIntelligence,
  canReadCaseProsecution,
  canReadInformationRequest,
  canReadIntelligence,
  canRecordCourtSide,
  canRecordIntelligence,
  canRecordOnCase,
  canRecordProceeding,
  canWithdrawInformationRequest,
  worksOnProsecution,
} from './prosecution-policy.js';
import { canAnswerPublicReports, canTriageReports } from './reporting-policy.js';
import { canManageSites, canReadSites } from './sites-policy.js';
import { visibleOrganisationCondition, visibleSuspectCondition } from './prosecution-sql.js';
import { callerRule, publicRoute, recordRule } from './route-access.js';

const ANY_STAGE = ['full', 'mfa_pending', 'mfa_enrolment', 'password_change'] as const;
const casework = { gate: mayReachCases };
const prosecution = { gate: worksOnProsecution, refusal: 'not-found' } as const;

export const RULES = {
  // Public: no personal data in, none out.
  health: publicRoute('health', 'load balancers check it; it says only that the server answers'),
  openapi: publicRoute('openapi', 'the API contract is public'),
  webApp: publicRoute('web-app', 'the single-page app files; every datum it shows comes through the API'),
  login: publicRoute('auth.login', 'signing in'),

  // Sessions at any stage.
  logout: callerRule('auth.logout', anySignedInUser, 'forbidden', ANY_STAGE),
  me: callerRule('auth.me', anySignedInUser, 'forbidden', ANY_STAGE),
  totpEnrol: callerRule('auth.totp_enroll', anySignedInUser, 'forbidden', ['full', 'mfa_enrolment']),
  totpVerify: callerRule('auth.totp_verify', anySignedInUser, 'forbidden', ['mfa_pending']),
  passwordChange: callerRule('auth.password_change', anySignedInUser, 'forbidden', ['full', 'password_change']),

  // Directory and audit trail.
  agencies: callerRule('agency.list', anySignedInUser, 'forbidden'),
  agencyManage: callerRule('agency.manage', canManageAgencies, 'forbidden'),
  userList: recordRule('user.list', canListUsers, { gate: administersUsers, refusal: 'forbidden' }),
  userCreate: recordRule('user.create', canManageUsersOf, { gate: administersUsers, refusal: 'forbidden' }),
  userUpdate: recordRule('user.update', canUpdateUser),
  userPasswordReset: recordRule('user.password_reset', canResetPassword, {
    gate: administersUsers,
    refusal: 'forbidden',
  }),
  userResetCode: recordRule('user.reset_code', canResetPassword, { gate: administersUsers, refusal: 'forbidden' }),
  resetCodeSignIn: publicRoute(
    'auth.reset_code',
    'signing in with a one-time reset code, only to choose a new password',
  ),
  auditTrail: callerRule('audit.read', canReadAuditTrail, 'not-found'),
  auditAnchor: callerRule('audit.anchor', canReadAuditTrail, 'not-found'),

  // Registry.
  reference: callerRule('reference.read', anySignedInUser, 'forbidden'),
  personCreate: callerRule('person.create', canCreatePersons, 'forbidden'),
  personByDocument: recordRule('person.search', readableCaseParts),
  personRead: recordRule('person.read', readableCaseParts),
  personUpdate: recordRule('person.update', canEditPerson),
  caseCreate: callerRule('case.create', canCreateCases, 'forbidden'),
  caseList: recordRule('case.list', visibleCaseCondition),
  caseRead: recordRule('case.read', readableCaseParts),
  caseUpdate: recordRule('case.update', canEditCase),
  caseTransition: recordRule('case.transition', canEditCase),
  caseAccessLog: recordRule('case.access_log_read', canReadCaseAccessLog),
  caseAssign: recordRule('case.assign', canAssignCase),

  // Teams and notifications (issue 12 §1).
  teamWorkload: callerRule('team.workload_read', canSuperviseTeam, 'forbidden'),
  notificationList: callerRule('notification.list', anySignedInUser, 'forbidden'),
  notificationRead: recordRule('notification.mark_read', canReadNotification),

  // Assistance and referrals.
  consentCreate: recordRule('consent.create', canEditCase, casework),
  consentList: recordRule('case.consents_read', readableCaseParts, casework),
  consentWithdraw: recordRule('consent.withdraw', canEditCase, casework),
  referralCreate: recordRule('referral.create', canReferCase, casework),
  referralList: recordRule('referral.list', canSeeAgencyReferrals),
  referralRead: recordRule('referral.read', canReadReferral, casework),
  referralRespond: recordRule('referral.respond', canRespondToReferral, casework),
  referralRevoke: recordRule('referral.revoke', canRevokeReferral, casework),
  transferCreate: recordRule('transfer.create', canReferCase, casework),
  supportPlanRead: recordRule('case.support_plan_read', readableCaseParts, casework),
  supportPlanWrite: recordRule('case.support_plan_update', canEditCase, casework),
  serviceCreate: recordRule('service.create', canEditCase, casework),
  serviceList: recordRule('case.services_read', readableCaseParts, casework),
  serviceUpdate: recordRule('service.update', canUpdateService, casework),
  repatriationGroupCreate: callerRule('repatriation_group.create', canRunBorderEvents, 'forbidden'),
  repatriationGroupRead: recordRule('repatriation_group.read', canReadRepatriationGroup, casework),
  repatriationRead: recordRule('case.repatriation_read', readableCaseParts, casework),
  repatriationWrite: recordRule('case.repatriation_update', canEditCase, casework),
  followUpList: recordRule('case.follow_ups_read', readableCaseParts, casework),
  followUpCreate: recordRule('follow_up.create', canEditCase, casework),
  followUpUpdate: recordRule('follow_up.update', canEditCase, casework),
  closureChecklist: recordRule('case.closure_checklist_read', readableCaseParts, casework),
  noteList: recordRule('case.notes_read', canReadNote, casework),
  noteCreate: recordRule('note.create', readableCaseParts, casework),
  workQueues: recordRule('work.queues_read', visibleCaseCondition),
  workKpis: callerRule('work.kpis_read', canReadAgencyKpis, 'forbidden'),

  // Prosecution support (issue 13): only investigators and prosecutors of law-enforcement agencies; everyone
  // else is answered 404, so that not even the existence of a suspect or an identifier leaks.
  identifierCreate: recordRule('identifier.create', canRecordOnCase, { gate: worksOnProsecution }),
  identifierList: recordRule('case.identifiers_read', canReadCaseProsecution, { gate: worksOnProsecution }),
  identifierDelete: recordRule('identifier.delete', canRecordOnCase, { gate: worksOnProsecution }),
  informationRequestCreate: recordRule('information_request.create', canRecordOnCase, { gate: worksOnProsecution }),
  informationRequestList: recordRule('information_request.list', canReadInformationRequest, {
    gate: worksOnProsecution,
  }),
  informationRequestRead: recordRule('information_request.read', canReadInformationRequest, {
    gate: worksOnProsecution,
  }),
  informationRequestAccept: recordRule('information_request.accept', canAnswerInformationRequest, {
    gate: worksOnProsecution,
  }),
  informationRequestDecline: recordRule('information_request.decline', canAnswerInformationRequest, {
    gate: worksOnProsecution,
  }),
  informationRequestWithdraw: recordRule('information_request.withdraw', canWithdrawInformationRequest, {
    gate: worksOnProsecution,
  }),

  // Screening.
  screeningSets: callerRule('screening.sets_read', anySignedInUser, 'forbidden'),
  screeningClassify: callerRule('screening.classify', canTryScreeningAnswers, 'forbidden'),
  screeningCreate: recordRule('screening.create', canEditCase, casework),
  screeningList: recordRule('case.screenings_read', readableCaseParts, casework),
  screeningFinalise: recordRule('screening.finalise', canEditCase, casework),
  borderEventList: recordRule('screening_event.list', canReadBorderEvent),
  borderEventCreate: callerRule('screening_event.create', canRunBorderEvents, 'forbidden'),
  borderEventRead: recordRule('screening_event.read', canReadBorderEvent, casework),
  borderEventRegister: recordRule('screening_event.register', canRegisterAtBorderEvent, casework),

  // Background jobs (roster registration; imports, linkage and exports to come).
  jobRead: recordRule('job.read', canReadJob),

  // Record linkage: stewards review pairs (seeing the pair record only); merges stay within one agency.
  linkageRun: callerRule('linkage.run', canRunLinkage, 'forbidden'),
  linkageSummary: callerRule('linkage.summary', canReadLinkageSummary, 'forbidden'),
  linkagePairs: callerRule('linkage.pairs_read', canReviewPairs, 'forbidden'),
  linkageDecision: callerRule('linkage.pair_decision', canReviewPairs, 'forbidden'),
  linkageCheck: callerRule('linkage.check', canCheckRegistration, 'forbidden'),
  linkageContactRequests: callerRule('linkage.contact_requests_read', canListContactRequests, 'forbidden'),
  personMerge: recordRule('person.merge', canMergePersons),
  personMergeUndo: recordRule('person.merge_undo', canMergePersons),
  personLinkage: recordRule('person.linkage_read', canReadPersonLinkage),
  personContactRequest: recordRule('person.contact_request', canRequestContact),
  jobCancel: recordRule('job.cancel', canCancelJob),

  // Imports of agencies' existing records (issue 10 §1): an agency's agency_admin, or a data_steward for any agency.
  importUpload: recordRule('import.upload', canImportFor, { gate: mayImport, refusal: 'forbidden' }),
  importList: recordRule('import.list', canImportFor, { gate: mayImport, refusal: 'forbidden' }),
  importRead: recordRule('import.read', canImportFor, { gate: mayImport }),
  importMapping: recordRule('import.mapping_update', canImportFor, { gate: mayImport }),
  importCommit: recordRule('import.commit', canImportFor, { gate: mayImport }),
  importRejects: recordRule('import.rejects_read', canImportFor, { gate: mayImport }),

  // Statistics (issue 11): controlled outputs only.
  statisticsIndicators: callerRule('statistics.indicators_read', canReadStatistics, 'forbidden'),
  statisticsTable: callerRule('statistics.table', canReadStatistics, 'forbidden'),
  statisticsBudget: callerRule('statistics.budget_read', canReadStatistics, 'forbidden'),
  statisticsStatus: callerRule('statistics.status_read', canReadStatistics, 'forbidden'),
  statisticsRelease: recordRule('statistics.release_read', canReadOwnRelease, { gate: canReadStatistics }),
  statisticsRefresh: callerRule('statistics.refresh', canRefreshStatistics, 'forbidden'),
  statisticsExport: callerRule('statistics.export_htcds', canExportMicrodata, 'forbidden'),
  statisticsReport: callerRule('statistics.report', canReadStatistics, 'forbidden'),
  statisticsFile: recordRule('statistics.file_read', canReadOwnRelease, { gate: canReadStatistics }),

  // Data in and out (issue 12 §3): exports of the lists a user sees, and attachments.
  caseExport: recordRule('case.export', visibleCaseCondition),
  referralExport: recordRule('referral.export', canSeeAgencyReferrals),
  rosterExport: recordRule('screening_event.roster_export', canReadBorderEvent, casework),
  caseAccessLogExport: recordRule('case.access_log_export', canReadCaseAccessLog),
  auditExport: callerRule('audit.export', canReadAuditTrail, 'not-found'),
  attachmentCreate: recordRule('attachment.create', canAttachTo, casework),
  attachmentList: recordRule('case.attachments_read', canReadAttachment, casework),
  attachmentRead: recordRule('attachment.read', canReadAttachment, casework),
  attachmentDelete: recordRule('attachment.delete', canDeleteAttachment, casework),

  // Public reporting (issue 14 §1): anonymous, no sign-in; the receipt is the only key to a report.
  publicReportForm: publicRoute('public_report.form', 'the report form and its pages carry no data of anyone'),
  publicReportCreate: publicRoute(
    'public_report.create',
    'anyone may report a suspected case anonymously; throttled per keyed hash of the address',
  ),
  publicReportFollowUp: publicRoute(
    'public_report.follow_up',
    'the receipt is the key: a wrong one answers 404, and guessing is throttled',
  ),
  publicReportReply: publicRoute('public_report.reply', 'the reporter answers with the receipt as the key'),
  // The hotline's side of the conversation; everyone else: 404.
  publicReportMessage: callerRule('public_report.message_create', canAnswerPublicReports, 'not-found'),
  // The triage queue and the hotline's desk (issue 14 §2): hotline operators of a hotline agency only; everyone
  // else 404. An agency a report was escalated to reads it through its case (the case's own rules).
  reportQueue: callerRule('public_report.queue', canTriageReports, 'not-found'),
  reportRead: callerRule('public_report.read', canTriageReports, 'not-found'),
  reportPhoto: callerRule('public_report.photo_read', canTriageReports, 'not-found'),
  reportCallCreate: callerRule('public_report.call_create', canTriageReports, 'not-found'),
  reportAssign: callerRule('public_report.assign', canTriageReports, 'not-found'),
  reportClose: callerRule('public_report.close', canTriageReports, 'not-found'),
  reportLink: callerRule('public_report.link', canTriageReports, 'not-found'),
  reportEscalate: callerRule('public_report.escalate', canTriageReports, 'not-found'),
  reportCaseLookup: callerRule('public_report.case_lookup', canTriageReports, 'not-found'),
  reportAgencies: callerRule('public_report.agencies', canTriageReports, 'not-found'),
  reportOperators: callerRule('public_report.operators', canTriageReports, 'not-found'),
  // The prosecution file (issue 13 §4): law-enforcement investigators and prosecutors only; everyone else 404.
  prosecutionFileRead: recordRule('prosecution.file_read', canReadCaseProsecution, prosecution),
  prosecutionStepCreate: recordRule('prosecution.step_create', canRecordProceeding, prosecution),
  prosecutionStepUpdate: recordRule('prosecution.step_update', canRecordProceeding, prosecution),
  prosecutionChargeCreate: recordRule('prosecution.charge_create', canRecordOnCase, prosecution),
  prosecutionChargeUpdate: recordRule('prosecution.charge_update', canRecordCourtSide, prosecution),
  prosecutionVerdict: recordRule('prosecution.verdict_record', canRecordCourtSide, prosecution),
  prosecutionVictim: recordRule('prosecution.victim_update', canRecordCourtSide, prosecution),
  prosecutionCourtDate: recordRule('prosecution.court_date_create', canRecordCourtSide, prosecution),
  prosecutionDossier: recordRule('prosecution.dossier_export', canReadCaseProsecution, prosecution),
  statisticsProsecution: callerRule('statistics.prosecution_read', canReadStatistics, 'forbidden'),
  // Prosecution support (issue 13): suspects, organisations, their links and the network. Only investigators
  // and prosecutors of law-enforcement agencies; everyone else gets 404, so not even a suspect's existence leaks.
  suspectCreate: callerRule('suspect.create', canRecordIntelligence, 'not-found'),
  suspectList: recordRule('suspect.list', visibleSuspectCondition, prosecution),
  suspectRead: recordRule('suspect.read', canReadIntelligence, prosecution),
  suspectUpdate: recordRule('suspect.update', canEditIntelligence, prosecution),
  suspectLinkCreate: recordRule('suspect.link', canEditIntelligence, prosecution),
  suspectLinkDelete: recordRule('suspect.link_delete', canEditIntelligence, prosecution),
  suspectOrganisationCreate: recordRule('suspect.organisation_link', canEditIntelligence, prosecution),
  suspectOrganisationDelete: recordRule('suspect.organisation_link_delete', canEditIntelligence, prosecution),
  organisationCreate: callerRule('organisation.create', canRecordIntelligence, 'not-found'),
  organisationList: recordRule('organisation.list', visibleOrganisationCondition, prosecution),
  organisationRead: recordRule('organisation.read', canReadIntelligence, prosecution),
  organisationUpdate: recordRule('organisation.update', canEditIntelligence, prosecution),
  caseSuspectCreate: recordRule('case.suspect_link', canRecordOnCase, prosecution),
  caseSuspectList: recordRule('case.suspects_read', canReadCaseProsecution, prosecution),
  caseSuspectDelete: recordRule('case.suspect_link_delete', canRecordOnCase, prosecution),
  caseOrganisationCreate: recordRule('case.organisation_link', canRecordOnCase, prosecution),
  caseOrganisationList: recordRule('case.organisations_read', canReadCaseProsecution, prosecution),
  caseOrganisationDelete: recordRule('case.organisation_link_delete', canRecordOnCase, prosecution),
  // Identifiers of a suspect or an organisation (issue 13 §1): recorded by its owner agency's investigators,
  // read by whoever may read the suspect or organisation; everyone else 404.
  suspectIdentifierCreate: recordRule('identifier.create', canEditIntelligence, prosecution),
  suspectIdentifierList: recordRule('suspect.identifiers_read', canReadIntelligence, prosecution),
  organisationIdentifierCreate: recordRule('identifier.create', canEditIntelligence, prosecution),
  organisationIdentifierList: recordRule('organisation.identifiers_read', canReadIntelligence, prosecution),
  networkRead: recordRule('network.read', visibleSuspectCondition, prosecution),
  networkPath: recordRule('network.path', visibleSuspectCondition, prosecution),
  networkClusters: recordRule('network.clusters', visibleSuspectCondition, prosecution),
  networkExport: recordRule('network.export', visibleSuspectCondition, prosecution),
  // Campaign sites and their posters (issue 14 §3): system administrators and hotline agencies' administrators
  // keep the register; hotline operators read it and print posters; analysts read the figures per site.
  siteList: callerRule('site.list', canReadSites, 'forbidden'),
  siteRead: callerRule('site.read', canReadSites, 'forbidden'),
  siteCreate: callerRule('site.create', canManageSites, 'forbidden'),
  siteUpdate: callerRule('site.update', canManageSites, 'forbidden'),
  sitePoster: callerRule('site.poster', canReadSites, 'forbidden'),
  statisticsSites: callerRule('statistics.sites_read', canReadStatistics, 'forbidden'),
} as const;
