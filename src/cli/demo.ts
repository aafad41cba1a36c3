// `lantern demo`: loads a SYNTHETIC data set so that a new installation can be
// tried end to end. Every record goes through the same service functions as the
// API (validation, encryption, audit), acting as demo users of demo agencies, so
// the data looks exactly like data entered by hand.
import { DEMO_NETWORK_IDENTIFIERS, loadDemoNetwork } from '../prosecution/demo.js';
import { loadDemoReports } from '../reporting/demo.js';
import type { Actor } from '../platform/actor.js';
import { recordAudit } from '../access/audit.js';
import { createAgency, createUser, findAgencyByCode } from '../access/directory.js';
import { requiresSecondFactor } from '../access/account-policy.js';
import { generatePassword } from '../access/passwords.js';
import { canCreateCases } from '../access/policy.js';
import { canTriageReports } from '../access/reporting-policy.js';
import type { AppContext } from '../platform/context.js';
import { createCase, transitionCase } from '../registry/cases.js';
import { recordConsent } from '../assistance/consent.js';
import { actOnReferral, createReferral } from '../assistance/referrals.js';
import { addDays, calendarDate, today } from '../contract/calendar.js';
import { ageInYears, isMinor } from '../contract/age.js';
import { checkTransition } from '../access/policy.js';
import { createPerson } from '../registry/persons.js';
import { refreshFacts } from '../statistics/facts.js';
import {
  CASE_STATUSES,
  PROVINCES,
  countryName,
  label,
  type AgencyKind,
  type CaseSource,
  type CaseStatus,
  type ExploitationType,
  type Language,
  type RecruitmentChannel,
  type ReferralPurpose,
  type Role,
} from '../contract/reference/index.js';
import {
  caseCreateSchema,
  personCreateSchema,
  type CaseCreate,
  type PersonCreate,
} from '../contract/schemas/registry.js';
import {
  between,
  chance,
  isoDaysAgo,
  makePerson,
  mulberry32,
  pick,
  weighted,
  type Nationality,
  type Rng,
} from '../platform/demo-names.js';

/** Its presence means the demo set is loaded; created first so that even a half-finished load is refused. */
const MARKER = 'DEMO-CA-LC';
const DOMAIN = 'demo.lantern.invalid'; // .invalid can never be a real mail domain

interface DemoAgency {
  code: string;
  slug: string;
  kind: AgencyKind;
  province: string;
  name: string;
  language?: Language;
  users: [string, Role[]][];
}

// Intake roles first in each list: they register the persons and open the cases.
const DEMO_AGENCIES: readonly DemoAgency[] = [
  {
    code: MARKER,
    slug: 'police-laocai',
    kind: 'police',
    province: 'lao-cai',
    name: 'Công an tỉnh Lào Cai – Phòng Cảnh sát hình sự (dữ liệu mẫu)',
    users: [['investigator', ['investigator']]],
  },
  {
    code: 'DEMO-CA-HN',
    slug: 'police',
    kind: 'police',
    province: 'ha-noi',
    name: 'Công an thành phố Hà Nội – Phòng Cảnh sát hình sự (dữ liệu mẫu)',
    users: [
      ['intake', ['intake_officer']],
      ['investigator', ['investigator']],
      ['admin', ['agency_admin']],
    ],
  },
  {
    code: 'DEMO-BP-TN',
    slug: 'border',
    kind: 'border_guard',
    province: 'tay-ninh',
    name: 'Đồn Biên phòng Cửa khẩu Quốc tế Mộc Bài (dữ liệu mẫu)',
    users: [
      ['intake', ['intake_officer']],
      ['investigator', ['investigator']],
    ],
  },
  {
    code: 'DEMO-YT-LC',
    slug: 'health',
    kind: 'health',
    province: 'lao-cai',
    name: 'Trạm Kiểm dịch y tế Cửa khẩu Quốc tế Lào Cai (dữ liệu mẫu)',
    users: [['screener', ['health_screener']]],
  },
  {
    code: 'DEMO-XH-HN',
    slug: 'social',
    kind: 'social_services',
    province: 'ha-noi',
    name: 'Trung tâm Công tác xã hội – Cơ sở hỗ trợ nạn nhân (dữ liệu mẫu)',
    users: [['caseworker', ['caseworker']]],
  },
  {
    code: 'DEMO-DDN',
    slug: 'hotline',
    kind: 'hotline',
    province: 'ha-noi',
    name: 'Tổng đài quốc gia 111 – hỗ trợ nạn nhân mua bán người (dữ liệu mẫu)',
    users: [['operator', ['hotline_operator']]],
  },
  {
    code: 'DEMO-NGO-HN',
    slug: 'ngo',
    kind: 'ngo',
    province: 'ha-noi',
    name: 'Tổ chức Ánh Dương – hỗ trợ tái hòa nhập (dữ liệu mẫu)',
    users: [['partner', ['partner']]],
  },
  {
    code: 'DEMO-IO-HN',
    slug: 'intl',
    kind: 'international_org',
    province: 'ha-noi',
    name: 'Tổ chức quốc tế hỗ trợ người di cư – Văn phòng Việt Nam (dữ liệu mẫu)',
    language: 'en',
    users: [['partner', ['partner']]],
  },
  {
    code: 'DEMO-VKS-HN',
    slug: 'procuracy',
    kind: 'procuracy',
    province: 'ha-noi',
    name: 'Viện kiểm sát nhân dân thành phố Hà Nội (dữ liệu mẫu)',
    users: [['prosecutor', ['prosecutor']]],
  },
  {
    code: 'DEMO-BO-HN',
    slug: 'ministry',
    kind: 'ministry',
    province: 'ha-noi',
    name: 'Bộ Công an – Cơ quan thường trực phòng, chống mua bán người (dữ liệu mẫu)',
    users: [
      ['auditor', ['auditor']],
      ['analyst', ['analyst']],
      ['data-steward', ['data_steward']],
    ],
  },
];

