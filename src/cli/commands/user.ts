// `lantern user add|list|disable|enable|reset-totp|roles|reset-password`.
import { recordAudit } from '../../access/audit.js';
import {
  createUser,
  findAgencyByCode,
  findUserByEmail,
  listAgencies,
  listUsers,
  resetPassword,
  roleChange,
  updateUser,
  type UserChanges,
} from '../../access/directory.js';
import { generatePassword, passwordRefusal } from '../../access/passwords.js';
import { requiresSecondFactor } from '../../access/account-policy.js';
import { issueResetCode, RESET_CODE_MINUTES } from '../../access/reset-codes.js';
import type { Language, Role } from '../../contract/reference/index.js';
import { cliAudit, config, readStdin, UsageError, withContext } from '../support.js';

const MUST_CHANGE = 'The user will be asked to choose a new password at first sign-in.';

/** The password to set: piped in (checked before the database is opened) or generated. */
async function chosenPassword(passwordStdin: boolean | undefined, owner: { email: string; displayName?: string }) {
  const password = passwordStdin ? await readStdin() : generatePassword();
  const refusal = await passwordRefusal(password, owner);
  if (refusal) throw new UsageError(`The password ${refusal.message}.`);
  return password;
}

export async function addUser(o: {
  email: string;
  agency: string;
  role: Role[];
  name?: string;
  language: Language;
  passwordStdin?: boolean;
}) {
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(o.email)) throw new UsageError(`"${o.email}" is not an email address.`);
  const password = await chosenPassword(o.passwordStdin, { email: o.email, displayName: o.name });
  await withContext(async (ctx) => {
    const found = await findAgencyByCode(ctx.db, o.agency);
    if (!found)
      throw new UsageError(
        `No agency with code ${o.agency}. Add it first: lantern agency add --code ${o.agency} --name ... --kind ...`,
      );
    // Whoever runs this command knows the password: the user must replace it.
    const created = await createUser(ctx.db, {
      email: o.email,
      displayName: o.name ?? o.email,
      agencyId: found.id,
      roles: o.role,
      language: o.language,
      password,
      mustChangePassword: true,
    });
    await recordAudit(ctx.db, cliAudit, {
      action: 'user.create',
      outcome: 'success',
      recordType: 'user',
      recordId: created.id,
      details: { via: 'cli', rolesBefore: [], rolesAfter: [...created.roles].sort() },
    });
    console.log(`User ${created.email} added to ${found.code} with roles ${created.roles.join(', ')}.`);
    if (!o.passwordStdin) console.log(`Password (shown once, give it to the user securely): ${password}`);
    console.log(MUST_CHANGE);
    if (requiresSecondFactor(created.roles as Role[]))
      console.log('This role must enrol an authenticator app (TOTP) at first sign-in.');
  });
}

/** Applies one administrative change to the user with this email; a role change is audited with the roles before and after. */
export async function changeUser(email: string, description: string, changes: UserChanges) {
  await withContext(async (ctx) => {
    const found = await findUserByEmail(ctx.db, email);
    if (!found) throw new UsageError(`No user with email ${email}.`);
    // Nothing to do is said, not done: no write, no audit event.
    if (changes.resetTotp && !found.totpEnabled && Object.keys(changes).length === 1) {
      console.log(`User ${found.email} has no second factor enrolled: nothing to reset.`);
      return;
    }
    if (changes.disabled !== undefined && found.disabled === changes.disabled && Object.keys(changes).length === 1) {
      console.log(`User ${found.email} is already ${found.disabled ? 'disabled' : 'enabled'}: nothing to change.`);
      return;
    }
    const result = await updateUser(ctx.db, found.id, found.version, changes);
    if (result === 'stale' || !result) throw new Error('The user changed while this command ran; run it again.');
    await recordAudit(ctx.db, cliAudit, {
      action: 'user.update',
      outcome: 'success',
      recordType: 'user',
      recordId: found.id,
      details: {
        via: 'cli',
        fields: Object.keys(changes).sort(),
        ...roleChange(result.before.roles, result.after.roles),
      },
    });
    console.log(`User ${found.email}: ${description} — done.`);
    if (changes.roles && requiresSecondFactor(result.after.roles as Role[]) && !result.after.totpEnabled)
      console.log('These roles must enrol an authenticator app (TOTP) at the next sign-in.');
  });
}

