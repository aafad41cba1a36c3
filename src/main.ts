// `npm start`: serves Lantern on PORT, on PostgreSQL (DATABASE_URL) or the embedded database.
import { buildLantern } from './app.js';
import { loadConfig } from './platform/config.js';

const config = loadConfig();
const lantern = await buildLantern(config).catch((error: Error & { exitCode?: unknown }) => {
  console.error(`Lantern could not start: ${error.message}`);
  // 3: the database cannot be opened as it is (wrong or missing master key, data folder in use, server unreachable).
  process.exit(error.exitCode === 3 || (error as NodeJS.ErrnoException).code === 'ECONNREFUSED' ? 3 : 1);
});
const { app, ctx } = lantern;
await app.listen({ port: config.port, host: config.host });

const where = config.databaseUrl
  ? 'the PostgreSQL server in DATABASE_URL'
  : `the embedded database in ${config.dataDir}`;
const adminCount = await ctx.db
  .selectFrom('app_user')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirstOrThrow();
console.log(`Lantern is running at http://localhost:${config.port}/ on ${where}.`);
console.log(
  `API: http://localhost:${config.port}/api/v1/health · OpenAPI: http://localhost:${config.port}/api/v1/openapi.json`,
);
if (Number(adminCount.n) === 0) {
  const dbNote = config.databaseUrl
    ? ''
    : ' (stop the server first: the embedded database allows one process at a time)';
  console.log(
    `No users yet. Create the first administrator${dbNote}:\n` +
      '  npm run lantern -- agency add --code OPS --name "Platform operations" --kind ministry\n' +
      '  npm run lantern -- user add --email admin@example.org --agency OPS --role system_admin\n' +
      'or load the synthetic demo data set: npm run lantern -- demo',
  );
}

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing requests, sealing the audit trail, closing the database.`);
    lantern.close().then(
      () => process.exit(0),
      (error: Error) => {
        console.error(`Shutdown failed: ${error.message}`);
        process.exit(1);
      },
    );
  });
}