// ---- Cases: scenarios weighted to what Vietnamese agencies actually see ----
// Scam compounds in Cambodia, Myanmar and Laos dominate (mostly young men
// recruited online); then women and girls sold to China for sex or marriage.

interface Scenario {
  weight: number;
  types: ExploitationType[];
  also?: [ExploitationType, number];
  dest: (string | null)[];
  transit: string[][];
  channels: RecruitmentChannel[];
  female: number;
  minor: number;
  ages: [number, number];
  months: [number, number];
  /** Likely provinces of origin ([] = anywhere). */
  origins: string[];
  owners: [string, number][];
  via: CaseSource[];
  story: string;
}
const MOUNTAINS = ['lao-cai', 'tuyen-quang', 'dien-bien', 'lai-chau', 'son-la', 'cao-bang', 'lang-son', 'thai-nguyen'];
const NORTH = [...MOUNTAINS, 'thanh-hoa', 'nghe-an', 'phu-tho'];
const SCAM_ORIGINS = [
  'nghe-an',
  'ha-tinh',
  'thanh-hoa',
  'an-giang',
  'dong-thap',
  'tay-ninh',
  'ho-chi-minh',
  'can-tho',
  'ca-mau',
  'hai-phong',
  'bac-ninh',
  'vinh-long',
];
const ONLINE: RecruitmentChannel[] = ['online_job_ad', 'social_media', 'messaging_app'];
const scam = (
  dest: string,
  transit: string[][],
  owners: [string, number][],
  via: CaseSource[],
  weight: number,
  story: string,
): Scenario => ({
  weight,
  types: ['forced_criminality'],
  also: ['forced_labour', 0.2],
  dest: [dest],
  transit,
  channels: ONLINE,
  female: 0.2,
  minor: 0.05,
  ages: [18, 35],
  months: [1, 18],
  origins: SCAM_ORIGINS,
  owners,
  via,
  story,
});

