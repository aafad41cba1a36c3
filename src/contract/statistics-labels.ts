// Labels of the statistics (issue 11) in every UI language: each indicator's title and what it
// counts, each dimension's title and each value of its domain. Shared by the web app's dashboards,
// the national report (PDF) and the CSV/XLSX downloads. The code lists that already have labels
// (agency kinds, sex, exploitation types, …) are reused from ./reference/labels.ts; countries and
// provinces are named from the reference data. Every table is typed by its code list, so adding an
// indicator, a dimension or a code without labelling it in vi, en and fr fails to compile.
import type { Language } from './codes.js';
import { LABELS, type Labels } from './reference/labels.js';
// Types only: ./statistics imports the reference data, which the web bundle must not carry.
import type { DIMENSIONS, Dimension, IndicatorId, PeriodDimension } from './statistics.js';

const UNKNOWN = 'unknown';

export interface IndicatorLabels {
  /** A short title, e.g. for a chart. */
  title: Labels;
  /** One sentence saying what is counted. */
  description: Labels;
}

export const INDICATOR_LABELS: Readonly<Record<IndicatorId, IndicatorLabels>> = {
  persons_registered: {
    title: { vi: 'Người được tiếp nhận', en: 'Persons registered', fr: 'Personnes enregistrées' },
    description: {
      vi: 'Số người, mỗi người chỉ tính một lần vào lần tiếp nhận đầu tiên, kể cả khi nhiều cơ quan cùng tiếp nhận.',
      en: 'Distinct persons, each counted once at their first registration, even when several agencies know them.',
      fr: 'Personnes distinctes, chacune comptée une seule fois à sa première inscription, même si plusieurs organismes la connaissent.',
    },
  },
  victims_identified: {
    title: { vi: 'Nạn nhân được xác định', en: 'Victims identified', fr: 'Victimes identifiées' },
    description: {
      vi: 'Số người được xác định là nạn nhân bị mua bán, mỗi người chỉ tính một lần vào ngày được xác định đầu tiên.',
      en: 'Distinct persons identified as victims of trafficking, each counted once on the day of their first identification.',
      fr: 'Personnes distinctes identifiées comme victimes de la traite, chacune comptée une seule fois à sa première identification.',
    },
  },
  cases_registered: {
    title: { vi: 'Hồ sơ được tiếp nhận', en: 'Cases registered', fr: 'Dossiers enregistrés' },
    description: {
      vi: 'Số hồ sơ được mở; một người được hai cơ quan tiếp nhận có hai hồ sơ.',
      en: 'Case files opened; a person registered by two agencies has two cases.',
      fr: 'Dossiers ouverts ; une personne enregistrée par deux organismes a deux dossiers.',
    },
  },
  verification_decisions: {
    title: { vi: 'Kết luận xác minh', en: 'Verification decisions', fr: 'Décisions de vérification' },
    description: {
      vi: 'Số hồ sơ đã có kết luận xác minh (là hoặc không phải nạn nhân), so với thời hạn xác minh theo quy định.',
      en: 'Cases with a verification decision (victim or not), measured against the statutory verification period.',
      fr: 'Dossiers ayant reçu une décision de vérification (victime ou non), au regard du délai légal de vérification.',
    },
  },
  referrals: {
    title: { vi: 'Chuyển gửi', en: 'Referrals', fr: 'Orientations' },
    description: {
      vi: 'Số lượt chuyển gửi giữa các cơ quan, theo kết quả và thời gian phản hồi của cơ quan tiếp nhận.',
      en: "Referrals between agencies, by outcome and the receiving agency's response time.",
      fr: "Orientations entre organismes, selon leur issue et le délai de réponse de l'organisme destinataire.",
    },
  },
  services: {
    title: { vi: 'Dịch vụ hỗ trợ', en: 'Support services', fr: "Services d'assistance" },
    description: {
      vi: 'Số lượt dịch vụ hỗ trợ nạn nhân đã ghi nhận, theo loại dịch vụ và tình trạng thực hiện.',
      en: 'Support services recorded for victims, by type of service and status.',
      fr: "Services d'assistance enregistrés pour les victimes, par type de service et statut.",
    },
  },
  screenings: {
    title: { vi: 'Sàng lọc', en: 'Screenings', fr: 'Dépistages' },
    description: {
      vi: 'Số lượt sàng lọc dấu hiệu bị mua bán, theo kết quả và cửa khẩu.',
      en: 'Screenings for indicators of trafficking, by outcome and border gate.',
      fr: 'Dépistages des indicateurs de traite, par résultat et poste-frontière.',
    },
  },
  repatriations: {
    title: { vi: 'Hồi hương', en: 'Repatriations', fr: 'Rapatriements' },
    description: {
      vi: 'Số lượt người được tiếp nhận trở về từ nước ngoài, theo nước đến và cửa khẩu.',
      en: 'Persons returned from abroad, by destination country and border gate.',
      fr: "Personnes rapatriées de l'étranger, par pays de destination et poste-frontière.",
    },
  },
  follow_ups: {
    title: { vi: 'Theo dõi sau hỗ trợ', en: 'Follow-ups', fr: 'Suivis' },
    description: {
      vi: 'Số lượt theo dõi nạn nhân sau hỗ trợ, theo kết quả, trong đó có trường hợp bị mua bán lại.',
      en: 'Follow-up contacts with victims after support, by outcome, including re-trafficking.',
      fr: 'Suivis des victimes après assistance, par résultat, y compris une nouvelle traite.',
    },
  },
};

