// English — messages of accounts (issue 12 §2).
import type { AccountsKey } from './vi';

export const en: Record<AccountsKey, string> = {
  'accounts.haveCode': 'I have a reset code',
  'accounts.codeTitle': 'Sign in with a reset code',
  'accounts.codeHelp':
    'Your administrator gave you a one-time code. Enter your email and the code; you will then choose a new password.',
  'accounts.code': 'Reset code',
  'accounts.codeHint': '16 letters and digits, e.g. 7K2M-QX9D-4RTF-HB6W',
  'accounts.codeSubmit': 'Continue',
  'accounts.codeWrong':
    'The email or code is wrong, or the code has expired or was already used. Ask your administrator for a new code.',
  'accounts.backToSignIn': 'Back to sign in',
  'accounts.resetPasswordHelp': 'Choose your new password. Your other sessions have been ended.',
  'accounts.qrAlt': 'QR code to scan with your authenticator app',
  'accounts.qrHelp':
    'Scan this code with your authenticator app (e.g. Google Authenticator, Microsoft Authenticator, FreeOTP), or type the key below.',
  'accounts.lastSignIn': 'Last sign-in',
  'accounts.never': 'never',
  'accounts.actions': 'Actions',
  'accounts.resetPassword': 'Reset password',
  'accounts.resetIssued': 'One-time reset code for {email}',
  'accounts.resetIssuedHint':
    'Give the code to the user in person or by phone — it is shown only now. It works once, until {time}. The user chooses “I have a reset code” on the sign-in page, or opens this link:',
  'accounts.editRoles': 'Edit roles',
  'accounts.rolesOf': 'Roles of {email}',
  'accounts.rolesHint': 'Only the roles you may grant are offered.',
  'accounts.saveRoles': 'Save roles',
  'accounts.rolesSaved': 'Roles of {email} saved. Their sessions have ended: they sign in again with the new roles.',
  'accounts.secondFactor': 'Authenticator app (second factor)',
  'accounts.totpOn': 'An authenticator app is set up for your account.',
  'accounts.totpOff':
    'No authenticator app is set up. Adding one protects your account even if your password is stolen.',
  'accounts.totpStart': 'Set up an authenticator app',
  'accounts.totpDone': 'The authenticator app is set up: it will ask for a code at each sign-in.',
};