const SCENARIOS = {
  scamKh: scam(
    'KH',
    [[]],
    [
      ['DEMO-BP-TN', 6],
      ['DEMO-CA-HN', 1],
      ['DEMO-XH-HN', 0.5],
      ['DEMO-DDN', 0.5],
    ],
    ['border_screening', 'repatriation', 'foreign_authority'],
    34,
    'Được hứa việc làm lương cao qua mạng, bị đưa sang {dest}, giữ trong khu nhà có bảo vệ, bị thu hộ chiếu và ép lừa đảo trực tuyến theo chỉ tiêu; bị đánh khi không đạt.',
  ),
  scamMm: scam(
    'MM',
    [['TH'], ['LA', 'TH']],
    [['DEMO-CA-HN', 1]],
    ['repatriation', 'foreign_authority'],
    9,
    'Nhận lời làm nhân viên chăm sóc khách hàng, bị đưa qua Thái Lan vào vùng biên giới {dest}; bị bán qua nhiều công ty, ép làm "việc online" 14 giờ mỗi ngày, gia đình bị đòi tiền chuộc.',
  ),
  scamLa: scam(
    'LA',
    [[]],
    [
      ['DEMO-CA-HN', 2],
      ['DEMO-DDN', 0.5],
    ],
    ['repatriation', 'border_screening'],
    5,
    'Bạn quen trên mạng xã hội rủ sang {dest} làm việc nhẹ lương cao; bị giữ trong đặc khu kinh tế, ép lừa đảo qua mạng, được giải cứu và bàn giao qua cửa khẩu.',
  ),
  sexualCn: {
    weight: 13,
    types: ['sexual_exploitation'],
    dest: ['CN'],
    transit: [[]],
    channels: ['social_media', 'acquaintance', 'messaging_app'],
    female: 0.97,
    minor: 0.2,
    ages: [18, 30],
    months: [1, 24],
    origins: NORTH,
    owners: [
      ['DEMO-CA-LC', 3],
      ['DEMO-YT-LC', 2],
      ['DEMO-XH-HN', 0.5],
      ['DEMO-DDN', 0.3],
    ],
    via: ['repatriation', 'border_screening', 'foreign_authority'],
    story:
      'Người quen rủ sang {dest} làm phục vụ nhà hàng; qua biên giới bằng đường mòn, bị bán cho cơ sở mại dâm, bị giam giữ và cưỡng ép bán dâm.',
  },
  marriageCn: {
    weight: 10,
    types: ['forced_marriage'],
    also: ['domestic_servitude', 0.2],
    dest: ['CN'],
    transit: [[]],
    channels: ['acquaintance', 'family_member', 'social_media'],
    female: 1,
    minor: 0.25,
    ages: [18, 30],
    months: [6, 72],
    origins: NORTH,
    owners: [
      ['DEMO-CA-LC', 3],
      ['DEMO-YT-LC', 1],
      ['DEMO-XH-HN', 0.5],
    ],
    via: ['repatriation', 'foreign_authority', 'border_screening'],
    story:
      'Được rủ đi chơi chợ phiên rồi bị đưa qua biên giới, bán cho một gia đình ở {dest} làm vợ; không được liên lạc với gia đình, tự trốn ra đồn công an sở tại.',
  },
  forcedLabour: {
    weight: 10,
    types: ['forced_labour'],
    dest: ['CN', 'MY', 'AO', 'RU', 'TH'],
    transit: [[]],
    channels: ['broker_or_agency', 'online_job_ad', 'acquaintance'],
    female: 0.35,
    minor: 0.08,
    ages: [18, 50],
    months: [2, 36],
    origins: [],
    owners: [
      ['DEMO-CA-HN', 3],
      ['DEMO-XH-HN', 1],
      ['DEMO-DDN', 0.5],
    ],
    via: ['walk_in', 'repatriation', 'ngo_referral'],
    story:
      'Qua công ty môi giới đi làm ở {dest} theo hợp đồng hứa hẹn; bị giữ giấy tờ, làm việc không lương để trả "nợ" chi phí, bị đe dọa nếu bỏ trốn.',
  },
  sexualOther: {
    weight: 5,
    types: ['sexual_exploitation'],
    dest: ['MY', 'KH'],
    transit: [[]],
    channels: ['social_media', 'online_job_ad', 'acquaintance'],
    female: 1,
    minor: 0.2,
    ages: [18, 28],
    months: [1, 12],
    origins: [],
    owners: [
      ['DEMO-CA-HN', 2],
      ['DEMO-XH-HN', 1],
    ],
    via: ['police_operation', 'ngo_referral', 'walk_in'],
    story: 'Được tuyển làm nhân viên quán karaoke ở {dest}; bị giữ hộ chiếu, bị ép tiếp khách và bán dâm để trả nợ.',
  },
  child: {
    weight: 4,
    types: ['child_exploitation'],
    also: ['begging', 0.4],
    dest: [null],
    transit: [[]],
    channels: ['acquaintance', 'family_member'],
    female: 0.5,
    minor: 1,
    ages: [10, 17],
    months: [1, 12],
    origins: MOUNTAINS,
    owners: [
      ['DEMO-CA-HN', 2],
      ['DEMO-XH-HN', 2],
      ['DEMO-DDN', 1],
    ],
    via: ['police_operation', 'hotline', 'ngo_referral'],
    story:
      'Trẻ được người quen đưa từ quê lên thành phố với lời hứa học nghề; bị ép bán hàng rong, xin tiền trên phố và bị đánh khi không nộp đủ tiền.',
  },
  organ: {
    weight: 2,
    types: ['organ_removal'],
    dest: ['KH', 'CN'],
    transit: [[]],
    channels: ['social_media', 'messaging_app'],
    female: 0.3,
    minor: 0,
    ages: [20, 45],
    months: [0, 2],
    origins: [],
    owners: [['DEMO-CA-HN', 1]],
    via: ['police_operation', 'walk_in'],
    story:
      'Vì nợ nần, liên hệ một nhóm "hiến thận" trên mạng xã hội; được đưa sang {dest}, bị lấy một quả thận và chỉ được trả một phần số tiền đã hứa.',
  },
  baby: {
    weight: 2,
    types: ['fetus_or_baby_trafficking'],
    dest: ['CN'],
    transit: [[]],
    channels: ['social_media', 'messaging_app'],
    female: 1,
    minor: 0.1,
    ages: [18, 30],
    months: [3, 9],
    origins: NORTH,
    owners: [['DEMO-CA-LC', 1]],
    via: ['police_operation', 'border_screening'],
    story:
      'Mang thai khi đang khó khăn, được một nhóm trên mạng hứa trả tiền nếu sang {dest} sinh con rồi giao con cho người khác; bị giám sát đến khi sinh.',
  },
} satisfies Record<string, Scenario>;
const ALL_SCENARIOS: [Scenario, number][] = Object.values(SCENARIOS).map((s) => [s, s.weight]);
const ENDINGS = [
  'Đã được khám sức khỏe ban đầu.',
  'Gia đình đã được thông báo.',
  'Lo sợ bị trả thù nên chưa muốn khai về đối tượng.',
  'Mong muốn được học nghề khi về địa phương.',
  'Có vết thương cũ ở tay, đã được sơ cứu.',
];