/** `lantern user roles --email E --role R…`: sets the user's roles (their sessions end). */
export async function setRoles(o: { email: string; role: Role[] }) {
  await changeUser(o.email, `roles set to ${[...new Set(o.role)].join(', ')}`, { roles: o.role });
}

/**
 * `lantern user reset-password --email E`: a one-time reset code (valid RESET_CODE_MINUTES, single use)
 * with which the user signs in only to choose a new password. With --password-stdin: sets the piped
 * password instead, which the user must change at next sign-in.
 */
export async function resetUserPassword(o: { email: string; passwordStdin?: boolean }) {
  if (o.passwordStdin) return setUserPassword(o.email, await readStdin());
  await withContext(async (ctx) => {
    const found = await findUserByEmail(ctx.db, o.email);
    if (!found) throw new UsageError(`No user with email ${o.email}.`);
    if (found.disabled)
      throw new UsageError(`User ${found.email} is disabled: enable them first (lantern user enable).`);
    const issued = await issueResetCode(ctx.db, found.id, null);
    await recordAudit(ctx.db, cliAudit, {
      action: 'user.reset_code',
      outcome: 'success',
      recordType: 'user',
      recordId: found.id,
      details: { via: 'cli' },
    });
    console.log(`Reset code for ${found.email} (shown once; single use; valid ${RESET_CODE_MINUTES} minutes):`);
    console.log(`  ${issued.code}`);
    console.log(
      'Give it to the user securely. On the sign-in page they choose "I have a reset code" (or open the link',
    );
    console.log(`<Lantern's address>/reset-password#code=${issued.code}), enter their email and this code, and must`);
    console.log('then choose a new password; their other sessions end.');
  });
}

/** `lantern user reset-password --email E --password-stdin`: sets a password the user must change at next sign-in. */
async function setUserPassword(email: string, password: string) {
  await withContext(async (ctx) => {
    const found = await findUserByEmail(ctx.db, email);
    if (!found) throw new UsageError(`No user with email ${email}.`);
    // Refuses a weak password (a 400 Problem: exit code 2) before changing anything.
    await resetPassword(ctx.db, found.id, password);
    await recordAudit(ctx.db, cliAudit, {
      action: 'user.password_reset',
      outcome: 'success',
      recordType: 'user',
      recordId: found.id,
      details: { via: 'cli' },
    });
    console.log(`User ${found.email}: password reset; their sessions have ended.`);
    console.log(MUST_CHANGE.replace('first', 'next'));
  });
}

/** `lantern user list [--agency CODE]`: every user (of one agency), never a secret. */
export async function listUsersCommand(o: { agency?: string }) {
  await withContext(async (ctx) => {
    const agencies = await listAgencies(ctx.db);
    const agency = o.agency === undefined ? null : await findAgencyByCode(ctx.db, o.agency);
    if (agency === undefined) throw new UsageError(`No agency with code ${o.agency}. See: lantern agency list`);
    const codeOf = new Map(agencies.map((a) => [a.id, a.code]));
    const users = await listUsers(ctx.db, agency?.id ?? null);
    if (users.length === 0) {
      console.log(agency ? `Agency ${agency.code} has no users.` : 'There are no users yet: lantern user add ...');
      return;
    }
    const when = new Intl.DateTimeFormat('sv-SE', {
      timeZone: config.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    const rows = users.map((u) => [
      u.email,
      u.displayName,
      codeOf.get(u.agencyId) ?? '?',
      u.roles.join(','),
      u.disabled ? 'disabled' : 'active',
      u.lastSignInAt ? when.format(new Date(u.lastSignInAt)) : 'never',
    ]);
    const header = ['EMAIL', 'NAME', 'AGENCY', 'ROLES', 'STATE', `LAST SIGN-IN (${config.timeZone})`];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const r of [header, ...rows])
      console.log(
        r
          .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
          .join('  ')
          .trimEnd(),
      );
    console.log(`${users.length} user${users.length === 1 ? '' : 's'}.`);
  });
}
