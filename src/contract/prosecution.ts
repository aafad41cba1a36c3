// The code lists of prosecution support (issue 13), shared by server and web. Codes are part of the
// API contract: other tools and agencies depend on them, so never rename one.
import type { AgencyKind } from './codes.js';

/** What an identifier is (fixed by the issue: `POST /api/v1/cases/:id/identifiers` takes one of these). */
export const IDENTIFIER_KINDS = [
  'phone',
  'facebook',
  'zalo',
  'telegram',
  'whatsapp',
  'tiktok',
  'wechat',
  'bank_account',
  'ewallet',
  'crypto',
  'url',
  'email',
  'address',
  'vehicle',
  'document',
] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** Where an identifier, a link or a suspect's part in a case was learnt. */
export const INTELLIGENCE_SOURCES = [
  'victim_statement',
  'witness_statement',
  'investigation',
  'device_extraction',
  'open_source',
  'financial_records',
  'hotline_report',
  'other',
] as const;
export type IntelligenceSource = (typeof INTELLIGENCE_SOURCES)[number];

/** A suspect's part in a case (issue 13 §1). */
export const SUSPECT_CASE_ROLES = [
  'recruiter',
  'broker',
  'transporter',
  'harbourer',
  'employer',
  'buyer',
  'financier',
  'other',
] as const;
export type SuspectCaseRole = (typeof SUSPECT_CASE_ROLES)[number];

/** How two suspects are connected. */
export const SUSPECT_RELATIONS = ['associate', 'superior', 'family', 'financial', 'other'] as const;
export type SuspectRelation = (typeof SUSPECT_RELATIONS)[number];

/** The fronts a network works through. */
export const ORGANISATION_KINDS = [
  'recruitment_company',
  'compound',
  'brokerage_agency',
  'transport_company',
  'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** A suspect's part in an organisation. */
export const SUSPECT_ORGANISATION_ROLES = ['owner', 'manager', 'recruiter', 'employee', 'other'] as const;
export type SuspectOrganisationRole = (typeof SUSPECT_ORGANISATION_ROLES)[number];

/** An organisation's part in a case. */
export const CASE_ORGANISATION_ROLES = ['recruiter', 'employer', 'compound', 'transporter', 'other'] as const;
export type CaseOrganisationRole = (typeof CASE_ORGANISATION_ROLES)[number];

export const INFORMATION_REQUEST_STATUSES = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export type InformationRequestStatus = (typeof INFORMATION_REQUEST_STATUSES)[number];

/**
 * The agency kinds that hold and see suspect data (issue 13 §2): hits are computed across their cases;
 * every other kind of agency never sees a suspect, an identifier or a hit.
 */
export const LAW_ENFORCEMENT_AGENCY_KINDS = [
  'police',
  'border_guard',
  'coast_guard',
  'procuracy',
] as const satisfies readonly AgencyKind[];
