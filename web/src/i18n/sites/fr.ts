// Français — messages de l’écran des sites de campagne (voir ./vi.ts).
import type { SitesKey } from './vi';

export const fr: Record<SitesKey, string> = {
  'sites.title': 'Sites de campagne',
  'sites.intro':
    'Les lieux où sont affichées les affiches contre la traite (gares, aéroports, gares routières, écoles…). Chacun a son code dans le lien de l’affiche, pour savoir de quelle campagne vient un signalement.',
  'sites.notAllowed':
    'Seuls les administrateurs du système et les administrateurs et opérateurs de la ligne 111 voient cette liste.',
  'sites.none': 'Aucun site de campagne pour l’instant.',
  'sites.list': 'Sites de campagne',
  'sites.code': 'Code',
  'sites.name': 'Nom du site',
  'sites.kind': 'Type de lieu',
  'sites.province': 'Province',
  'sites.noProvince': 'Aucune',
  'sites.state': 'État',
  'sites.active': 'Actif',
  'sites.inactive': 'Inactif',
  'sites.link': 'Lien',
  'sites.copy': 'Copier le lien',
  'sites.copied': 'Copié.',
  'sites.actions': 'Actions',
  'sites.add': 'Ajouter un site de campagne',
  'sites.addButton': 'Ajouter',
  'sites.added': 'Site {code} ajouté. Ses affiches mènent à {link}',
  'sites.codeHint':
    'De 2 à 16 caractères : majuscules, chiffres ou traits d’union, par exemple HN-GA. Il ne change plus une fois imprimé.',
  'sites.errCode':
    'Un code compte 2 à 16 majuscules, chiffres ou traits d’union, sans trait d’union au début ni à la fin.',
  'sites.errName': 'Saisissez le nom du site.',
  'sites.errKind': 'Choisissez le type de lieu.',
  'sites.edit': 'Modifier',
  'sites.editTitle': 'Modifier le site {code}',
  'sites.activeLabel': 'Actif (le lien de l’affiche marque les signalements)',
  'sites.saved': 'Site {code} enregistré.',
  'sites.changed':
    'Quelqu’un vient de modifier ce site. La liste a été rechargée : vérifiez-la, puis modifiez à nouveau.',
  'sites.posters': 'Affiches',
  'sites.posterIntro':
    'Choisissez la langue et le format, puis téléchargez l’affiche (PDF) de chaque site pour l’imprimer.',
  'sites.posterLanguage': 'Langue de l’affiche',
  'sites.posterSize': 'Format du papier',
  'sites.download': 'Télécharger l’affiche',
  'sites.downloadOf': 'Télécharger l’affiche de {name} ({size}, {language})',
  'sites.noPoster': 'Inactif : pas d’affiche',
  'sites.size.A4': 'A4 (21 × 29,7 cm)',
  'sites.size.A3': 'A3 (29,7 × 42 cm)',
  'sites.kind.train_station': 'Gare ferroviaire',
  'sites.kind.airport': 'Aéroport',
  'sites.kind.bus_station': 'Gare routière',
  'sites.kind.border_gate': 'Poste-frontière',
  'sites.kind.school': 'École',
  'sites.kind.factory': 'Usine ou zone industrielle',
  'sites.kind.other': 'Autre lieu',
};
