// Display labels for the fixed code lists, in every UI language. Lantern's own
// translations. Each table is typed Record<Code, Labels>, so adding a code to
// codes.ts without labelling it (or dropping a language) fails to compile.

import type {
  AgencyKind,
  CaseSource,
  CaseStatus,
  ExploitationType,
  FollowUpOutcome,
  IdentityDocumentType,
  Language,
  RecruitmentChannel,
  ReferralPurpose,
  Role,
  ServiceStatus,
  ServiceType,
  Sex,
} from '../codes.js';
import type { ReferralStatus } from '../referral-rules.js';
import type { Outcome as ScreeningOutcome } from '../screening.js';

export type Labels = Readonly<Record<Language, string>>;

export interface LabelTables {
  agencyKind: Readonly<Record<AgencyKind, Labels>>;
  role: Readonly<Record<Role, Labels>>;
  language: Readonly<Record<Language, Labels>>;
  sex: Readonly<Record<Sex, Labels>>;
  exploitationType: Readonly<Record<ExploitationType, Labels>>;
  recruitmentChannel: Readonly<Record<RecruitmentChannel, Labels>>;
  caseSource: Readonly<Record<CaseSource, Labels>>;
  identityDocumentType: Readonly<Record<IdentityDocumentType, Labels>>;
  caseStatus: Readonly<Record<CaseStatus, Labels>>;
  referralPurpose: Readonly<Record<ReferralPurpose, Labels>>;
  referralStatus: Readonly<Record<ReferralStatus, Labels>>;
  serviceType: Readonly<Record<ServiceType, Labels>>;
  serviceStatus: Readonly<Record<ServiceStatus, Labels>>;
  screeningOutcome: Readonly<Record<ScreeningOutcome, Labels>>;
  followUpOutcome: Readonly<Record<FollowUpOutcome, Labels>>;
}

export type LabelList = keyof LabelTables;
export type CodeOf<L extends LabelList> = keyof LabelTables[L] & string;