export const DIMENSION_LABELS: Readonly<Record<Dimension, Labels>> = {
  month: { vi: 'Tháng', en: 'Month', fr: 'Mois' },
  quarter: { vi: 'Quý', en: 'Quarter', fr: 'Trimestre' },
  year: { vi: 'Năm', en: 'Year', fr: 'Année' },
  province: { vi: 'Tỉnh, thành phố', en: 'Province', fr: 'Province' },
  exploitation_type: { vi: 'Hình thức bóc lột', en: 'Form of exploitation', fr: "Forme d'exploitation" },
  sex: { vi: 'Giới tính', en: 'Sex', fr: 'Sexe' },
  age_band: { vi: 'Nhóm tuổi', en: 'Age group', fr: "Tranche d'âge" },
  minor: { vi: 'Chưa thành niên, thành niên', en: 'Minor or adult', fr: 'Mineur ou majeur' },
  citizenship: { vi: 'Quốc tịch', en: 'Citizenship', fr: 'Nationalité' },
  recruitment_channel: { vi: 'Hình thức tuyển mộ, dụ dỗ', en: 'Recruitment channel', fr: 'Mode de recrutement' },
  destination: { vi: 'Nước đến', en: 'Destination country', fr: 'Pays de destination' },
  reached_via: { vi: 'Nguồn tiếp nhận', en: 'How the person was reached', fr: 'Voie de signalement' },
  agency_kind: { vi: 'Loại cơ quan', en: 'Kind of agency', fr: "Type d'organisme" },
  decision: { vi: 'Kết luận xác minh', en: 'Decision', fr: 'Décision' },
  deadline: { vi: 'Thời hạn xác minh', en: 'Verification deadline', fr: 'Délai de vérification' },
  verification_time: {
    vi: 'Thời gian từ tiếp nhận đến kết luận',
    en: 'Time from reception to decision',
    fr: 'Délai entre accueil et décision',
  },
  referral_outcome: { vi: 'Kết quả chuyển gửi', en: 'Referral outcome', fr: "Issue de l'orientation" },
  response_time: { vi: 'Thời gian phản hồi', en: 'Response time', fr: 'Délai de réponse' },
  to_agency_kind: { vi: 'Loại cơ quan tiếp nhận', en: 'Kind of receiving agency', fr: "Type d'organisme destinataire" },
  purpose: { vi: 'Mục đích chuyển gửi', en: 'Referral purpose', fr: "Objet de l'orientation" },
  service_type: { vi: 'Loại dịch vụ', en: 'Type of service', fr: 'Type de service' },
  service_status: { vi: 'Tình trạng dịch vụ', en: 'Service status', fr: 'Statut du service' },
  screening_outcome: { vi: 'Kết quả sàng lọc', en: 'Screening outcome', fr: 'Résultat du dépistage' },
  border_gate: { vi: 'Cửa khẩu', en: 'Border gate', fr: 'Poste-frontière' },
  follow_up_outcome: { vi: 'Kết quả theo dõi', en: 'Follow-up outcome', fr: 'Résultat du suivi' },
};

/** The codes of a dimension whose domain is a fixed list. */
type DomainCode<D extends Dimension> = (typeof DIMENSIONS)[D]['domain'] extends readonly (infer C extends string)[]
  ? C
  : never;
/** Dimensions named by other means: periods (formatted), provinces and countries (reference data), gates (data). */
type NamedElsewhere = PeriodDimension | 'province' | 'destination' | 'border_gate';
type ListedDimension = Exclude<Dimension, NamedElsewhere>;

const UNKNOWN_LABEL: Labels = { vi: 'Không rõ', en: 'Unknown', fr: 'Inconnu' };
const OTHER_COUNTRIES: Labels = { vi: 'Nước khác', en: 'Other countries', fr: 'Autres pays' };

const years = (range: string): Labels => ({ vi: `${range} tuổi`, en: `${range} years`, fr: `${range} ans` });
const days = (range: string): Labels => ({ vi: `${range} ngày`, en: `${range} days`, fr: `${range} jours` });