// Transition reasons are stored in plain text: never personal details in them.
const REASONS: Record<string, string[]> = {
  under_verification: [
    'Đã tiếp nhận và lấy thông tin ban đầu; tiến hành xác minh.',
    'Sàng lọc ban đầu có dấu hiệu bị mua bán; chuyển xác minh.',
  ],
  identified_victim: [
    'Kết quả xác minh: đủ căn cứ xác định là nạn nhân bị mua bán.',
    'Lời khai và tài liệu thu thập phù hợp; xác định là nạn nhân.',
  ],
  not_victim: ['Kết quả xác minh: không đủ căn cứ xác định là nạn nhân (tự nguyện đi làm, không bị cưỡng ép).'],
  in_support: [
    'Bắt đầu hỗ trợ: nơi ở tạm thời, chăm sóc y tế, hỗ trợ tâm lý.',
    'Lập kế hoạch hỗ trợ; giới thiệu trợ giúp pháp lý và học nghề.',
  ],
  'in_support>closed': [
    'Đã hoàn thành hỗ trợ; đã về địa phương tái hòa nhập cộng đồng.',
    'Hoàn thành kế hoạch hỗ trợ; chuyển theo dõi về địa phương.',
  ],
  'not_victim>closed': ['Đã thông báo kết quả xác minh; kết thúc hồ sơ.'],
  'received>closed': [
    'Trùng với hồ sơ đã có; đóng hồ sơ này.',
    'Người được tiếp nhận từ chối tiếp tục làm việc và đã rời đi.',
  ],
};
const ROUTES: Record<Exclude<CaseStatus, 'closed'>, CaseStatus[]> = {
  received: [],
  under_verification: ['under_verification'],
  identified_victim: ['under_verification', 'identified_victim'],
  not_victim: ['under_verification', 'not_victim'],
  in_support: ['under_verification', 'identified_victim', 'in_support'],
};
const CLOSE_ROUTES: [CaseStatus[], number][] = [
  [[...ROUTES.in_support, 'closed'], 6],
  [[...ROUTES.not_victim, 'closed'], 2.5],
  [['closed'], 1.5],
];

/**
 * The steps a case takes, by how long ago it was registered: the newest are still being
 * verified within the deadline; those of the past weeks are decided or, some, overdue; older
 * ones are mostly decided, in support or closed, a few left overdue. The path stops where the
 * owner agency's roles stop.
 */
function planPath(rng: Rng, roles: Role[], ageDays: number): { to: CaseStatus; reason: string }[] {
  const target = weighted<CaseStatus>(
    rng,
    ageDays < 3
      ? [
          ['received', 1],
          ['under_verification', 2],
        ]
      : ageDays < 45
        ? [
            ['received', 0.3],
            ['under_verification', 1],
            ['identified_victim', 2],
            ['not_victim', 1],
            ['in_support', 2.5],
          ]
        : [
            ['under_verification', 0.15],
            ['identified_victim', 1],
            ['not_victim', 1.2],
            ['in_support', 2.5],
            ['closed', 4],
          ],
  );
  const steps = target === 'closed' ? weighted(rng, CLOSE_ROUTES) : ROUTES[target];
  const path: { to: CaseStatus; reason: string }[] = [];
  let from: CaseStatus = 'received';
  for (const to of steps) {
    if (!checkTransition(from, to, roles).ok) break;
    path.push({ to, reason: pick(rng, REASONS[`${from}>${to}`] ?? REASONS[to]!) });
    from = to;
  }
  return path;
}

/** Days after registration of each step: verification the same day, decisions mostly within the deadline. */
function planStepDays(rng: Rng, path: { to: CaseStatus }[], ageDays: number): number[] {
  let day = 0;
  let from: CaseStatus = 'received';
  return path.map(({ to }) => {
    if (to === 'identified_victim' || to === 'not_victim')
      day += chance(rng, 0.8) ? between(rng, 1, 3) : between(rng, 4, 12);
    else if (to === 'in_support') day += between(rng, 0, 4);
    else if (to === 'closed') day += from === 'in_support' ? between(rng, 45, 300) : between(rng, 1, 10);
    from = to;
    return Math.min(day, ageDays);
  });
}

// Who takes referrals in the demo, and for what.
const REFERRAL_PURPOSES_OF: Record<string, ReferralPurpose[]> = {
  'DEMO-XH-HN': ['shelter', 'medical', 'psychological'],
  'DEMO-NGO-HN': ['vocational', 'reintegration', 'legal_aid'],
  'DEMO-IO-HN': ['repatriation', 'reintegration', 'financial'],
};
const DECLINE_REASONS = [
  'Cơ sở đã hết chỗ trong thời gian này; đề nghị chuyển đến cơ sở khác.',
  'Nhu cầu hỗ trợ không thuộc phạm vi chương trình hiện có.',
];

