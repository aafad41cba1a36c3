import { startLantern, personInput } from './test/support/harness.js';
const l = await startLantern('postgres');
const a = await l.agency('P1');
const inv = await l.user(a, ['investigator']);
const names = ['Lan', 'Hoa', 'Mai', 'Hùng', 'Dũng', 'Tuấn', 'Thảo', 'Linh'];
for (let i = 0; i < 400; i++) {
  const p = await l.call(inv.token, 'POST', '/api/v1/persons', personInput({ givenName: names[i % names.length], middleName: i % 2 ? 'Văn' : 'Thị' }));
  await l.call(inv.token, 'POST', '/api/v1/cases', { personId: p.body.id, reachedVia: 'walk_in' });
}
const ids = (await l.call(inv.token, 'GET', '/api/v1/cases?limit=100')).body.items.map((c: { id: string }) => c.id);
const run = async (label: string, n: number, f: (i: number) => Promise<unknown>) => {
  const t = performance.now();
  for (let i = 0; i < n; i++) await f(i);
  console.log(label, ((performance.now() - t) / n).toFixed(2), 'ms/op');
};
await run('warm search', 200, () => l.call(inv.token, 'GET', '/api/v1/cases?q=nguyen%20thi%20lan'));
await run('search', 1000, () => l.call(inv.token, 'GET', '/api/v1/cases?q=nguyen%20thi%20lan'));
await run('read', 2000, (i) => l.call(inv.token, 'GET', `/api/v1/cases/${ids[i % ids.length]}`));
await l.stop();
