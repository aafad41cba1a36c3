// Row types of the tables, for Kysely's typed queries. Mirrors migrations/*.sql.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DefaultedArray = ColumnType<string[], string[] | undefined, string[]>;
type DateOnly = string; // 'YYYY-MM-DD': both drivers are set to return dates as text

export interface AgencyTable {
  id: string; code: string; name: string; kind: string; province: string | null;
  disabled: Generated<boolean>; created_at: Generated<Date>;
}
export interface AppUserTable {
  id: string; email: string; display_name: string; agency_id: string; roles: string[]; language: Generated<string>;
  disabled: Generated<boolean>; password_hash: string; totp_secret: string | null; totp_pending: string | null;
  totp_last_step: number | null; version: Generated<number>; created_at: Generated<Date>; updated_at: Timestamp;
}
export interface UserSessionTable {
  token_hash: string; user_id: string; stage: 'full' | 'mfa_pending' | 'mfa_enrolment'; created_at: Generated<Date>;
  expires_at: Timestamp; revoked_at: Date | null; client_ip: string | null;
}
export interface LoginThrottleTable {
  key: string; failures: number; window_start: Timestamp; locked_until: Date | null;
}
export interface PersonTable {
  id: string; owner_agency_id: string; family_name: string | null; middle_name: string | null; given_name: string | null;
  aliases: ColumnType<string[], string | undefined, string>; name_key: string; sex: string; date_of_birth: DateOnly | null;
  estimated_age_years: number | null; age_estimated_on: DateOnly | null; citizenship: string; languages: DefaultedArray;
  contact: string | null; version: Generated<number>; created_by: string; created_at: Generated<Date>; updated_at: Timestamp;
}
export interface IdentityDocumentTable {
  id: string; person_id: string; type: string; number: string; number_hash: string; issuing_country: string | null;
}
export interface CaseFileTable {
  id: string; reference: string; person_id: string; owner_agency_id: string; assigned_user_id: string | null; status: string;
  exploitation_types: DefaultedArray; recruitment_channels: DefaultedArray; origin_province: string | null; transit_countries: DefaultedArray;
  destination_country: string | null; recruitment_date: DateOnly | null; exploitation_start_date: DateOnly | null;
  exit_date: DateOnly | null; return_date: DateOnly | null; reached_via: string; narrative: string | null;
  verification_due_at: Date | null; closure_reason: string | null; version: Generated<number>; created_by: string;
  created_at: Generated<Date>; updated_at: Timestamp;
}
export interface CaseTransitionTable {
  id: string; case_id: string; from_status: string; to_status: string; reason: string; actor_id: string; at: Generated<Date>;
}
export interface CaseAccessGrantTable {
  id: string; case_id: string; agency_id: string; parts: string[]; source: string; source_id: string | null;
  active: Generated<boolean>; created_at: Generated<Date>;
}
export interface AuditEventTable {
  id: Generated<number>; at: Generated<Date>; actor_id: string | null; actor_agency_id: string | null; action: string;
  record_type: string | null; record_id: string | null; outcome: string; client_ip: string | null;
  details: ColumnType<Record<string, unknown> | null, string | null, string | null>; seq: number | null; hash: string | null;
}
export interface AuditChainHeadTable { id: number; seq: number; hash: string }
export interface SchemaMigrationTable { name: string; checksum: string; applied_at: Generated<Date> }

export interface DB {
  agency: AgencyTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  login_throttle: LoginThrottleTable;
  person: PersonTable;
  identity_document: IdentityDocumentTable;
  case_file: CaseFileTable;
  case_transition: CaseTransitionTable;
  case_access_grant: CaseAccessGrantTable;
  audit_event: AuditEventTable;
  audit_chain_head: AuditChainHeadTable;
  schema_migration: SchemaMigrationTable;
}