interface DemoReferral {
  to: string;
  purposes: ReferralPurpose[];
  /** Days after registration it was sent, and answered. */
  sentDay: number;
  answerDay: number;
  outcome: 'pending' | 'accepted' | 'declined' | 'completed';
}

/** A referral for an open case of an identified victim (two in three): recent ones pending, older ones answered. */
function planReferral(rng: Rng, owner: string, path: { to: CaseStatus }[], stepDays: number[], ageDays: number) {
  const final = path.at(-1)?.to;
  if ((final !== 'identified_victim' && final !== 'in_support') || !chance(rng, 0.65)) return null;
  const to =
    owner === 'DEMO-XH-HN'
      ? weighted(rng, [
          ['DEMO-NGO-HN', 2],
          ['DEMO-IO-HN', 1],
        ])
      : weighted(rng, [
          ['DEMO-XH-HN', 3],
          ['DEMO-NGO-HN', 1.5],
          ['DEMO-IO-HN', 1],
        ]);
  const purposes = [...new Set([pick(rng, REFERRAL_PURPOSES_OF[to]!), pick(rng, REFERRAL_PURPOSES_OF[to]!)])];
  const sentDay = Math.min(ageDays, stepDays.at(-1)! + between(rng, 0, 3));
  const outcome: DemoReferral['outcome'] =
    ageDays - sentDay < 4
      ? weighted(rng, [
          ['pending', 4],
          ['accepted', 1],
        ])
      : weighted(rng, [
          ['accepted', 4],
          ['declined', 1.5],
          ['completed', final === 'in_support' ? 1.5 : 0],
          ['pending', 2], // unanswered past its due date: the sender's "overdue referrals"
        ]);
  return { to, purposes, sentDay, answerDay: Math.min(ageDays, sentDay + between(rng, 0, 4)), outcome };
}

interface DemoRecord {
  owner: string;
  person: PersonCreate;
  assign: boolean;
  /** Days ago the case was registered (up to 18 months), and the hours past midnight UTC. */
  registeredDaysAgo: number;
  registeredHour: number;
  path: { to: CaseStatus; reason: string }[];
  stepDays: number[];
  referral: DemoReferral | null;
  case: Omit<CaseCreate, 'personId'> & { exploitationTypes: ExploitationType[] };
}

/** One synthetic person with one case; all randomness comes from `rng`, so a seed reproduces the set. */
function makeRecord(rng: Rng): DemoRecord {
  const nationality = weighted<Nationality>(rng, [
    ['VN', 93],
    ['stateless', 2],
    ['KH', 2],
    ['LA', 1.5],
    ['CN', 1.5],
  ]);
  const foreign = nationality === 'KH' || nationality === 'LA' || nationality === 'CN';
  // Cambodian and Lao women are sold through Viet Nam to China; Chinese men turn up among scam-compound returnees.
  const s: Scenario =
    nationality === 'CN'
      ? SCENARIOS.scamKh
      : foreign
        ? pick(rng, [SCENARIOS.sexualCn, SCENARIOS.marriageCn])
        : weighted(rng, ALL_SCENARIOS);
  const sex = nationality === 'CN' ? 'male' : foreign || chance(rng, s.female) ? 'female' : 'male';
  const provinceCode = foreign
    ? null
    : nationality === 'stateless'
      ? pick(rng, ['an-giang', 'tay-ninh', 'dong-thap'])
      : s.origins.length && chance(rng, 0.8)
        ? pick(rng, s.origins)
        : pick(rng, PROVINCES).code;
  const province = PROVINCES.find((p) => p.code === provinceCode) ?? null;
  const minority = provinceCode !== null && MOUNTAINS.includes(provinceCode) && chance(rng, s.female > 0.9 ? 0.6 : 0.3);
  const age = chance(rng, s.minor) ? between(rng, Math.min(14, s.ages[0]), 17) : between(rng, ...s.ages);
  // Days ago: spread over the past 18 months, more of them recent.
  const returned = 1 + Math.floor((1 - Math.sqrt(rng())) * 545);
  const owner = weighted(rng, s.owners);
  const via: CaseSource =
    owner === 'DEMO-DDN'
      ? 'hotline'
      : owner === 'DEMO-XH-HN'
        ? pick(rng, ['walk_in', 'ngo_referral'] as const)
        : pick(rng, s.via);
  const person = makePerson(rng, {
    nationality,
    sex,
    age,
    minority,
    province,
    metDaysAgo: returned,
    repatriated: via === 'repatriation' || via === 'foreign_authority',
  });
  const dest = pick(rng, s.dest);
  const start = returned + between(rng, ...s.months) * 30 + between(rng, 1, 20);
  const story = s.story.replace('{dest}', dest ? countryName(dest, 'vi')! : '');
  // Registered the day they were met, or a day or two later.
  const registered = Math.max(0, returned - between(rng, 0, 2));
  const path = planPath(
    rng,
    DEMO_AGENCIES.find((a) => a.code === owner)!.users.flatMap(([, roles]) => roles),
    registered,
  );
  const stepDays = planStepDays(rng, path, registered);
  return {
    owner,
    person,
    registeredDaysAgo: registered,
    registeredHour: between(rng, 1, 9),
    path,
    stepDays,
    referral: planReferral(rng, owner, path, stepDays, registered),
    assign: chance(rng, 0.6),
    case: {
      exploitationTypes: s.also && chance(rng, s.also[1]) ? [...s.types, s.also[0]] : s.types,
      recruitment: {
        channels: [...new Set([pick(rng, s.channels), pick(rng, s.channels)])],
        date: isoDaysAgo(start + between(rng, 2, 30)),
      },
      route: {
        originProvince: provinceCode,
        transitCountries: foreign && nationality !== 'CN' ? ['VN'] : pick(rng, s.transit),
        destinationCountry: dest,
      },
      keyDates: {
        exploitationStart: isoDaysAgo(start),
        exit: isoDaysAgo(returned + between(rng, 0, 3)),
        return: isoDaysAgo(returned),
      },
      reachedVia: via,
      narrative: `[DỮ LIỆU MẪU] ${story} ${foreign ? 'Cần phiên dịch khi làm việc.' : pick(rng, ENDINGS)}`,
    },
  };
}

