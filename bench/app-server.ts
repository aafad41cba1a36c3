// A further Lantern app server for `npm run bench:api` (BENCH_APP_SERVERS): its own process on the same
// PostgreSQL, as a second server behind a load balancer would be. It receives the configuration over IPC,
// answers with its address, and closes on "stop" (its audit events sealed or handed over like any server's).
import { buildLantern } from '../src/app.js';
import type { Config } from '../src/platform/config.js';

process.once('message', (config: Config) => {
  void (async () => {
    const lantern = await buildLantern(config);
    const address = await lantern.app.listen({ host: '127.0.0.1', port: 0 });
    process.send!({ address });
    process.on('message', (message) => {
      if (message !== 'stop') return;
      void lantern.close().then(() => process.send!({ stopped: true }, () => process.exit(0)));
    });
  })().catch((error: unknown) => {
    process.send!({ error: String(error) }, () => process.exit(1));
  });
});
