// The words of the campaign posters (issue 14 §3), in Vietnamese, English and French. They warn of the
// recruitment that now takes young, educated people: fake job offers online ("easy work, high salary, no
// experience needed") that end in scam compounds abroad, with the passport taken away. Pure data.
import type { Language } from '../contract/codes.js';

export interface PosterText {
  /** The headline, in capitals, on the coloured band. */
  headline: string;
  /** One line under the headline. */
  subhead: string;
  /** The warnings, one paragraph each. */
  points: readonly string[];
  /** Above the hotline's number. */
  call: string;
  /** Under the number. */
  callNote: string;
  /** Under the QR code. */
  scan: string;
  /** Before the printed link, for those who cannot scan. */
  orOpen: string;
  /** The footer: the site's name and code ({name}, {code}). */
  site: string;
  /** The PDF's title ({name}). */
  title: string;
}

const TEXT: Record<Language, PosterText> = {
  vi: {
    headline: 'CẢNH GIÁC VỚI VIỆC LÀM “ẢO” TRÊN MẠNG',
    subhead: 'Lời mời “việc nhẹ, lương cao” có thể là bẫy mua bán người.',
    points: [
      '“Việc nhẹ, lương cao, không cần kinh nghiệm, bao vé máy bay”: những lời mời như vậy trên mạng xã hội thường là lừa đảo.',
      'Nhiều bạn trẻ có bằng cấp, biết ngoại ngữ, tin học đã bị đưa ra nước ngoài và bị ép làm việc trong các cơ sở lừa đảo trực tuyến.',
      'Không giao hộ chiếu, giấy tờ tùy thân cho bất kỳ ai. Bị giữ hộ chiếu, không được tự do đi lại là dấu hiệu bị mua bán.',
      'Trước khi nhận việc ở nước ngoài, hãy kiểm tra công ty, hợp đồng và giấy phép đưa người lao động đi làm việc.',
    ],
    call: 'Gọi đường dây nóng',
    callNote: 'Miễn phí · 24/7',
    scan: 'Quét mã để báo tin: ẩn danh, không cần đăng nhập',
    orOpen: 'Hoặc mở:',
    site: 'Điểm truyền thông: {name} ({code})',
    title: 'Áp phích phòng, chống mua bán người – {name}',
  },
  en: {
    headline: 'BEWARE OF FAKE JOB OFFERS ONLINE',
    subhead: 'An “easy job, high salary” offer can be a human trafficking trap.',
    points: [
      '“Easy work, high salary, no experience needed, free flight”: offers like these on social media are often scams.',
      'Young graduates with languages and computer skills have been taken abroad and forced to work in online scam compounds.',
      'Never hand your passport or identity papers to anyone. A passport taken away and not being free to leave are signs of trafficking.',
      'Before you take a job abroad, check the company, the contract and its licence to send workers overseas.',
    ],
    call: 'Call the hotline',
    callNote: 'Free · 24/7',
    scan: 'Scan to report: anonymous, no sign-in',
    orOpen: 'Or open:',
    site: 'Campaign site: {name} ({code})',
    title: 'Anti-trafficking poster – {name}',
  },
  fr: {
    headline: 'MÉFIEZ-VOUS DES FAUSSES OFFRES D’EMPLOI EN LIGNE',
    subhead: 'Une offre « travail facile, gros salaire » peut être un piège de la traite des êtres humains.',
    points: [
      '« Travail facile, salaire élevé, sans expérience, billet d’avion offert » : ces offres sur les réseaux sociaux sont souvent des escroqueries.',
      'Des jeunes diplômés qui parlent des langues et maîtrisent l’informatique ont été emmenés à l’étranger et forcés de travailler dans des centres d’escroquerie en ligne.',
      'Ne confiez jamais votre passeport ni vos papiers d’identité. Un passeport confisqué, l’interdiction de repartir : ce sont des signes de traite.',
      'Avant d’accepter un emploi à l’étranger, vérifiez l’entreprise, le contrat et son autorisation d’envoyer des travailleurs.',
    ],
    call: 'Appelez la ligne d’urgence',
    callNote: 'Gratuit · 24 h/24',
    scan: 'Scannez pour signaler : anonyme, sans compte',
    orOpen: 'Ou ouvrez :',
    site: 'Site de campagne : {name} ({code})',
    title: 'Affiche contre la traite – {name}',
  },
};

/** French typography: a no-break space inside « » and before : so that a line never starts with either. */
const frenchSpaces = (text: string) => text.replace(/« /g, '«\u00a0').replace(/ (»|:)/g, '\u00a0$1');

export const POSTER_TEXT: Record<Language, PosterText> = {
  vi: TEXT.vi,
  en: TEXT.en,
  fr: Object.fromEntries(
    Object.entries(TEXT.fr).map(([k, v]) => [k, Array.isArray(v) ? v.map(frenchSpaces) : frenchSpaces(v as string)]),
  ) as unknown as PosterText,
};

export const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
