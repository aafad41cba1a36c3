// Column headings and words of the list exports, in the reader's language (vi, en, fr),
// worded as the web app's screens word them.
import type { Language } from '../contract/codes.js';

const WORDS = {
  reference: { vi: 'Mã hồ sơ', en: 'Reference', fr: 'Référence' },
  name: { vi: 'Họ tên', en: 'Name', fr: 'Nom' },
  sex: { vi: 'Giới tính', en: 'Sex', fr: 'Sexe' },
  age: { vi: 'Tuổi', en: 'Age', fr: 'Âge' },
  minor: { vi: 'Trẻ em', en: 'Minor', fr: 'Mineur' },
  province: { vi: 'Tỉnh/thành', en: 'Province', fr: 'Province' },
  status: { vi: 'Trạng thái', en: 'Status', fr: 'Statut' },
  exploitation: { vi: 'Hình thức bóc lột', en: 'Exploitation', fr: 'Exploitation' },
  destination: { vi: 'Nước đến', en: 'Destination country', fr: 'Pays de destination' },
  assignee: { vi: 'Người phụ trách', en: 'Assigned to', fr: 'Attribué à' },
  verificationDue: { vi: 'Hạn xác minh', en: 'Verification due', fr: 'Échéance de vérification' },
  overdue: { vi: 'Quá hạn', en: 'Overdue', fr: 'En retard' },
  opened: { vi: 'Ngày mở', en: 'Opened', fr: 'Ouvert le' },
  kind: { vi: 'Loại', en: 'Kind', fr: 'Type' },
  fromAgency: { vi: 'Cơ quan gửi', en: 'From agency', fr: 'Agence d’origine' },
  toAgency: { vi: 'Cơ quan nhận', en: 'To agency', fr: 'Agence destinataire' },
  purposes: { vi: 'Mục đích', en: 'Purposes', fr: 'Objets' },
  dueDate: { vi: 'Hạn', en: 'Due', fr: 'Échéance' },
  sent: { vi: 'Ngày gửi', en: 'Sent', fr: 'Envoyé le' },
  responded: { vi: 'Ngày trả lời', en: 'Answered', fr: 'Répondu le' },
  row: { vi: 'Số thứ tự', en: 'Row', fr: 'Ligne' },
  caseStatus: { vi: 'Trạng thái hồ sơ', en: 'Case status', fr: 'Statut du dossier' },
  outcome: { vi: 'Kết quả sàng lọc', en: 'Screening outcome', fr: 'Résultat du dépistage' },
  healthFlags: { vi: 'Dấu hiệu sức khỏe', en: 'Health flags', fr: 'Signaux de santé' },
  referralNeeded: { vi: 'Cần chuyển gửi', en: 'Referral needed', fr: 'Orientation nécessaire' },
  at: { vi: 'Thời điểm', en: 'When', fr: 'Quand' },
  actor: { vi: 'Người thực hiện', en: 'Who', fr: 'Qui' },
  email: { vi: 'Thư điện tử', en: 'E-mail', fr: 'Courriel' },
  agency: { vi: 'Cơ quan', en: 'Agency', fr: 'Agence' },
  action: { vi: 'Hành động', en: 'Action', fr: 'Action' },
  recordType: { vi: 'Loại bản ghi', en: 'Record type', fr: 'Type d’enregistrement' },
  recordId: { vi: 'Mã định danh bản ghi', en: 'Record id', fr: 'Identifiant de l’enregistrement' },
  actorId: { vi: 'Mã định danh người thực hiện', en: 'Actor id', fr: 'Identifiant de l’auteur' },
  outcomeOfAction: { vi: 'Kết quả', en: 'Outcome', fr: 'Résultat' },
  clientIp: { vi: 'Địa chỉ IP', en: 'IP address', fr: 'Adresse IP' },
  origin: { vi: 'Nguồn ghi', en: 'Written by', fr: 'Écrit par' },
  forged: { vi: 'Không do Lantern ghi', en: 'Not written by Lantern', fr: 'Non écrit par Lantern' },
  details: { vi: 'Chi tiết', en: 'Details', fr: 'Détails' },
  seq: { vi: 'Số thứ tự', en: 'Sequence', fr: 'Séquence' },
  id: { vi: 'Mã sự kiện', en: 'Event id', fr: 'Identifiant' },
  yes: { vi: 'Có', en: 'Yes', fr: 'Oui' },
  no: { vi: 'Không', en: 'No', fr: 'Non' },
  outcome_success: { vi: 'Thành công', en: 'Success', fr: 'Réussi' },
  outcome_failure: { vi: 'Thất bại', en: 'Failure', fr: 'Échec' },
  outcome_denied: { vi: 'Bị từ chối', en: 'Denied', fr: 'Refusé' },
  outcome_allowed: { vi: 'Được phép', en: 'Allowed', fr: 'Autorisé' },
  outcome_not_found: {
    vi: 'Không tìm thấy hoặc không được xem',
    en: 'Not found or not visible',
    fr: 'Introuvable ou non visible',
  },
  referral: { vi: 'Chuyển gửi', en: 'Referral', fr: 'Orientation' },
  transfer: { vi: 'Chuyển giao', en: 'Transfer', fr: 'Transfert' },
  sheetCases: { vi: 'Hồ sơ', en: 'Cases', fr: 'Dossiers' },
  sheetInbox: { vi: 'Chuyển gửi đến', en: 'Referrals received', fr: 'Orientations reçues' },
  sheetOutbox: { vi: 'Chuyển gửi đi', en: 'Referrals sent', fr: 'Orientations envoyées' },
  sheetRoster: { vi: 'Danh sách người về', en: 'Returnees', fr: 'Personnes rapatriées' },
  sheetAccessLog: { vi: 'Nhật ký truy cập', en: 'Access log', fr: 'Journal des accès' },
  sheetAudit: { vi: 'Nhật ký kiểm tra', en: 'Audit trail', fr: 'Journal d’audit' },
} as const satisfies Record<string, Record<Language, string>>;

export type Word = keyof typeof WORDS;

/** A word of the exports in `language`. */
export function word(key: Word, language: Language): string {
  return WORDS[key][language];
}

/** Yes or no in `language`; nothing for an unknown. */
export function yesNo(value: boolean | null | undefined, language: Language): string | null {
  return value === null || value === undefined ? null : word(value ? 'yes' : 'no', language);
}

/** An audit event's outcome in words (as the access log and audit screens say it); an unknown one as it is. */
export function outcomeWord(outcome: string, language: Language): string {
  const key = `outcome_${outcome}`;
  return key in WORDS ? word(key as Word, language) : outcome;
}