interface Staff {
  code: string;
  users: { email: string; actor: Actor }[];
}

const BANNER =
  '!!! SYNTHETIC DEMO DATA — DỮ LIỆU MẪU, KHÔNG PHẢI NGƯỜI THẬT. Every person, case and account below is invented. Never enter real cases in this database. !!!';

/** The database is not one the demo set may be loaded into (exit code 2). */
export class DemoRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoRefused';
  }
}

export async function loadDemoData(
  ctx: AppContext,
  o: { persons: number; seed: number },
  progress: (done: number, total: number) => void,
): Promise<string> {
  if (!Number.isInteger(o.persons) || o.persons < 1)
    throw new Error('The number of demo persons must be a whole number of at least 1.');
  if (!Number.isSafeInteger(o.seed)) throw new Error('The demo seed must be a whole number, e.g. --seed 2026.');
  // Demo users share one password printed on the console, and include a national auditor:
  // they have no place in a database that holds anything else.
  const other = await ctx.db
    .selectFrom('agency')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(
      'code',
      'not in',
      DEMO_AGENCIES.map((a) => a.code),
    )
    .executeTakeFirstOrThrow();
  if (Number(other.n) > 0)
    throw new DemoRefused(
      `This database holds data that is not demo data (${other.n} other agencies): the demo set, whose users share one printed password, ` +
        'is loaded only into an empty database. Use a separate data folder, e.g. LANTERN_DATA_DIR=./demo-data npm run lantern -- demo.',
    );
  if (await findAgencyByCode(ctx.db, MARKER)) {
    throw new DemoRefused(
      `Demo data is already loaded (agency ${MARKER} exists). To load it again, use an empty database, e.g. LANTERN_DATA_DIR=./demo-data npm run lantern -- demo.`,
    );
  }
  const password = generatePassword();
  const staff = await createStaff(ctx, password);
  const rng = mulberry32(o.seed);
  const byStatus = new Map<CaseStatus, number>();
  const byType = new Map<string, number>();
  const byReferral = new Map<string, number>();
  let overdue = 0;
  for (let i = 0; i < o.persons; i++) {
    const record = makeRecord(rng);
    const status = await loadRecord(ctx, staff, record, i % 8 !== 7);
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    if (record.referral) byReferral.set(record.referral.outcome, (byReferral.get(record.referral.outcome) ?? 0) + 1);
    if (
      (status === 'received' || status === 'under_verification') &&
      record.registeredDaysAgo >= ctx.config.verificationDeadlineDays
    )
      overdue += 1;
    for (const t of record.case.exploitationTypes) byType.set(t, (byType.get(t) ?? 0) + 1);
    if ((i + 1) % 25 === 0 || i + 1 === o.persons) progress(i + 1, o.persons);
  }
  // Prosecution support: Lào Cai's cases share a recruiter's handle, phone and account that Hà Nội can hit.
  const investigatorOf = (code: string) =>
    staff.get(code)!.users.find((u) => u.actor.roles.includes('investigator'))!.actor;
  const networkCases = await loadDemoNetwork(ctx, investigatorOf(MARKER), 'DEMO-CA-HN');
  // The hotline's desk: web reports and a call waiting in the triage queue (issue 14 §2).
  const operator = staff.get('DEMO-DDN')!.users.find((u) => canTriageReports(u.actor))!.actor;
  const reports = await loadDemoReports(ctx, operator);
  await refreshFacts(ctx); // the analysts' figures are there at first sign-in
  const count = (m: Map<string, number>, order: readonly string[]) =>
    order
      .filter((k) => m.get(k))
      .map((k) => `${k} ${m.get(k)}`)
      .join(', ');
  const users = [...staff.values()].flatMap((s) =>
    s.users.map((u) => `  ${u.email.padEnd(48)} ${s.code.padEnd(12)} ${u.actor.roles.join(', ')}`),
  );
  return [
    BANNER,
    '',
    `Loaded ${DEMO_AGENCIES.length} demo agencies (codes DEMO-…), ${users.length} users, ${o.persons} persons and ${o.persons} cases (seed ${o.seed}).`,
    `Cases by status: ${count(byStatus, CASE_STATUSES)}; registered over the past 18 months; ${overdue} verifications overdue.`,
    `Referrals: ${count(byReferral, ['pending', 'accepted', 'declined', 'completed']) || 'none'}.`,
    `Exploitation types: ${count(
      byType,
      [...byType.keys()].sort((a, b) => byType.get(b)! - byType.get(a)!),
    )}.`,
    '',
    ...(networkCases.length
      ? [
          `Prosecution support: ${MARKER}'s cases ${networkCases.join(', ')} hold a recruiter's Telegram ${DEMO_NETWORK_IDENTIFIERS.telegram},`,
          `phone ${DEMO_NETWORK_IDENTIFIERS.phone} and account "${DEMO_NETWORK_IDENTIFIERS.bank}": sign in as the DEMO-CA-HN investigator and`,
          'enter one of them on a case (tab Định danh) to see the hit and send an information request.',
          '',
        ]
      : []),
    `Hotline 111: ${reports} reports and calls wait in the triage queue (sign in as the DEMO-DDN operator, menu Tiếp nhận tin báo).`,
    '',
    `Demo users — all share this password (shown only now): ${password}`,
    ...users,
    `These accounts must enrol an authenticator app (TOTP) at first sign-in: ${[...staff.values()]
      .flatMap((s) => s.users.filter((u) => requiresSecondFactor(u.actor.roles)).map((u) => u.email))
      .join(', ')}.`,
    'The password is shared and printed because the data set is synthetic: never give demo accounts real data.',
    '',
    BANNER,
  ].join('\n');
}

