// The lint rule that keeps access decisions in src/access: it must catch a role or
// agency comparison written anywhere else, and leave src/access itself alone.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function accessErrors(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

const LEAKS: Record<string, string> = {
  'a role check': "export const mayRead = (actor: { roles: string[] }) => actor.roles.includes('auditor');",
  'a role name': "export const admin = 'agency_admin';",
  'an agency comparison':
    'export const mine = (c: { ownerAgencyId: string }, a: { agencyId: string }) => c.ownerAgencyId === a.agencyId;',
  'an agency filter in a query':
    "export const q = (db: any, actor: { agencyId: string }) => db.selectFrom('case_file').where('owner_agency_id', '=', actor.agencyId);",
  'an agency filter in SQL':
    'export const q = (sql: any, actor: { agencyId: string }) => sql`SELECT 1 WHERE owner_agency_id = ${actor.agencyId}`;',
};

describe('access decisions outside src/access are lint errors', () => {
  it.each(Object.entries(LEAKS))('catches %s in a capability folder', async (_what, code) => {
    expect(await accessErrors(code, 'src/registry/leak.ts')).not.toEqual([]);
  });

  it.each(Object.entries(LEAKS))('allows %s in src/access', async (_what, code) => {
    expect(await accessErrors(code, 'src/access/rule.ts')).toEqual([]);
  });
});