export const VALUE_LABELS: { readonly [D in ListedDimension]: Readonly<Record<DomainCode<D>, Labels>> } = {
  exploitation_type: { ...LABELS.exploitationType, unknown: UNKNOWN_LABEL },
  sex: LABELS.sex,
  age_band: {
    '0-11': years('0–11'),
    '12-17': years('12–17'),
    '18-24': years('18–24'),
    '25-34': years('25–34'),
    '35-49': years('35–49'),
    '50+': { vi: 'Từ 50 tuổi trở lên', en: '50 years and over', fr: '50 ans et plus' },
    unknown: UNKNOWN_LABEL,
  },
  minor: {
    minor: { vi: 'Chưa thành niên (dưới 18 tuổi)', en: 'Minor (under 18)', fr: 'Mineur (moins de 18 ans)' },
    adult: { vi: 'Thành niên (từ 18 tuổi)', en: 'Adult (18 and over)', fr: 'Majeur (18 ans et plus)' },
    unknown: UNKNOWN_LABEL,
  },
  citizenship: {
    vietnamese: { vi: 'Việt Nam', en: 'Vietnamese', fr: 'Vietnamienne' },
    foreign: { vi: 'Nước ngoài', en: 'Foreign', fr: 'Étrangère' },
    stateless: { vi: 'Không quốc tịch', en: 'Stateless', fr: 'Apatride' },
    unknown: UNKNOWN_LABEL,
  },
  recruitment_channel: { ...LABELS.recruitmentChannel, unknown: UNKNOWN_LABEL },
  reached_via: LABELS.caseSource,
  agency_kind: LABELS.agencyKind,
  decision: {
    identified_victim: LABELS.caseStatus.identified_victim,
    not_victim: LABELS.caseStatus.not_victim,
  },
  deadline: {
    within: { vi: 'Trong thời hạn', en: 'Within the deadline', fr: 'Dans le délai' },
    late: { vi: 'Quá thời hạn', en: 'Past the deadline', fr: 'Hors délai' },
  },
  verification_time: {
    '0-1': { vi: '0–1 ngày', en: '0–1 day', fr: '0–1 jour' },
    '2-3': days('2–3'),
    '4-7': days('4–7'),
    '8-30': days('8–30'),
    '31+': { vi: 'Trên 30 ngày', en: 'Over 30 days', fr: 'Plus de 30 jours' },
  },
  referral_outcome: LABELS.referralStatus,
  response_time: {
    same_day: { vi: 'Trong ngày', en: 'Same day', fr: 'Le jour même' },
    '1-2': days('1–2'),
    '3-7': days('3–7'),
    '8+': { vi: 'Từ 8 ngày trở lên', en: '8 days or more', fr: '8 jours ou plus' },
    no_response: { vi: 'Chưa phản hồi', en: 'No answer yet', fr: 'Sans réponse' },
  },
  to_agency_kind: LABELS.agencyKind,
  purpose: LABELS.referralPurpose,
  service_type: LABELS.serviceType,
  service_status: LABELS.serviceStatus,
  screening_outcome: LABELS.screeningOutcome,
  follow_up_outcome: LABELS.followUpOutcome,
};

export function indicatorLabel(id: IndicatorId, lang: Language): string {
  return INDICATOR_LABELS[id].title[lang];
}

export function indicatorDescription(id: IndicatorId, lang: Language): string {
  return INDICATOR_LABELS[id].description[lang];
}

export function dimensionLabel(id: Dimension, lang: Language): string {
  return DIMENSION_LABELS[id][lang];
}

const MONTHS: Record<Exclude<Language, 'vi'>, readonly string[]> = {
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  fr: ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'],
};
const ROMAN = ['I', 'II', 'III', 'IV'];

/** A period code (2026-03, 2026-Q1, 2026) as written in `lang`: "Tháng 3/2026", "Mar 2026", "mars 2026"… */
export function periodValueLabel(code: string, lang: Language): string {
  const month = /^(\d{4})-(\d{2})$/.exec(code);
  if (month) {
    const [, y, m] = month as unknown as [string, string, string];
    const n = Number(m);
    if (n < 1 || n > 12) return code;
    return lang === 'vi' ? `Tháng ${n}/${y}` : `${MONTHS[lang][n - 1]} ${y}`;
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(code);
  if (quarter) {
    const [, y, q] = quarter as unknown as [string, string, string];
    if (lang === 'vi') return `Quý ${ROMAN[Number(q) - 1]}/${y}`;
    return lang === 'en' ? `Q${q} ${y}` : `T${q} ${y}`;
  }
  return code;
}

/** Names of provinces (Vietnamese in every language) and countries (in the reader's language). */
export interface PlaceNames {
  province(code: string): string | undefined;
  country(code: string, lang: Language): string | undefined;
}

/**
 * The label of a value of a dimension in `lang`. Provinces and countries are named by `places`
 * (their code without it); border gates are named in the data and shown as they are; an
 * unexpected code is returned unchanged rather than hidden.
 */
export function statisticsValueLabel(dimension: Dimension, code: string, lang: Language, places?: PlaceNames): string {
  switch (dimension) {
    case 'month':
    case 'quarter':
    case 'year':
      return periodValueLabel(code, lang);
    case 'province':
      return code === UNKNOWN ? UNKNOWN_LABEL[lang] : (places?.province(code) ?? code);
    case 'destination':
      if (code === UNKNOWN) return UNKNOWN_LABEL[lang];
      if (code === 'other') return OTHER_COUNTRIES[lang];
      return places?.country(code, lang) ?? code;
    case 'border_gate':
      return code === UNKNOWN ? UNKNOWN_LABEL[lang] : code;
    default: {
      const table = VALUE_LABELS[dimension] as Readonly<Record<string, Labels>>;
      return table[code]?.[lang] ?? code;
    }
  }
}
