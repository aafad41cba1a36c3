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

// ---------------------------------------------------------------------------------------------
// The prosecution file (issue 13 §4). The order of the proceedings is in proceedings-rules.ts.

/**
 * The proceedings under the Criminal Procedure Code (2015), in their order: the report or denunciation
 * received, the initiation of the criminal case (khởi tố vụ án), of the accused (khởi tố bị can), the
 * conclusion of the investigation, the indictment by the procuracy (cáo trạng), the first-instance trial,
 * the appeal trial, the enforcement of the judgment.
 */
export const PROCEEDING_STEPS = [
  'report',
  'case_initiated',
  'accused_initiated',
  'investigation_concluded',
  'indictment',
  'first_instance_trial',
  'appeal_trial',
  'enforcement',
] as const;
/** The ends that stop the sequence: suspension (tạm đình chỉ, resumed by the next step) and dismissal (đình chỉ). */
export const PROCEEDING_ENDS = ['suspended', 'dismissed'] as const;
export const PROCEEDING_KINDS = [...PROCEEDING_STEPS, ...PROCEEDING_ENDS] as const;
export type ProceedingKind = (typeof PROCEEDING_KINDS)[number];

/** The steps a procuracy prosecutor of a case referred for prosecution records (with the verdicts). */
export const COURT_SIDE_STEPS = [
  'indictment',
  'first_instance_trial',
  'appeal_trial',
] as const satisfies readonly ProceedingKind[];

/** Who took a step. */
export const AUTHORITY_KINDS = [
  'police',
  'border_guard',
  'coast_guard',
  'procuracy',
  'court',
  'enforcement',
  'other',
] as const;
export type AuthorityKind = (typeof AUTHORITY_KINDS)[number];
export const AUTHORITY_LEVELS = ['central', 'high', 'provincial', 'regional', 'district', 'other'] as const;
export type AuthorityLevel = (typeof AUTHORITY_LEVELS)[number];

/** Penal Code (2015, amended 2017) articles charged in trafficking cases; 'other' with the article in words. */
export const PENAL_CODE_ARTICLES = [
  '150',
  '151',
  '152',
  '153',
  '154',
  '168',
  '169',
  '174',
  '322',
  '348',
  '349',
  'other',
] as const;
export type PenalCodeArticle = (typeof PENAL_CODE_ARTICLES)[number];

export const CHARGE_OUTCOMES = [
  'under_investigation',
  'indicted',
  'convicted',
  'acquitted',
  'dropped',
  'reclassified',
] as const;
export type ChargeOutcome = (typeof CHARGE_OUTCOMES)[number];

export const VERDICT_INSTANCES = ['first_instance', 'appeal'] as const;
export type VerdictInstance = (typeof VERDICT_INSTANCES)[number];
export const VERDICT_OUTCOMES = ['convicted', 'acquitted'] as const;
export type VerdictOutcome = (typeof VERDICT_OUTCOMES)[number];
/** The principal penalty (Penal Code art. 32), or none when acquitted. */
export const SENTENCE_KINDS = [
  'imprisonment',
  'life_imprisonment',
  'death',
  'suspended_sentence',
  'non_custodial_reform',
  'fine',
  'none',
] as const;
export type SentenceKind = (typeof SENTENCE_KINDS)[number];

/** The victim as a witness. */
export const WITNESS_STATUSES = ['not_asked', 'agreed', 'declined', 'summoned', 'testified', 'excused'] as const;
export type WitnessStatus = (typeof WITNESS_STATUSES)[number];
/** Protection of the victim and witnesses (CPC art. 484–486; Law 53/2024). */
export const PROTECTION_MEASURES = [
  'identity_confidentiality',
  'physical_protection',
  'relocation',
  'closed_hearing',
  'testimony_by_video',
  'other',
] as const;
export type ProtectionMeasure = (typeof PROTECTION_MEASURES)[number];
export const HEARING_KINDS = ['first_instance', 'appeal', 'other'] as const;
export type HearingKind = (typeof HEARING_KINDS)[number];

type Labelled = Readonly<{ vi: string; en: string; fr: string }>;
const lb = (vi: string, en: string, fr: string): Labelled => ({ vi, en, fr });

