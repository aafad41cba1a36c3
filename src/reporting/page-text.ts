// The words of the public report pages (/report, /report/follow-up) in Vietnamese (the default),
// English and French. Server-rendered: these pages work without JavaScript, so their catalogue
// lives here rather than in the web app's.
import type { Language } from '../contract/codes.js';
import type { PublicReportAnswer, PublicReportRecruitment, PublicReportStatus } from '../contract/public-reports.js';
import type { FieldErrorCode } from './report-input.js';

export type PhotoErrorCode = 'not-an-image' | 'unreadable-image';

export interface PageText {
  languageName: string;
  languageLabel: string;
  title: string;
  intro: string;
  emergency: string;
  anonymous: string;
  required: string;
  optional: string;
  whatHappened: string;
  whatHappenedHint: string;
  province: string;
  provinceNone: string;
  place: string;
  when: string;
  whenHint: string;
  atRisk: string;
  minorInvolved: string;
  immediateDanger: string;
  answers: Record<PublicReportAnswer, string>;
  recruitment: string;
  recruitmentChoices: Record<PublicReportRecruitment, string>;
  destination: string;
  destinationNone: string;
  destinationOther: string;
  identifiers: string;
  identifiersHint: string;
  photos: string;
  photosHint: string;
  photosAgain: string;
  contact: string;
  contactHint: string;
  honeypot: string;
  submit: string;
  followUpLink: string;
  errorsHeading: string;
  fieldErrors: Record<FieldErrorCode | PhotoErrorCode | 'too-many-photos', string>;
  receivedTitle: string;
  receiptLabel: string;
  receiptWriteDown: string;
  receiptUse: string;
  followUpTitle: string;
  followUpIntro: string;
  receiptField: string;
  show: string;
  notFound: string;
  receiptFormat: string;
  statusLabel: string;
  statuses: Record<PublicReportStatus, string>;
  messages: string;
  noMessages: string;
  fromReporter: string;
  fromHotline: string;
  reply: string;
  send: string;
  sent: string;
  closedNote: string;
  throttled: string;
  tooLarge: string;
  badRequest: string;
  newReport: string;
}

