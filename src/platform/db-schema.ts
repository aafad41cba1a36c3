// Row types of the tables, for Kysely's typed queries. Mirrors migrations/*.sql.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DefaultedArray = ColumnType<string[], string[] | undefined, string[]>;
type DateOnly = string; // 'YYYY-MM-DD': both drivers are set to return dates as text

export interface AgencyTable {
  id: string;
  code: string;
  name: string;
  kind: string;
  province: string | null;
  disabled: Generated<boolean>;
  created_at: Generated<Date>;
}
export interface AppUserTable {
  id: string;
  email: string;
  display_name: string;
  agency_id: string;
  roles: string[];
  language: Generated<string>;
  disabled: Generated<boolean>;
  password_hash: string;
  totp_secret: string | null;
  totp_pending: string | null;
  totp_last_step: number | null;
  must_change_password: Generated<boolean>;
  password_changed_at: Date | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  last_sign_in_at: Generated<Date | null>;
}
export interface UserSessionTable {
  token_hash: string;
  user_id: string;
  stage: 'full' | 'mfa_pending' | 'mfa_enrolment' | 'password_change';
  created_at: Generated<Date>;
  expires_at: Timestamp;
  revoked_at: Date | null;
  client_ip: string | null;
  via_reset_code: Generated<boolean>;
}
export interface PasswordResetTable {
  user_id: string;
  code_hash: string;
  issued_by: string | null;
  created_at: Generated<Date>;
  expires_at: Timestamp;
}
export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_start: Timestamp;
  locked_until: Date | null;
}
export interface KnownDeviceTable {
  token_hash: string;
  user_id: string;
  created_at: Generated<Date>;
  last_used_at: Generated<Date>;
}
export interface PersonTable {
  id: string;
  owner_agency_id: string;
  family_name: string | null;
  middle_name: string | null;
  given_name: string | null;
  aliases: ColumnType<string[], string | undefined, string>;
  name_key: string;
  name_tokens: ColumnType<string[], never, never>;
  sex: string;
  date_of_birth: DateOnly | null;
  estimated_age_years: number | null;
  age_estimated_on: DateOnly | null;
  birth_year: number | null;
  province: string | null;
  province_former: string | null;
  citizenship: string;
  languages: DefaultedArray;
  contact: string | null;
  version: Generated<number>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  /** Set while the person is merged into another (migration 0017). */
  merged_into: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface IdentityDocumentTable {
  id: string;
  person_id: string;
  type: string;
  number: string;
  number_hash: string;
  issuing_country: string | null;
}
export interface CaseFileTable {
  id: string;
  reference: string;
  person_id: string;
  owner_agency_id: string;
  assigned_user_id: string | null;
  status: string;
  exploitation_types: DefaultedArray;
  recruitment_channels: DefaultedArray;
  origin_province: string | null;
  transit_countries: DefaultedArray;
  destination_country: string | null;
  recruitment_date: DateOnly | null;
  exploitation_start_date: DateOnly | null;
  exit_date: DateOnly | null;
  return_date: DateOnly | null;
  reached_via: string;
  narrative: string | null;
  verification_due_at: Date | null;
  closure_reason: string | null;
  version: Generated<number>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  /** The person's name words, kept equal to person.name_tokens by triggers (migration 0007). */
  name_tokens: ColumnType<string[], never, never>;
}
export interface CaseTransitionTable {
  id: string;
  case_id: string;
  from_status: string;
  to_status: string;
  reason: string;
  actor_id: string;
  at: Generated<Date>;
}
export interface CaseAccessGrantTable {
  id: string;
  case_id: string;
  agency_id: string;
  parts: string[];
  source: string;
  source_id: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}
export interface AuditEventTable {
  id: Generated<number>;
  at: Generated<Date>;
  actor_id: string | null;
  actor_agency_id: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  /** The records one page of a list showed, when the event is that page's read (migration 0031). */
  record_ids: string[] | null;
  outcome: string;
  client_ip: string | null;
  details: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  seq: number | null;
  hash: string | null;
  /** Random, unique per event written by Lantern; covered by `mac`. */
  nonce: string | null;
  /** Keyed MAC over the event's content, computed by Lantern when it writes the event. */
  mac: string | null;
  /** Set by the sealer: 'lantern' | 'legacy' | 'forged'. */
  origin: string | null;
}
export interface AuditChainHeadTable {
  id: number;
  seq: number;
  hash: string;
  sealed_at: Date | null;
  /** Keyed MAC over the head (seq, hash, sealed_at, legacy_seq, legacy_until_id). */
  mac: string | null;
  /** Events up to this seq were sealed before writer MACs existed (migration 0009). */
  legacy_seq: number;
  /** Unsealed events up to this id predate migration 0009; null once the first sealing closed that window. */
  legacy_until_id: number | null;
}
export interface SchemaMigrationTable {
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface ConsentTable {
  id: string;
  case_id: string;
  purpose: string;
  agency_id: string | null;
  agency_kind: string | null;
  method: string;
  given_by: string;
  witness: string | null;
  recorded_by: string;
  recorded_at: Generated<Date>;
  withdrawn_at: Date | null;
  withdrawn_by: string | null;
  withdrawal_reason: string | null;
}
export interface ReferralTable {
  id: string;
  kind: 'referral' | 'transfer';
  case_id: string;
  from_agency_id: string;
  to_agency_id: string;
  purposes: string[];
  services: DefaultedArray;
  note: string | null;
  due_date: DateOnly;
  status: string;
  status_reason: string | null;
  status_cause: string | null;
  created_by: string;
  created_at: Generated<Date>;
  responded_by: string | null;
  responded_at: Date | null;
  closed_at: Date | null;
  version: Generated<number>;
}
export interface SupportPlanTable {
  case_id: string;
  risk_level: string;
  risk_factors: DefaultedArray;
  risk_notes: string | null;
  goals: string | null;
  version: Generated<number>;
  updated_by: string;
  updated_at: Timestamp;
}
export interface SupportServiceTable {
  id: string;
  case_id: string;
  type: string;
  provider_agency_id: string | null;
  status: string;
  planned_date: DateOnly | null;
  start_date: DateOnly | null;
  end_date: DateOnly | null;
  amount_vnd: number | null;
  notes: string | null;
  version: Generated<number>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}
export interface RepatriationGroupTable {
  id: string;
  return_date: DateOnly;
  country_from: string;
  border_gate: string;
  expected_count: number | null;
  notes: string | null;
  created_by: string;
  owner_agency_id: string;
  created_at: Generated<Date>;
}
export interface RepatriationTable {
  case_id: string;
  group_id: string | null;
  country_from: string;
  border_gate: string;
  return_date: DateOnly;
  travel_documents_checked: Generated<boolean>;
  escort: string | null;
  receiving_agency_id: string | null;
  version: Generated<number>;
  updated_by: string;
  updated_at: Timestamp;
}
export interface FollowUpVisitTable {
  id: string;
  case_id: string;
  scheduled_for: DateOnly;
  done_at: DateOnly | null;
  outcome: string | null;
  notes: string | null;
  created_by: string;
  version: Generated<number>;
  created_at: Generated<Date>;
}
export interface CaseNoteTable {
  id: string;
  case_id: string;
  author_id: string;
  author_agency_id: string;
  visibility: string;
  body: string;
  created_at: Generated<Date>;
}

export interface ScreeningEventTable {
  id: string;
  owner_agency_id: string;
  repatriation_group_id: string;
  border_gate: string;
  event_date: DateOnly;
  country_from: string;
  expected_count: number | null;
  agencies_present: DefaultedArray;
  created_by: string;
  created_at: Generated<Date>;
}
export interface ScreeningEventCaseTable {
  event_id: string;
  case_id: string;
  row_number: number;
}
export interface ScreeningTable {
  id: string;
  case_id: string;
  event_id: string | null;
  instrument: string;
  set_version: string;
  status: 'draft' | 'final';
  outcome: string;
  answers: string;
  result: string;
  health_answers: string | null;
  health_flags: DefaultedArray;
  location: string;
  conducted_at: Timestamp;
  interpreter_used: Generated<boolean>;
  notes: string | null;
  conducted_by: string;
  agency_id: string;
  superseded_by: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  finalised_at: Date | null;
}

export interface NameTokenTable {
  token: string;
}

export interface JobTable {
  id: string;
  kind: string;
  created_by: string;
  agency_id: string;
  client_ip: string | null;
  params: ColumnType<Record<string, unknown>, string, string>;
  state: ColumnType<'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled', string | undefined, string>;
  progress_done: ColumnType<number, number | undefined, number>;
  progress_total: ColumnType<number, number | undefined, number>;
  result: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  error_code: string | null;
  error_message: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  run_after: Timestamp;
  created_at: Generated<Date>;
  started_at: Date | null;
  stepped_at: Date | null;
  finished_at: Date | null;
  cancelled_by: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface JobItemTable {
  job_id: string;
  seq: number;
  payload: string;
}
type Json<T> = ColumnType<T, string, string>;
type JsonDefaulted<T> = ColumnType<T, string | undefined, string>;
type Counter = ColumnType<number, number | undefined, number>;
export interface DataImportTable {
  id: string;
  agency_id: string;
  created_by: string;
  file_name: string;
  format: string;
  charset: string | null;
  byte_size: ColumnType<string | number, number | undefined, number>;
  chunk_bytes: number;
  csv_part: Counter;
  total_rows: number | null;
  state: string;
  headers: ColumnType<string[] | null, string | null | undefined, string | null>;
  delimiter: string | null;
  chosen: JsonDefaulted<Record<string, string | null>>;
  mapping: ColumnType<Record<string, string | null> | null, string | null | undefined, string | null>;
  mapping_how: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  problems: JsonDefaulted<string[]>;
  encodings: JsonDefaulted<Record<string, string>>;
  preview: string | null;
  read_count: Counter;
  valid_count: Counter;
  rejected_count: Counter;
  imported_count: Counter;
  updated_count: Counter;
  data_offset: ColumnType<string | number, number | undefined, number>;
  data_line: Counter;
  position_offset: ColumnType<string | number, number | undefined, number>;
  position_line: Counter;
  pass_read: Counter;
  job_id: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}
export interface DataImportChunkTable {
  import_id: string;
  part: number;
  seq: number;
  bytes: Uint8Array;
}
export interface DataImportRejectTable {
  import_id: string;
  line: number;
  reasons: string;
  cells: string;
}
export interface SourceRecordTable {
  agency_id: string;
  source_id: string;
  person_id: string;
  case_id: string | null;
  import_id: string | null;
  file_name: string;
  line: number;
  first_imported_at: Timestamp;
  last_imported_at: Timestamp;
}
export interface AgencyImportMappingTable {
  agency_id: string;
  columns: Json<Record<string, string | null>>;
  updated_by: string;
  updated_at: Timestamp;
}
/** Migration 0024: the prosecution file of a case (issue 13 §4). */
export interface ProsecutionFileTable {
  case_id: string;
  witness_participation: boolean | null;
  witness_status: Generated<string>;
  protection_requested: DefaultedArray;
  protection_granted: DefaultedArray;
  compensation_claimed_vnd: number | null;
  compensation_awarded_vnd: number | null;
  victim_notes: string | null;
  version: Generated<number>;
  updated_by: string;
  updated_at: Timestamp;
}
export interface ProsecutionStepTable {
  id: string;
  case_id: string;
  kind: string;
  step_date: DateOnly;
  authority: string;
  authority_kind: string;
  authority_level: string;
  decision: string | null;
  document_number: string | null;
  reason: string | null;
  seq: number;
  recorded_by: string;
  recorded_at: Generated<Date>;
  updated_at: Timestamp;
}
export interface ProsecutionChargeTable {
  id: string;
  case_id: string;
  suspect_id: string;
  article: string;
  clause: string | null;
  other_article: string | null;
  outcome: string;
  recorded_by: string;
  recorded_at: Generated<Date>;
  updated_at: Timestamp;
}
export interface ProsecutionVerdictTable {
  id: string;
  case_id: string;
  suspect_id: string;
  instance: string;
  outcome: string;
  verdict_date: DateOnly;
  court: string;
  sentence_kind: string;
  prison_years: number | null;
  prison_months: number | null;
  fine_vnd: number | null;
  other_penalty: string | null;
  recorded_by: string;
  recorded_at: Generated<Date>;
}
export interface ProsecutionCourtDateTable {
  id: string;
  case_id: string;
  hearing_date: DateOnly;
  hearing: string;
  court: string;
  service_ids: DefaultedArray;
  recorded_by: string;
  recorded_at: Generated<Date>;
}

export interface DB {
  data_import: DataImportTable;
  data_import_chunk: DataImportChunkTable;
  data_import_reject: DataImportRejectTable;
  source_record: SourceRecordTable;
  agency_import_mapping: AgencyImportMappingTable;
  name_token: NameTokenTable;
  screening_event: ScreeningEventTable;
  screening_event_case: ScreeningEventCaseTable;
  screening: ScreeningTable;
  consent: ConsentTable;
  referral: ReferralTable;
  support_plan: SupportPlanTable;
  support_service: SupportServiceTable;
  repatriation_group: RepatriationGroupTable;
  repatriation: RepatriationTable;
  follow_up_visit: FollowUpVisitTable;
  case_note: CaseNoteTable;
  agency: AgencyTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  password_reset: PasswordResetTable;
  login_throttle: LoginThrottleTable;
  known_device: KnownDeviceTable;
  person: PersonTable;
  identity_document: IdentityDocumentTable;
  case_file: CaseFileTable;
  case_transition: CaseTransitionTable;
  case_access_grant: CaseAccessGrantTable;
  audit_event: AuditEventTable;
  audit_chain_head: AuditChainHeadTable;
  schema_migration: SchemaMigrationTable;
  job: JobTable;
  job_item: JobItemTable;
  linkage_run: LinkageRunTable;
  linkage_model: LinkageModelTable;
  linkage_state: LinkageStateTable;
  candidate_pair: CandidatePairTable;
  pair_decision: PairDecisionTable;
  person_cluster: PersonClusterTable;
  linkage_key: LinkageKeyTable;
  person_merge: PersonMergeTable;
  contact_request: ContactRequestTable;
  stat_fact: StatFactTable;
  stat_cube: StatCubeTable;
  stat_state: StatStateTable;
  statistics_release: StatisticsReleaseTable;
  privacy_budget: PrivacyBudgetTable;
  statistics_file: StatisticsFileTable;
  statistics_file_chunk: StatisticsFileChunkTable;
  attachment: AttachmentTable;
  notification: NotificationTable;
  notification_email: NotificationEmailTable;
  suspect: SuspectTable;
  organisation: OrganisationTable;
  identifier: IdentifierTable;
  case_suspect: CaseSuspectTable;
  suspect_link: SuspectLinkTable;
  suspect_organisation: SuspectOrganisationTable;
  case_organisation: CaseOrganisationTable;
  information_request: InformationRequestTable;
  information_request_referral: InformationRequestReferralTable;
  public_report: PublicReportTable;
  public_report_message: PublicReportMessageTable;
  public_report_event: PublicReportEventTable;
  public_report_photo: PublicReportPhotoTable;
  campaign_site: CampaignSiteTable;
  prosecution_file: ProsecutionFileTable;
  prosecution_step: ProsecutionStepTable;
  prosecution_charge: ProsecutionChargeTable;
  prosecution_verdict: ProsecutionVerdictTable;
  prosecution_court_date: ProsecutionCourtDateTable;
}
/** Migration 0020: notifications (issue 12 §1). */
export interface NotificationTable {
  id: string;
  user_id: string;
  kind: string;
  case_id: string | null;
  case_reference: string | null;
  referral_id: string | null;
  agency_code: string | null;
  actor_id: string | null;
  due_at: Date | null;
  created_at: Generated<Date>;
  read_at: Date | null;
  information_request_id: string | null;
}
export interface NotificationEmailTable {
  id: string;
  notification_id: string;
  recipient: string | null;
  language: string;
  attempts: Generated<number>;
  claimed_until: Date | null;
  sent_at: Date | null;
  failed_at: Date | null;
  created_at: Generated<Date>;
}
export interface LinkageRunTable {
  id: string;
  job_id: string | null;
  state: Generated<string>;
  phase: Generated<string>;
  cursor: string | null;
  owner: string | null;
  owner_seen_at: Date | null;
  records: Generated<number>;
  candidate_pairs: Generated<number>;
  auto_threshold: number;
  review_threshold: number;
  decisions_at: Date | null;
  started_at: Generated<Date>;
  finished_at: Date | null;
}
export interface LinkageModelTable {
  run_id: string;
  params: ColumnType<unknown, string, string>;
  created_at: Generated<Date>;
}
export interface LinkageStateTable {
  id: Generated<boolean>;
  current_run: string;
  key_rules: string | null;
}
export interface CandidatePairTable {
  id: string;
  run_id: string;
  person_a: string;
  person_b: string;
  probability: number;
  weight: number;
  fields: ColumnType<{ field: string; level: string; weight: number }[], string, string>;
}
export interface PairDecisionTable {
  id: string;
  person_a: string;
  person_b: string;
  seq: number;
  decision: string;
  probability: number;
  decided_by: string;
  decided_at: Generated<Date>;
}
export interface PersonClusterTable {
  run_id: string;
  person_id: string;
  cluster_id: string;
}
export interface LinkageKeyTable {
  key: string;
  person_id: string;
}
export interface PersonMergeTable {
  id: string;
  kept_person_id: string;
  merged_person_id: string;
  agency_id: string;
  moved_case_ids: ColumnType<string[], string[] | undefined, string[]>;
  moved_source_ids: ColumnType<string[], string[] | undefined, string[]>;
  merged_by: string;
  merged_at: Generated<Date>;
  undone_by: string | null;
  undone_at: Date | null;
}
export interface ContactRequestTable {
  id: string;
  person_id: string;
  agency_id: string;
  requested_by: string;
  note: string | null;
  created_at: Generated<Date>;
}

/** One counted thing for statistics (issue 11): codes only; rebuilt by the refresh job. */
export interface StatFactTable {
  kind: string;
  person_key: string;
  day: DateOnly;
  sex: string;
  age_band: string;
  minor: string;
  citizenship: string;
  province: string;
  exploitation_type: string;
  recruitment_channel: string;
  destination: string;
  reached_via: string;
  agency_kind: string;
  decision: string | null;
  deadline: string | null;
  verification_time: string | null;
  referral_outcome: string | null;
  response_time: string | null;
  to_agency_kind: string | null;
  purpose: string | null;
  service_type: string | null;
  service_status: string | null;
  screening_outcome: string | null;
  border_gate: string | null;
  follow_up_outcome: string | null;
}
/** Facts counted by month and by one or two dimensions (statistics/cube.ts). */
export interface StatCubeTable {
  kind: string;
  month: DateOnly;
  dim_a: string;
  val_a: string;
  dim_b: string;
  val_b: string;
  n: number;
  p: number;
}
export interface StatStateTable {
  id: Generated<boolean>;
  as_of: Date | null;
  persons: Generated<number>;
}
export interface StatisticsReleaseTable {
  id: string;
  user_id: string;
  at: Generated<Date>;
  indicator: string;
  mode: string;
  epsilon: number | null;
  query: ColumnType<unknown, string, string>;
  output: ColumnType<unknown, string, string>;
}
export interface PrivacyBudgetTable {
  user_id: string;
  period: string;
  budget: number;
  spent: Generated<number>;
}
/** Migration 0019: the HTCDS export's files, encrypted in chunks. */
export interface StatisticsFileTable {
  job_id: string;
  user_id: string;
  kind: 'htcds';
  k: number;
  phase: Generated<'plan' | 'write' | 'done'>;
  plan: string | null;
  cursor: string | null;
  chunks: Generated<number>;
  bytes: ColumnType<number, number | undefined, number>;
  restarts: Generated<number>;
  created_at: Generated<Date>;
  finished_at: Date | null;
}
export interface StatisticsFileChunkTable {
  job_id: string;
  seq: number;
  bytes: Uint8Array;
}

/** migrations/0022_attachments.sql: files attached to a case, a consent or a referral (encrypted). */
export interface AttachmentTable {
  id: string;
  case_id: string;
  consent_id: string | null;
  referral_id: string | null;
  part: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  content: Uint8Array;
  uploaded_by: string;
  uploader_agency_id: string;
  created_at: Generated<Date>;
}

/** Migration 0023: prosecution support — suspects, organisations, identifiers, links (issue 13). */
export interface SuspectTable {
  id: string;
  owner_agency_id: string;
  full_name: string | null;
  name_key: Generated<string>;
  aliases: ColumnType<string[], string | undefined, string>;
  sex: string;
  birth_year: number | null;
  nationality: string | null;
  notes: string | null;
  version: Generated<number>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface OrganisationTable {
  id: string;
  owner_agency_id: string;
  kind: string;
  name: string;
  name_key: Generated<string>;
  country: string | null;
  province: string | null;
  notes: string | null;
  version: Generated<number>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface IdentifierTable {
  id: string;
  kind: string;
  value: string;
  normalized: string;
  match_key: string;
  owner_agency_id: string;
  case_id: string | null;
  suspect_id: string | null;
  organisation_id: string | null;
  source: string;
  recorded_by: string;
  recorded_at: Generated<Date>;
}
export interface CaseSuspectTable {
  id: string;
  case_id: string;
  suspect_id: string;
  role: string;
  source: string;
  recorded_by: string;
  recorded_at: Generated<Date>;
}
export interface SuspectLinkTable {
  id: string;
  suspect_id: string;
  other_suspect_id: string;
  relation: string;
  source: string;
  recorded_by: string;
  recorded_at: Generated<Date>;
}
export interface SuspectOrganisationTable {
  id: string;
  suspect_id: string;
  organisation_id: string;
  role: string;
  source: string;
  recorded_by: string;
  recorded_at: Generated<Date>;
}
export interface CaseOrganisationTable {
  id: string;
  case_id: string;
  organisation_id: string;
  role: string;
  source: string;
  recorded_by: string;
  recorded_at: Generated<Date>;
}
export interface InformationRequestTable {
  id: string;
  requesting_agency_id: string;
  requested_by: string;
  holding_agency_id: string;
  identifier_id: string;
  case_id: string;
  message: string | null;
  status: string;
  status_reason: string | null;
  responded_by: string | null;
  responded_at: Date | null;
  version: Generated<number>;
  created_at: Generated<Date>;
}
export interface InformationRequestReferralTable {
  information_request_id: string;
  referral_id: string;
}
/** migrations/0025_public_reports.sql: anonymous public reports, their conversation and photos (issue 14). */
export interface PublicReportTable {
  id: string;
  channel: Generated<string>;
  site_code: string | null;
  language: string;
  content: string;
  minor_involved: boolean;
  immediate_danger: boolean;
  province_code: string | null;
  photo_count: Generated<number>;
  status: Generated<string>;
  assigned_to: string | null;
  triage_outcome: string | null;
  triage_reason: string | null;
  case_id: string | null;
  receipt_index: string | null;
  receipt_hash: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  version: Generated<number>;
  /** migrations/0029_report_triage.sql */
  duplicate_of: string | null;
  hotline_read_at: Date | null;
  created_by: string | null;
}
/** migrations/0029_report_triage.sql: each report's triage history (issue 14 §2). */
export interface PublicReportEventTable {
  id: string;
  report_id: string;
  action: string;
  actor_id: string;
  assignee_id: string | null;
  case_id: string | null;
  agency_id: string | null;
  duplicate_of: string | null;
  created_at: Generated<Date>;
}
export interface PublicReportMessageTable {
  id: string;
  report_id: string;
  sender: string;
  text: string;
  created_by: string | null;
  created_at: Generated<Date>;
}
/** migrations/0027_campaign_sites.sql: the campaign sites whose posters link to the report form (issue 14 §3). */
export interface CampaignSiteTable {
  id: string;
  code: string;
  name: string;
  kind: string;
  province_code: string | null;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  version: Generated<number>;
}
export interface PublicReportPhotoTable {
  id: string;
  report_id: string;
  media_type: string;
  size_bytes: number;
  content: Uint8Array;
  created_at: Generated<Date>;
}