/** The proceedings in words (the dossier PDF and the web app). */
export const PROCEEDING_LABELS: Readonly<Record<ProceedingKind, Labelled>> = {
  report: lb('Tiếp nhận tố giác, tin báo', 'Report or denunciation received', 'Signalement ou dénonciation reçu'),
  case_initiated: lb('Khởi tố vụ án', 'Criminal case initiated', 'Ouverture de la procédure pénale'),
  accused_initiated: lb('Khởi tố bị can', 'Accused initiated', 'Mise en accusation de la personne'),
  investigation_concluded: lb('Kết thúc điều tra', 'Investigation concluded', "Clôture de l'enquête"),
  indictment: lb('Truy tố (cáo trạng)', 'Indictment', 'Acte d’accusation'),
  first_instance_trial: lb('Xét xử sơ thẩm', 'First-instance trial', 'Procès en première instance'),
  appeal_trial: lb('Xét xử phúc thẩm', 'Appeal trial', 'Procès en appel'),
  enforcement: lb('Thi hành án', 'Enforcement of the judgment', 'Exécution du jugement'),
  suspended: lb('Tạm đình chỉ', 'Suspended', 'Suspendu'),
  dismissed: lb('Đình chỉ', 'Dismissed', 'Classé (abandon des poursuites)'),
};

/** Penal Code articles in words. */
export const PENAL_CODE_ARTICLE_LABELS: Readonly<Record<PenalCodeArticle, Labelled>> = {
  '150': lb('Điều 150 – Tội mua bán người', 'Art. 150 – Trafficking in persons', 'Art. 150 – Traite des personnes'),
  '151': lb(
    'Điều 151 – Tội mua bán người dưới 16 tuổi',
    'Art. 151 – Trafficking in persons under 16',
    'Art. 151 – Traite de personnes de moins de 16 ans',
  ),
  '152': lb(
    'Điều 152 – Tội đánh tráo người dưới 01 tuổi',
    'Art. 152 – Swapping infants',
    'Art. 152 – Substitution de nourrissons',
  ),
  '153': lb(
    'Điều 153 – Tội chiếm đoạt người dưới 16 tuổi',
    'Art. 153 – Abducting persons under 16',
    'Art. 153 – Enlèvement de personnes de moins de 16 ans',
  ),
  '154': lb(
    'Điều 154 – Tội mua bán, chiếm đoạt mô hoặc bộ phận cơ thể người',
    'Art. 154 – Buying, selling or taking human tissue or organs',
    'Art. 154 – Trafic de tissus ou d’organes humains',
  ),
  '168': lb('Điều 168 – Tội cướp tài sản', 'Art. 168 – Robbery', 'Art. 168 – Vol avec violence'),
  '169': lb(
    'Điều 169 – Tội bắt cóc nhằm chiếm đoạt tài sản',
    'Art. 169 – Kidnapping for ransom',
    'Art. 169 – Enlèvement contre rançon',
  ),
  '174': lb('Điều 174 – Tội lừa đảo chiếm đoạt tài sản', 'Art. 174 – Fraud', 'Art. 174 – Escroquerie'),
  '322': lb(
    'Điều 322 – Tội tổ chức đánh bạc',
    'Art. 322 – Organising gambling',
    'Art. 322 – Organisation de jeux d’argent',
  ),
  '348': lb(
    'Điều 348 – Tội tổ chức, môi giới cho người khác xuất cảnh, nhập cảnh hoặc ở lại Việt Nam trái phép',
    'Art. 348 – Organising or brokering illegal exit from, entry into or stay in Viet Nam',
    'Art. 348 – Organisation ou intermédiation de sortie, d’entrée ou de séjour illégaux au Viet Nam',
  ),
  '349': lb(
    'Điều 349 – Tội tổ chức, môi giới cho người khác trốn đi nước ngoài hoặc ở lại nước ngoài trái phép',
    'Art. 349 – Organising or brokering illegal departure abroad or illegal stay abroad',
    'Art. 349 – Organisation ou intermédiation de départ ou de séjour illégaux à l’étranger',
  ),
  other: lb('Điều khác', 'Other article', 'Autre article'),
};