export const LABELS: LabelTables = {
  agencyKind: {
    police: { vi: 'Công an', en: 'Police', fr: 'Police' },
    border_guard: { vi: 'Bộ đội Biên phòng', en: 'Border Guard', fr: 'Garde-frontière' },
    coast_guard: { vi: 'Cảnh sát biển', en: 'Coast Guard', fr: 'Garde-côtes' },
    commune: { vi: 'Ủy ban nhân dân cấp xã', en: "Commune People's Committee", fr: 'Comité populaire de commune' },
    health: { vi: 'Cơ quan, cơ sở y tế', en: 'Health authority or facility', fr: 'Autorité ou établissement de santé' },
    social_services: { vi: 'Cơ quan công tác xã hội', en: 'Social services', fr: 'Services sociaux' },
    shelter: { vi: 'Cơ sở hỗ trợ nạn nhân (nhà tạm lánh)', en: 'Shelter', fr: "Centre d'hébergement" },
    ngo: {
      vi: 'Tổ chức phi chính phủ',
      en: 'Non-governmental organisation (NGO)',
      fr: 'Organisation non gouvernementale (ONG)',
    },
    international_org: { vi: 'Tổ chức quốc tế', en: 'International organisation', fr: 'Organisation internationale' },
    procuracy: { vi: 'Viện kiểm sát nhân dân', en: "People's Procuracy", fr: 'Parquet populaire' },
    court: { vi: 'Tòa án nhân dân', en: "People's Court", fr: 'Tribunal populaire' },
    ministry: {
      vi: 'Bộ, cơ quan ngang bộ',
      en: 'Ministry or ministerial-level agency',
      fr: 'Ministère ou organisme de rang ministériel',
    },
    hotline: { vi: 'Đường dây nóng', en: 'Hotline', fr: "Ligne d'assistance" },
  },
  role: {
    system_admin: { vi: 'Quản trị viên hệ thống', en: 'System administrator', fr: 'Administrateur système' },
    agency_admin: { vi: 'Quản trị viên cơ quan', en: 'Agency administrator', fr: "Administrateur d'organisme" },
    intake_officer: { vi: 'Cán bộ tiếp nhận', en: 'Intake officer', fr: "Agent d'accueil" },
    investigator: { vi: 'Điều tra viên', en: 'Investigator', fr: 'Enquêteur' },
    caseworker: { vi: 'Cán bộ quản lý ca', en: 'Caseworker', fr: 'Travailleur social référent' },
    health_screener: { vi: 'Cán bộ sàng lọc y tế', en: 'Health screener', fr: 'Agent de dépistage sanitaire' },
    hotline_operator: {
      vi: 'Tư vấn viên đường dây nóng',
      en: 'Hotline operator',
      fr: "Opérateur de ligne d'assistance",
    },
    prosecutor: { vi: 'Kiểm sát viên', en: 'Prosecutor', fr: 'Procureur' },
    partner: { vi: 'Đối tác', en: 'Partner', fr: 'Partenaire' },
    analyst: { vi: 'Chuyên viên phân tích', en: 'Analyst', fr: 'Analyste' },
    auditor: { vi: 'Cán bộ kiểm tra, giám sát', en: 'Auditor', fr: 'Auditeur' },
    data_steward: { vi: 'Cán bộ quản lý dữ liệu', en: 'Data steward', fr: 'Gestionnaire de données' },
    supervisor: { vi: 'Trưởng nhóm', en: 'Team lead', fr: "Chef d'équipe" },
  },
  language: {
    vi: { vi: 'Tiếng Việt', en: 'Vietnamese', fr: 'Vietnamien' },
    en: { vi: 'Tiếng Anh', en: 'English', fr: 'Anglais' },
    fr: { vi: 'Tiếng Pháp', en: 'French', fr: 'Français' },
  },
  sex: {
    female: { vi: 'Nữ', en: 'Female', fr: 'Féminin' },
    male: { vi: 'Nam', en: 'Male', fr: 'Masculin' },
    other: { vi: 'Khác', en: 'Other', fr: 'Autre' },
    unknown: { vi: 'Không rõ', en: 'Unknown', fr: 'Inconnu' },
  },
  // Vietnamese wording follows Law 53/2024/QH15 where it names the purpose.
  exploitationType: {
    forced_labour: { vi: 'Cưỡng bức lao động', en: 'Forced labour', fr: 'Travail forcé' },
    sexual_exploitation: { vi: 'Bóc lột tình dục', en: 'Sexual exploitation', fr: 'Exploitation sexuelle' },
    forced_criminality: {
      vi: 'Cưỡng bức phạm tội (lừa đảo trực tuyến)',
      en: 'Forced criminality (online scams)',
      fr: 'Criminalité forcée (escroqueries en ligne)',
    },
    organ_removal: { vi: 'Lấy bộ phận cơ thể người', en: 'Organ removal', fr: "Prélèvement d'organes" },
    fetus_or_baby_trafficking: {
      vi: 'Mua bán bào thai, trẻ sơ sinh',
      en: 'Trafficking of fetuses or newborns',
      fr: 'Traite de fœtus ou de nouveau-nés',
    },
    forced_marriage: { vi: 'Cưỡng ép kết hôn', en: 'Forced marriage', fr: 'Mariage forcé' },
    domestic_servitude: {
      vi: 'Cưỡng bức làm giúp việc gia đình',
      en: 'Domestic servitude',
      fr: 'Servitude domestique',
    },
    begging: { vi: 'Cưỡng bức ăn xin', en: 'Forced begging', fr: 'Mendicité forcée' },
    child_exploitation: { vi: 'Bóc lột trẻ em', en: 'Child exploitation', fr: "Exploitation d'enfants" },
    other: { vi: 'Hình thức bóc lột khác', en: 'Other form of exploitation', fr: "Autre forme d'exploitation" },
  },
  recruitmentChannel: {
    online_job_ad: {
      vi: 'Quảng cáo tuyển dụng trực tuyến',
      en: 'Online job advertisement',
      fr: "Offre d'emploi en ligne",
    },
    social_media: { vi: 'Mạng xã hội', en: 'Social media', fr: 'Réseaux sociaux' },
    messaging_app: { vi: 'Ứng dụng nhắn tin', en: 'Messaging app', fr: 'Application de messagerie' },
    acquaintance: { vi: 'Người quen', en: 'Acquaintance', fr: 'Connaissance' },
    family_member: { vi: 'Người thân trong gia đình', en: 'Family member', fr: 'Membre de la famille' },
    broker_or_agency: {
      vi: 'Môi giới hoặc công ty tuyển dụng',
      en: 'Broker or recruitment agency',
      fr: 'Intermédiaire ou agence de recrutement',
    },
    other: { vi: 'Khác', en: 'Other', fr: 'Autre' },
  },
  caseSource: {
    walk_in: { vi: 'Tự đến trình báo', en: 'Walk-in', fr: 'Présentation spontanée' },
    hotline: { vi: 'Đường dây nóng', en: 'Hotline', fr: "Ligne d'assistance" },
    police_operation: { vi: 'Hoạt động của lực lượng công an', en: 'Police operation', fr: 'Opération de police' },
    border_screening: { vi: 'Sàng lọc tại biên giới, cửa khẩu', en: 'Border screening', fr: 'Contrôle aux frontières' },
    repatriation: { vi: 'Hồi hương từ nước ngoài', en: 'Repatriation', fr: 'Rapatriement' },
    ngo_referral: { vi: 'Tổ chức phi chính phủ chuyển gửi', en: 'NGO referral', fr: 'Orientation par une ONG' },
    foreign_authority: {
      vi: 'Cơ quan có thẩm quyền nước ngoài chuyển giao',
      en: 'Foreign authority referral',
      fr: 'Transmission par une autorité étrangère',
    },
    other: { vi: 'Khác', en: 'Other', fr: 'Autre' },
  },
  identityDocumentType: {
    // Cards issued since 1 July 2024 are "thẻ căn cước"; older "căn cước công dân" stay valid.
    citizen_id_card: {
      vi: 'Thẻ căn cước (căn cước công dân)',
      en: 'Citizen identity card',
      fr: "Carte d'identité de citoyen",
    },
    passport: { vi: 'Hộ chiếu', en: 'Passport', fr: 'Passeport' },
    birth_certificate: { vi: 'Giấy khai sinh', en: 'Birth certificate', fr: 'Acte de naissance' },
    travel_document: { vi: 'Giấy tờ thông hành', en: 'Travel document', fr: 'Titre de voyage' },
    foreign_id: {
      vi: 'Giấy tờ tùy thân nước ngoài',
      en: 'Foreign identity document',
      fr: "Pièce d'identité étrangère",
    },
    other: { vi: 'Giấy tờ khác', en: 'Other document', fr: 'Autre document' },
  },
  caseStatus: {
    received: { vi: 'Đã tiếp nhận', en: 'Received', fr: 'Reçu' },
    // The person is being identified ("người đang trong quá trình xác định là nạn nhân").
    under_verification: { vi: 'Đang xác minh', en: 'Under verification', fr: 'En cours de vérification' },
    identified_victim: { vi: 'Đã xác định là nạn nhân', en: 'Identified victim', fr: 'Victime identifiée' },
    not_victim: { vi: 'Không phải nạn nhân', en: 'Not a victim', fr: 'Non reconnu comme victime' },
    in_support: { vi: 'Đang được hỗ trợ', en: 'Receiving support', fr: 'Accompagnement en cours' },
    closed: { vi: 'Đã đóng', en: 'Closed', fr: 'Clôturé' },
  },
  // The web app's catalogues take these lists from here (purpose.*, referralStatus.*, service.*,
  // serviceStatus.*, screening.outcome.*), and so do the statistics and the national report.
  referralPurpose: {
    shelter: { vi: 'Nơi tạm trú', en: 'Shelter', fr: 'Hébergement' },
    medical: { vi: 'Y tế', en: 'Medical', fr: 'Médical' },
    psychological: { vi: 'Tâm lý', en: 'Psychological', fr: 'Psychologique' },
    legal_aid: { vi: 'Trợ giúp pháp lý', en: 'Legal aid', fr: 'Aide juridique' },
    vocational: { vi: 'Học nghề', en: 'Vocational training', fr: 'Formation professionnelle' },
    financial: { vi: 'Hỗ trợ tài chính', en: 'Financial support', fr: 'Aide financière' },
    repatriation: { vi: 'Hồi hương', en: 'Repatriation', fr: 'Rapatriement' },
    investigation: { vi: 'Điều tra', en: 'Investigation', fr: 'Enquête' },
    prosecution: { vi: 'Truy tố', en: 'Prosecution', fr: 'Poursuites' },
    reintegration: { vi: 'Tái hòa nhập', en: 'Reintegration', fr: 'Réinsertion' },
  },
  referralStatus: {
    pending: { vi: 'Đang chờ', en: 'Pending', fr: 'En attente' },
    accepted: { vi: 'Đã chấp nhận', en: 'Accepted', fr: 'Acceptée' },
    declined: { vi: 'Bị từ chối', en: 'Declined', fr: 'Refusée' },
    completed: { vi: 'Đã hoàn thành', en: 'Completed', fr: 'Terminée' },
    revoked: { vi: 'Đã thu hồi', en: 'Revoked', fr: 'Révoquée' },
  },
  serviceType: {
    essential_needs: { vi: 'Nhu cầu thiết yếu', en: 'Essential needs', fr: 'Besoins essentiels' },
    accommodation: { vi: 'Chỗ ở', en: 'Accommodation', fr: 'Hébergement' },
    medical_care: { vi: 'Chăm sóc y tế', en: 'Medical care', fr: 'Soins médicaux' },
    psychological_support: { vi: 'Hỗ trợ tâm lý', en: 'Psychological support', fr: 'Soutien psychologique' },
    legal_aid: { vi: 'Trợ giúp pháp lý', en: 'Legal aid', fr: 'Aide juridique' },
    education_vocational: {
      vi: 'Giáo dục, học nghề',
      en: 'Education and vocational training',
      fr: 'Éducation et formation professionnelle',
    },
    financial_allowance: { vi: 'Trợ cấp', en: 'Financial allowance', fr: 'Allocation' },
    travel_home: { vi: 'Chi phí đi lại về nơi cư trú', en: 'Travel home', fr: 'Retour au domicile' },
    interpretation: { vi: 'Phiên dịch', en: 'Interpretation', fr: 'Interprétariat' },
    repatriation: { vi: 'Hồi hương', en: 'Repatriation', fr: 'Rapatriement' },
    reintegration: { vi: 'Tái hòa nhập', en: 'Reintegration', fr: 'Réinsertion' },
  },
  serviceStatus: {
    planned: { vi: 'Dự kiến', en: 'Planned', fr: 'Prévu' },
    in_progress: { vi: 'Đang thực hiện', en: 'In progress', fr: 'En cours' },
    provided: { vi: 'Đã cung cấp', en: 'Provided', fr: 'Fourni' },
    declined: { vi: 'Người được hỗ trợ từ chối', en: 'Declined by the person', fr: 'Refusé par la personne' },
    cancelled: { vi: 'Đã hủy', en: 'Cancelled', fr: 'Annulé' },
  },
  screeningOutcome: {
    presumed_victim: { vi: 'Được coi là nạn nhân', en: 'Presumed victim', fr: 'Victime présumée' },
    possible_victim: { vi: 'Có thể là nạn nhân', en: 'Possible victim', fr: 'Victime possible' },
    no_indicators_met: { vi: 'Chưa đủ dấu hiệu', en: 'No indicators met', fr: 'Aucun indicateur rempli' },
  },
  followUpOutcome: {
    stable: { vi: 'Ổn định', en: 'Stable', fr: 'Situation stable' },
    needs_support: { vi: 'Cần hỗ trợ thêm', en: 'Needs further support', fr: 'Besoin de soutien supplémentaire' },
    at_risk: { vi: 'Có nguy cơ', en: 'At risk', fr: 'À risque' },
    not_reached: { vi: 'Không liên lạc được', en: 'Could not be reached', fr: 'Injoignable' },
    re_trafficked: { vi: 'Bị mua bán lại', en: 'Re-trafficked', fr: 'De nouveau victime de la traite' },
  },
};

/** The label of `code` in list `list`, in `lang`. */
export function label<L extends LabelList>(list: L, code: CodeOf<L>, lang: Language): string {
  // The generic index does not narrow by itself; the signature already guarantees the entry exists.
  const table = LABELS[list] as Readonly<Record<string, Labels>>;
  const entry = table[code];
  if (!entry) throw new Error(`No label for ${list}.${code}`); // only reachable from untyped callers
  return entry[lang];
}
