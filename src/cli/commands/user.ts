// `lantern user add|disable|enable|reset-totp`.
import { recordAudit } from '../../access/audit.js';
import { createUser, findAgencyByCode, findUserByEmail, updateUser, type UserChanges } from '../../access/directory.js';
import { generatePassword, passwordProblem } from '../../access/passwords.js';
import { requiresSecondFactor } from '../../access/account-policy.js';
import type { Language, Role } from '../../contract/reference/index.js';
import { cliAudit, readStdin, UsageError, withContext } from '../support.js';

export async function addUser(o: {
  email: string;
  agency: string;
  role: Role[];
  name?: string;
  language: Language;
  passwordStdin?: boolean;
}) {
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(o.email)) throw new UsageError(`"${o.email}" is not an email address.`);
  const password = o.passwordStdin ? await readStdin() : generatePassword();
  const weak = passwordProblem(password);
  if (weak) throw new UsageError(`The password ${weak}.`);
  await withContext(async (ctx) => {
    const found = await findAgencyByCode(ctx.db, o.agency);
    if (!found)
      throw new UsageError(
        `No agency with code ${o.agency}. Add it first: lantern agency add --code ${o.agency} --name ... --kind ...`,
      );
    const created = await createUser(ctx.db, {
      email: o.email,
      displayName: o.name ?? o.email,
      agencyId: found.id,
      roles: o.role,
      language: o.language,
      password,
    });
    await recordAudit(ctx.db, cliAudit, {
      action: 'user.create',
      outcome: 'success',
      recordType: 'user',
      recordId: created.id,
      details: { via: 'cli', roles: created.roles },
    });
    console.log(`User ${created.email} added to ${found.code} with roles ${created.roles.join(', ')}.`);
    if (!o.passwordStdin) console.log(`Password (shown once, give it to the user securely): ${password}`);
    if (requiresSecondFactor(created.roles as Role[]))
      console.log('This role must enrol an authenticator app (TOTP) at first sign-in.');
  });
}

/** Applies one administrative change to the user with this email. */
export async function changeUser(email: string, description: string, changes: UserChanges) {
  await withContext(async (ctx) => {
    const found = await findUserByEmail(ctx.db, email);
    if (!found) throw new UsageError(`No user with email ${email}.`);
    const result = await updateUser(ctx.db, found.id, found.version, changes);
    if (result === 'stale' || !result) throw new Error('The user changed while this command ran; run it again.');
    await recordAudit(ctx.db, cliAudit, {
      action: 'user.update',
      outcome: 'success',
      recordType: 'user',
      recordId: found.id,
      details: { via: 'cli', ...changes },
    });
    console.log(`User ${found.email}: ${description} — done.`);
  });
}