const vi: PageText = {
  languageName: 'Tiếng Việt',
  languageLabel: 'Ngôn ngữ',
  title: 'Báo tin về mua bán người',
  intro:
    'Bạn không cần cho biết tên. Tin báo được gửi đến Tổng đài 111 (miễn phí, hoạt động suốt ngày đêm), nơi xem xét và chuyển đến cơ quan có thẩm quyền.',
  emergency: 'Nếu có người đang gặp nguy hiểm ngay lúc này, hãy gọi ngay 111 hoặc công an 113.',
  anonymous: 'Trang này không dùng cookie và không lưu địa chỉ mạng của bạn.',
  required: '(bắt buộc)',
  optional: '(không bắt buộc)',
  whatHappened: 'Chuyện gì đã xảy ra?',
  whatHappenedHint: 'Ai, ở đâu, làm gì: càng cụ thể càng tốt.',
  province: 'Ở tỉnh, thành phố nào?',
  provinceNone: '— Không biết / ở nước ngoài —',
  place: 'Địa điểm cụ thể (nếu biết)',
  when: 'Khi nào?',
  whenHint: 'Ví dụ: hôm qua, tháng 3 năm 2026',
  atRisk: 'Người có thể đang gặp nguy hiểm',
  minorInvolved: 'Có trẻ em (dưới 18 tuổi) liên quan không?',
  immediateDanger: 'Có ai đang gặp nguy hiểm ngay lúc này không?',
  answers: { yes: 'Có', no: 'Không', unknown: 'Không rõ' },
  recruitment: 'Người đó được tuyển dụng, dụ dỗ bằng cách nào?',
  recruitmentChoices: {
    online_job_ad: 'Tin tuyển dụng trên mạng',
    social_media: 'Mạng xã hội',
    messaging_app: 'Ứng dụng nhắn tin (Zalo, Telegram…)',
    in_person: 'Gặp trực tiếp (người quen, môi giới…)',
    other: 'Cách khác',
    unknown: 'Không rõ',
  },
  destination: 'Người đó bị đưa, hoặc sắp bị đưa, đi đâu?',
  destinationNone: '— Không rõ / trong nước —',
  destinationOther: 'Nước khác hoặc nơi cụ thể',
  identifiers: 'Số điện thoại, tài khoản, trang mạng, tên công ty đã thấy',
  identifiersHint: 'Mỗi dòng một mục.',
  photos: 'Ảnh hoặc ảnh chụp màn hình tin tuyển dụng, tin nhắn',
  photosHint:
    'Tối đa 3 ảnh JPEG, PNG hoặc WebP, mỗi ảnh tối đa 5 MB. Thông tin vị trí và máy chụp trong ảnh sẽ bị xóa trước khi lưu.',
  photosAgain: 'Nếu bạn đã chọn ảnh, hãy chọn lại.',
  contact: 'Cách liên lạc với bạn',
  contactHint:
    'Chỉ điền nếu bạn muốn Tổng đài 111 liên lạc lại. Có thể để trống: bạn vẫn theo dõi được tin báo bằng mã biên nhận.',
  honeypot: 'Để trống ô này',
  submit: 'Gửi tin báo',
  followUpLink: 'Đã gửi tin báo? Xem tình trạng và trả lời bằng mã biên nhận',
  errorsHeading: 'Vui lòng sửa các mục sau:',
  fieldErrors: {
    required: 'Mục này cần được điền.',
    'too-long': 'Nội dung quá dài.',
    'not-a-choice': 'Hãy chọn một mục trong danh sách.',
    'too-many': 'Tối đa 20 dòng.',
    'invalid-text': 'Có ký tự không lưu được.',
    'not-an-image': 'Chỉ nhận ảnh JPEG, PNG hoặc WebP.',
    'unreadable-image': 'Không đọc được ảnh; hãy lưu lại ảnh rồi gửi lại.',
    'too-many-photos': 'Tối đa 3 ảnh.',
  },
  receivedTitle: 'Tin báo của bạn đã được nhận',
  receiptLabel: 'Mã biên nhận của bạn',
  receiptWriteDown:
    'Hãy ghi lại mã này ngay. Mã chỉ hiện một lần; không ai, kể cả Tổng đài 111, có thể tìm lại mã cho bạn.',
  receiptUse: 'Với mã này, bạn có thể xem tình trạng tin báo và trả lời câu hỏi của Tổng đài 111 tại:',
  followUpTitle: 'Theo dõi tin báo',
  followUpIntro: 'Nhập mã biên nhận nhận được khi gửi tin báo.',
  receiptField: 'Mã biên nhận (16 chữ số)',
  show: 'Xem',
  notFound: 'Không tìm thấy tin báo nào với mã này. Hãy kiểm tra lại các chữ số.',
  receiptFormat: 'Mã biên nhận gồm 16 chữ số.',
  statusLabel: 'Tình trạng',
  statuses: {
    received: 'Đã nhận',
    under_review: 'Đang xem xét',
    passed_to_authority: 'Đã chuyển đến cơ quan có thẩm quyền',
    closed: 'Đã kết thúc',
  },
  messages: 'Trao đổi với Tổng đài 111',
  noMessages: 'Chưa có tin nhắn.',
  fromReporter: 'Bạn',
  fromHotline: 'Tổng đài 111',
  reply: 'Trả lời hoặc bổ sung thông tin',
  send: 'Gửi',
  sent: 'Đã gửi tin nhắn của bạn.',
  closedNote: 'Tin báo này đã kết thúc; không thể gửi thêm tin nhắn.',
  throttled: 'Bạn đã thử quá nhiều lần. Vui lòng thử lại sau {minutes} phút.',
  tooLarge:
    'Dữ liệu gửi quá lớn: tối đa 3 ảnh, mỗi ảnh 5 MB. Chưa có gì được lưu; hãy gửi lại với ảnh nhỏ hơn hoặc ít ảnh hơn.',
  badRequest: 'Không đọc được dữ liệu đã gửi. Chưa có gì được lưu; vui lòng thử lại.',
  newReport: 'Gửi tin báo mới',
};