/** Demo agencies and their users, audited like `lantern agency add` / `user add`. */
async function createStaff(ctx: AppContext, password: string): Promise<Map<string, Staff>> {
  const audit = { actor: null, clientIp: 'demo' };
  const staff = new Map<string, Staff>();
  for (const a of DEMO_AGENCIES) {
    const agency = await createAgency(ctx.db, { code: a.code, name: a.name, kind: a.kind, province: a.province });
    await recordAudit(ctx.db, audit, {
      action: 'agency.create',
      outcome: 'success',
      recordType: 'agency',
      recordId: agency.id,
      details: { via: 'demo' },
    });
    const users: Staff['users'] = [];
    for (const [local, roles] of a.users) {
      const email = `${local}@${a.slug}.${DOMAIN}`;
      const displayName = `${label('role', roles[0]!, 'vi')} (mẫu) – ${a.code}`;
      const user = await createUser(ctx.db, {
        email,
        displayName,
        agencyId: agency.id,
        roles,
        language: a.language ?? 'vi',
        password,
      });
      await recordAudit(ctx.db, audit, {
        action: 'user.create',
        outcome: 'success',
        recordType: 'user',
        recordId: user.id,
        details: { via: 'demo', roles: user.roles },
      });
      users.push({
        email,
        actor: { userId: user.id, agencyId: agency.id, agencyKind: a.kind, roles, language: 'vi', clientIp: 'demo' },
      });
    }
    staff.set(a.code, { code: a.code, users });
  }
  return staff;
}

