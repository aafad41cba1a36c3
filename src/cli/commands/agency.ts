// `lantern agency add|list`.
import { recordAudit } from '../../access/audit.js';
import { createAgency, listAgencies } from '../../access/directory.js';
import { isProvinceCode, type AgencyKind } from '../../contract/reference/index.js';
import { cliAudit, UsageError, withContext } from '../support.js';

export async function addAgency(o: { code: string; name: string; kind: AgencyKind; province?: string }) {
  if (o.province && !isProvinceCode(o.province))
    throw new UsageError(
      `Unknown province "${o.province}". Use a code from src/contract/reference/provinces.json, e.g. ha-noi.`,
    );
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/.test(o.code))
    throw new UsageError('The code must be 2–32 letters, digits, - or _.');
  await withContext(async (ctx) => {
    const created = await createAgency(ctx.db, {
      code: o.code,
      name: o.name,
      kind: o.kind,
      province: o.province ?? null,
    });
    await recordAudit(ctx.db, cliAudit, {
      action: 'agency.create',
      outcome: 'success',
      recordType: 'agency',
      recordId: created.id,
      details: { via: 'cli' },
    });
    console.log(`Agency ${created.code} added (id ${created.id}).`);
  });
}

export async function listAgenciesCommand() {
  await withContext(async (ctx) => {
    for (const a of await listAgencies(ctx.db))
      console.log(`${a.code}\t${a.kind}\t${a.disabled ? 'disabled' : 'active'}\t${a.name}`);
  });
}