const en: PageText = {
  languageName: 'English',
  languageLabel: 'Language',
  title: 'Report suspected human trafficking',
  intro:
    'You do not need to give your name. Your report goes to the national hotline 111 (free, day and night), which reviews it and passes it to the competent authority.',
  emergency: 'If someone is in danger right now, call 111 or the police on 113 straight away.',
  anonymous: 'This page sets no cookies and does not keep your network address.',
  required: '(required)',
  optional: '(optional)',
  whatHappened: 'What happened?',
  whatHappenedHint: 'Who, where, what: as precisely as you can.',
  province: 'In which province or city?',
  provinceNone: '— Unknown / abroad —',
  place: 'The exact place (if known)',
  when: 'When?',
  whenHint: 'For example: yesterday, March 2026',
  atRisk: 'Who may be at risk',
  minorInvolved: 'Is a child (under 18) involved?',
  immediateDanger: 'Is anyone in danger right now?',
  answers: { yes: 'Yes', no: 'No', unknown: 'Not sure' },
  recruitment: 'How were they recruited or lured?',
  recruitmentChoices: {
    online_job_ad: 'An online job ad',
    social_media: 'Social media',
    messaging_app: 'A messaging app (Zalo, Telegram…)',
    in_person: 'In person (an acquaintance, a broker…)',
    other: 'Another way',
    unknown: 'Not sure',
  },
  destination: 'Where were they taken, or about to be taken?',
  destinationNone: '— Not sure / within Viet Nam —',
  destinationOther: 'Another country or the exact place',
  identifiers: 'Phone numbers, accounts, pages, company names you saw',
  identifiersHint: 'One per line.',
  photos: 'Photos or screenshots of the job ad or messages',
  photosHint:
    'Up to 3 JPEG, PNG or WebP images of at most 5 MB each. Location and camera data in them are removed before they are stored.',
  photosAgain: 'If you had chosen photos, choose them again.',
  contact: 'How to contact you',
  contactHint:
    'Only if you want the 111 hotline to get back to you. You may leave it empty: you can still follow your report with its receipt.',
  honeypot: 'Leave this empty',
  submit: 'Send the report',
  followUpLink: 'Already reported? See its status and answer with your receipt',
  errorsHeading: 'Please correct the following:',
  fieldErrors: {
    required: 'This needs to be filled in.',
    'too-long': 'This is too long.',
    'not-a-choice': 'Choose one of the options in the list.',
    'too-many': 'At most 20 lines.',
    'invalid-text': 'This contains characters that cannot be saved.',
    'not-an-image': 'Only JPEG, PNG or WebP images are accepted.',
    'unreadable-image': 'The image could not be read; save it again and resend it.',
    'too-many-photos': 'At most 3 photos.',
  },
  receivedTitle: 'Your report has been received',
  receiptLabel: 'Your receipt',
  receiptWriteDown:
    'Write it down now. It is shown only once; nobody, not even the 111 hotline, can look it up for you.',
  receiptUse: 'With it you can see what happens to your report and answer the 111 hotline’s questions at:',
  followUpTitle: 'Follow up a report',
  followUpIntro: 'Enter the receipt you were given when you sent the report.',
  receiptField: 'Receipt (16 digits)',
  show: 'Show',
  notFound: 'No report has this receipt. Check the digits.',
  receiptFormat: 'A receipt has 16 digits.',
  statusLabel: 'Status',
  statuses: {
    received: 'Received',
    under_review: 'Under review',
    passed_to_authority: 'Passed to the competent authority',
    closed: 'Closed',
  },
  messages: 'Messages with the 111 hotline',
  noMessages: 'No messages yet.',
  fromReporter: 'You',
  fromHotline: 'Hotline 111',
  reply: 'Answer or add information',
  send: 'Send',
  sent: 'Your message has been sent.',
  closedNote: 'This report is closed; no more messages can be sent.',
  throttled: 'Too many attempts. Please try again in {minutes} minutes.',
  tooLarge:
    'What you sent is too large: at most 3 photos of 5 MB each. Nothing was stored; send it again with smaller or fewer photos.',
  badRequest: 'What was sent could not be read. Nothing was stored; please try again.',
  newReport: 'Send a new report',
};