/** Registers the person, opens the case and walks it along its planned path; returns the final status. */
/** `statisticsConsent`: the person agreed to be counted in statistics (seven in eight: the HTCDS export has rows). */
async function loadRecord(
  ctx: AppContext,
  staff: Map<string, Staff>,
  record: DemoRecord,
  statisticsConsent: boolean,
): Promise<CaseStatus> {
  const owner = staff.get(record.owner)!;
  const creator = owner.users.find((u) => canCreateCases(u.actor))!.actor;
  // Investigators own the cases they will decide; otherwise the registering officer keeps it.
  const assignee = record.assign
    ? (owner.users.find((u) => u.actor.roles.includes('investigator')) ?? owner.users[0]!).actor.userId
    : null;
  const person = await createPerson(ctx, creator, personCreateSchema.parse(record.person));
  const created = await createCase(
    ctx,
    creator,
    caseCreateSchema.parse({ ...record.case, personId: person.id, assignedUserId: assignee }),
  );
  const p = record.person;
  const age = ageInYears({
    dateOfBirth: p.dateOfBirth ?? null,
    estimatedAgeYears: p.estimatedAgeYears ?? null,
    ageEstimatedOn: p.ageEstimatedOn ?? null,
  });
  const givenBy = isMinor(age) === false ? 'person' : 'guardian';
  if (statisticsConsent)
    await recordConsent(ctx, creator, created.id, { purpose: 'statistics', method: 'signed', givenBy });
  let from: CaseStatus = 'received';
  for (const step of record.path) {
    const able = owner.users.filter((u) => checkTransition(from, step.to, u.actor.roles).ok);
    // Intake officers start verification; the decisions after it are the investigator's or caseworker's.
    const decider =
      able.find((u) => step.to === 'under_verification' || !u.actor.roles.includes('intake_officer')) ?? able[0];
    if (!decider) throw new Error(`Demo plan error: no ${owner.code} user may move a case from ${from} to ${step.to}.`);
    await transitionCase(ctx, decider.actor, created.id, step.to, step.reason);
    from = step.to;
  }
  const referral = record.referral;
  let referralId: string | null = null;
  if (referral) {
    // Sharing needs the person's consent to that agency, recorded first (as the API demands).
    await recordConsent(ctx, creator, created.id, {
      purpose: 'share_with_agency',
      agency: referral.to,
      method: 'signed',
      givenBy,
    });
    const sent = await createReferral(ctx, creator, {
      caseId: created.id,
      toAgency: referral.to,
      purposes: referral.purposes,
      dueDate: addDays(today(), 7),
    });
    referralId = sent.id;
    const receiver = staff.get(referral.to)!.users[0]!.actor;
    if (referral.outcome === 'declined')
      await actOnReferral(ctx, receiver, sent.id, 'decline', DECLINE_REASONS[record.registeredHour % 2]!);
    if (referral.outcome === 'accepted' || referral.outcome === 'completed')
      await actOnReferral(ctx, receiver, sent.id, 'accept');
    if (referral.outcome === 'completed') await actOnReferral(ctx, receiver, sent.id, 'complete');
  }
  await backdate(ctx, record, { caseId: created.id, personId: person.id, referralId });
  return from;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * The services stamp everything with the time it is written; a demo loaded today would show
 * every case registered today. This moves each record's times back to when its story says it
 * happened (registration up to 18 months ago, each step some days later), so that lists, queues,
 * deadlines (some overdue), referral boxes and the statistics' trends have something to show.
 * The audit trail keeps the real times: it records the loading, and it cannot be rewritten.
 */
async function backdate(
  ctx: AppContext,
  record: DemoRecord,
  ids: { caseId: string; personId: string; referralId: string | null },
): Promise<void> {
  const now = Date.now();
  const registeredAt = now - record.registeredDaysAgo * DAY_MS - record.registeredHour * HOUR_MS;
  // A step `days` after registration, `hours` into that day; never in the future (the latest steps
  // of the newest cases a few minutes ago, still in their order).
  const at = (days: number, hours: number) =>
    new Date(Math.min(now - 600_000 + hours * 60_000, registeredAt + days * DAY_MS + hours * HOUR_MS));
  const registered = new Date(registeredAt);
  const stepAt = record.stepDays.map((d, i) => at(d, 1 + i));
  const last = stepAt.at(-1) ?? registered;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('person')
      .set({ created_at: registered, updated_at: registered })
      .where('id', '=', ids.personId)
      .execute();
    await trx
      .updateTable('case_file')
      .set({
        created_at: registered,
        updated_at: last,
        verification_due_at: new Date(registeredAt + ctx.config.verificationDeadlineDays * DAY_MS),
      })
      .where('id', '=', ids.caseId)
      .execute();
    // A path never reaches one status twice: each transition is found by the status it reached.
    for (const [i, step] of record.path.entries())
      await trx
        .updateTable('case_transition')
        .set({ at: stepAt[i]! })
        .where('case_id', '=', ids.caseId)
        .where('to_status', '=', step.to)
        .execute();
    await trx.updateTable('consent').set({ recorded_at: registered }).where('case_id', '=', ids.caseId).execute();
    const referral = record.referral;
    if (referral && ids.referralId) {
      const sentAt = at(referral.sentDay, record.path.length + 1);
      const answeredAt = at(referral.answerDay, record.path.length + 3);
      const answered = referral.outcome !== 'pending';
      await trx
        .updateTable('consent')
        .set({ recorded_at: sentAt })
        .where('case_id', '=', ids.caseId)
        .where('purpose', '=', 'share_with_agency')
        .execute();
      await trx
        .updateTable('referral')
        .set({
          created_at: sentAt,
          due_date: addDays(calendarDate(sentAt), 7),
          ...(answered ? { responded_at: answeredAt } : {}),
          ...(referral.outcome === 'declined' || referral.outcome === 'completed' ? { closed_at: answeredAt } : {}),
        })
        .where('id', '=', ids.referralId)
        .execute();
      await trx
        .updateTable('case_access_grant')
        .set({ created_at: answeredAt })
        .where('source_id', '=', ids.referralId)
        .execute();
    }
  });
}
