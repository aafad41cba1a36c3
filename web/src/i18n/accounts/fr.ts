// Français — messages of accounts (issue 12 §2).
import type { AccountsKey } from './vi';

export const fr: Record<AccountsKey, string> = {
  'accounts.haveCode': 'J’ai un code de réinitialisation',
  'accounts.codeTitle': 'Se connecter avec un code de réinitialisation',
  'accounts.codeHelp':
    'Votre administrateur vous a remis un code à usage unique. Saisissez votre adresse e-mail et le code ; vous choisirez ensuite un nouveau mot de passe.',
  'accounts.code': 'Code de réinitialisation',
  'accounts.codeHint': '16 lettres et chiffres, par ex. 7K2M-QX9D-4RTF-HB6W',
  'accounts.codeSubmit': 'Continuer',
  'accounts.codeWrong':
    'L’adresse e-mail ou le code est erroné, ou le code a expiré ou a déjà servi. Demandez un nouveau code à votre administrateur.',
  'accounts.backToSignIn': 'Retour à la connexion',
  'accounts.resetPasswordHelp': 'Choisissez votre nouveau mot de passe. Vos autres sessions ont été fermées.',
  'accounts.qrAlt': 'Code QR à scanner avec votre application d’authentification',
  'accounts.qrHelp':
    'Scannez ce code avec votre application d’authentification (par ex. Google Authenticator, Microsoft Authenticator, FreeOTP), ou saisissez la clé ci-dessous.',
  'accounts.lastSignIn': 'Dernière connexion',
  'accounts.never': 'jamais',
  'accounts.actions': 'Actions',
  'accounts.resetPassword': 'Réinitialiser le mot de passe',
  'accounts.resetIssued': 'Code de réinitialisation à usage unique pour {email}',
  'accounts.resetIssuedHint':
    'Remettez le code à l’utilisateur en personne ou par téléphone — il n’est affiché que maintenant. Il sert une seule fois, jusqu’à {time}. L’utilisateur choisit « J’ai un code de réinitialisation » sur la page de connexion, ou ouvre ce lien :',
  'accounts.editRoles': 'Modifier les rôles',
  'accounts.rolesOf': 'Rôles de {email}',
  'accounts.rolesHint': 'Seuls les rôles que vous pouvez attribuer sont proposés.',
  'accounts.saveRoles': 'Enregistrer les rôles',
  'accounts.rolesSaved':
    'Rôles de {email} enregistrés. Ses sessions ont été fermées : la personne se reconnecte avec les nouveaux rôles.',
  'accounts.secondFactor': 'Application d’authentification (second facteur)',
  'accounts.totpOn': 'Une application d’authentification est configurée pour votre compte.',
  'accounts.totpOff':
    'Aucune application d’authentification n’est configurée. En ajouter une protège votre compte même si votre mot de passe est volé.',
  'accounts.totpStart': 'Configurer une application d’authentification',
  'accounts.totpDone':
    'L’application d’authentification est configurée : elle vous demandera un code à chaque connexion.',
};