const fr: PageText = {
  languageName: 'Français',
  languageLabel: 'Langue',
  title: 'Signaler un cas suspect de traite des êtres humains',
  intro:
    'Vous n’avez pas à donner votre nom. Votre signalement parvient à la ligne nationale 111 (gratuite, jour et nuit), qui l’examine et le transmet à l’autorité compétente.',
  emergency: 'Si quelqu’un est en danger en ce moment, appelez tout de suite le 111 ou la police au 113.',
  anonymous: 'Cette page ne dépose aucun cookie et ne conserve pas votre adresse réseau.',
  required: '(obligatoire)',
  optional: '(facultatif)',
  whatHappened: 'Que s’est-il passé ?',
  whatHappenedHint: 'Qui, où, quoi : le plus précisément possible.',
  province: 'Dans quelle province ou ville ?',
  provinceNone: '— Inconnue / à l’étranger —',
  place: 'Le lieu exact (si vous le connaissez)',
  when: 'Quand ?',
  whenHint: 'Par exemple : hier, mars 2026',
  atRisk: 'Qui peut être en danger',
  minorInvolved: 'Un enfant (moins de 18 ans) est-il concerné ?',
  immediateDanger: 'Quelqu’un est-il en danger en ce moment ?',
  answers: { yes: 'Oui', no: 'Non', unknown: 'Je ne sais pas' },
  recruitment: 'Comment la personne a-t-elle été recrutée ou attirée ?',
  recruitmentChoices: {
    online_job_ad: 'Une offre d’emploi en ligne',
    social_media: 'Les réseaux sociaux',
    messaging_app: 'Une messagerie (Zalo, Telegram…)',
    in_person: 'En personne (une connaissance, un intermédiaire…)',
    other: 'Autrement',
    unknown: 'Je ne sais pas',
  },
  destination: 'Où la personne a-t-elle été emmenée, ou va-t-elle l’être ?',
  destinationNone: '— Je ne sais pas / au Viet Nam —',
  destinationOther: 'Un autre pays ou le lieu exact',
  identifiers: 'Numéros de téléphone, comptes, pages, noms d’entreprise vus',
  identifiersHint: 'Un par ligne.',
  photos: 'Photos ou captures d’écran de l’offre d’emploi ou des messages',
  photosHint:
    'Jusqu’à 3 images JPEG, PNG ou WebP de 5 Mo au plus chacune. Les données de lieu et d’appareil sont supprimées avant l’enregistrement.',
  photosAgain: 'Si vous aviez choisi des photos, choisissez-les à nouveau.',
  contact: 'Comment vous joindre',
  contactHint:
    'Seulement si vous souhaitez que la ligne 111 vous recontacte. Vous pouvez laisser vide : vous pourrez suivre votre signalement avec son reçu.',
  honeypot: 'Laissez ce champ vide',
  submit: 'Envoyer le signalement',
  followUpLink: 'Déjà signalé ? Voir le statut et répondre avec votre reçu',
  errorsHeading: 'Veuillez corriger ce qui suit :',
  fieldErrors: {
    required: 'Ce champ doit être rempli.',
    'too-long': 'Le texte est trop long.',
    'not-a-choice': 'Choisissez une des options de la liste.',
    'too-many': 'Au plus 20 lignes.',
    'invalid-text': 'Ce texte contient des caractères impossibles à enregistrer.',
    'not-an-image': 'Seules les images JPEG, PNG ou WebP sont acceptées.',
    'unreadable-image': 'L’image est illisible ; enregistrez-la à nouveau et renvoyez-la.',
    'too-many-photos': 'Au plus 3 photos.',
  },
  receivedTitle: 'Votre signalement a été reçu',
  receiptLabel: 'Votre reçu',
  receiptWriteDown:
    'Notez-le maintenant. Il n’est affiché qu’une seule fois ; personne, pas même la ligne 111, ne pourra le retrouver pour vous.',
  receiptUse: 'Avec lui, vous pouvez suivre votre signalement et répondre aux questions de la ligne 111 sur :',
  followUpTitle: 'Suivre un signalement',
  followUpIntro: 'Saisissez le reçu qui vous a été donné à l’envoi du signalement.',
  receiptField: 'Reçu (16 chiffres)',
  show: 'Afficher',
  notFound: 'Aucun signalement ne correspond à ce reçu. Vérifiez les chiffres.',
  receiptFormat: 'Un reçu comporte 16 chiffres.',
  statusLabel: 'Statut',
  statuses: {
    received: 'Reçu',
    under_review: 'En cours d’examen',
    passed_to_authority: 'Transmis à l’autorité compétente',
    closed: 'Clos',
  },
  messages: 'Échanges avec la ligne 111',
  noMessages: 'Pas encore de message.',
  fromReporter: 'Vous',
  fromHotline: 'Ligne 111',
  reply: 'Répondre ou compléter',
  send: 'Envoyer',
  sent: 'Votre message a été envoyé.',
  closedNote: 'Ce signalement est clos ; il n’est plus possible d’envoyer de message.',
  throttled: 'Trop de tentatives. Veuillez réessayer dans {minutes} minutes.',
  tooLarge:
    'L’envoi est trop volumineux : au plus 3 photos de 5 Mo chacune. Rien n’a été enregistré ; renvoyez-le avec des photos plus petites ou moins nombreuses.',
  badRequest: 'L’envoi n’a pas pu être lu. Rien n’a été enregistré ; veuillez réessayer.',
  newReport: 'Nouveau signalement',
};

export const PAGE_TEXT: Record<Language, PageText> = { vi, en, fr };
