// The load generator, run as a child process so that autocannon does not share
// the event loop of the Lantern server it measures. It receives one LoadSpec
// over IPC, runs autocannon and sends back a LoadResult.
import autocannon, { type Request, type Result } from 'autocannon';
import { latencyOf, type Latency } from './stats.js';

export type Scenario = 'read' | 'create' | 'search';
/** The API bench's scenarios, and bench:reporting's: public reports and the hotline's triage queue. */
export type LoadScenario = Scenario | 'report' | 'queue';

export interface LoadSpec {
  /** One or more app servers: the connections are shared out among them. */
  url: string | string[];
  connections: number;
  seconds: number;
  scenario: LoadScenario;
  tokens: string[];
  caseIds: string[];
  personIds: string[];
  queries: string[];
  /** 'report': province codes the public reports name; 'queue': the triage queue's path and query. */
  provinces?: string[];
  queuePath?: string;
  /** Requests per second in all (shared out among the servers), instead of as fast as they are answered. */
  rate?: number;
}

export interface LoadResult {
  seconds: number;
  responses: number;
  ok: number;
  rps: number;
  latency: Latency;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  sampleErrors: string[];
  cpuMs: number;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const TYPES = [
  ['forced_labour'],
  ['sexual_exploitation'],
  ['forced_marriage'],
  ['forced_labour', 'domestic_servitude'],
  ['sexual_exploitation', 'forced_marriage'],
];

const REPORT_TEXTS = [
  'Em gái tôi nhận lời làm việc ở Campuchia qua một quảng cáo trên Facebook, lương 1.500 USD. Từ tuần trước không liên lạc được.',
  'Một nhóm thanh niên ở bến xe được hứa việc làm nhẹ lương cao bên kia biên giới, người dẫn đường giữ hộ chiếu của họ.',
  'Con tôi 16 tuổi nói có người trên Zalo hứa việc làm ở nhà hàng, đã hẹn đón ở ga tàu tối nay.',
];

function requestFor(spec: LoadSpec, onError: (status: number, body: string) => void): Request {
  const auth = () => ({ authorization: `Bearer ${pick(spec.tokens)}` });
  const onResponse = (status: number, body: string) => {
    if (status < 200 || status >= 300) onError(status, body);
  };
  switch (spec.scenario) {
    case 'read':
      return {
        method: 'GET',
        onResponse,
        setupRequest: (r) => ({ ...r, path: `/api/v1/cases/${pick(spec.caseIds)}`, headers: auth() }),
      };
    case 'create':
      return {
        method: 'POST',
        onResponse,
        setupRequest: (r) => ({
          ...r,
          path: '/api/v1/cases',
          headers: { ...auth(), 'content-type': 'application/json' },
          body: JSON.stringify({
            personId: pick(spec.personIds),
            reachedVia: 'walk_in',
            exploitationTypes: pick(TYPES),
          }),
        }),
      };
    case 'report':
      // An anonymous report as the public form's JavaScript-free page would send it, through the API.
      return {
        method: 'POST',
        onResponse,
        setupRequest: (r) => ({
          ...r,
          path: '/api/v1/public/reports',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            whatHappened: pick(REPORT_TEXTS),
            province: pick(spec.provinces ?? ['01']),
            minorInvolved: pick(['yes', 'no', 'unknown']),
            immediateDanger: pick(['yes', 'no', 'no', 'unknown']),
            recruitment: 'online_job_ad',
            destinationCountry: 'KH',
            identifiers: ['+84 912 345 678', 't.me/viec_lam_luong_cao'],
            language: 'vi',
          }),
        }),
      };
    case 'queue':
      return {
        method: 'GET',
        onResponse,
        setupRequest: (r) => ({ ...r, path: spec.queuePath ?? '/api/v1/reports', headers: auth() }),
      };
    case 'search':
      return {
        method: 'GET',
        onResponse,
        setupRequest: (r) => ({
          ...r,
          path: `/api/v1/cases?q=${encodeURIComponent(pick(spec.queries))}&limit=25`,
          headers: auth(),
        }),
      };
  }
}

/** One autocannon run against one server; its latencies go into `latencies`. */
function runOne(
  spec: LoadSpec,
  url: string,
  connections: number,
  latencies: number[],
  sampleErrors: string[],
): Promise<Result> {
  const urls = Array.isArray(spec.url) ? spec.url.length : 1;
  const rate = spec.rate ? spec.rate / urls : undefined;
  return new Promise((resolve, reject) => {
    const request = requestFor(spec, (status, body) => {
      if (sampleErrors.length < 5) sampleErrors.push(`${status} ${body.slice(0, 300)}`);
    });
    const instance = autocannon(
      {
        url,
        connections,
        duration: spec.seconds,
        timeout: 30,
        requests: [request],
        ...(rate ? { overallRate: rate } : {}),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
    });
  });
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const cpu0 = process.cpuUsage();
  const latencies: number[] = [];
  const sampleErrors: string[] = [];
  const urls = Array.isArray(spec.url) ? spec.url : [spec.url];
  // The connections shared out as evenly as they go (32 over 2 servers: 16 each).
  const results = await Promise.all(
    urls.map((url, i) =>
      runOne(
        spec,
        url,
        Math.floor(spec.connections / urls.length) + (i < spec.connections % urls.length ? 1 : 0),
        latencies,
        sampleErrors,
      ),
    ),
  );
  const cpu = process.cpuUsage(cpu0);
  const statusCodes: Record<string, number> = {};
  for (const result of results)
    for (const [code, s] of Object.entries(result.statusCodeStats))
      statusCodes[code] = (statusCodes[code] ?? 0) + s.count;
  const total = (pick: (r: Result) => number) => results.reduce((n, r) => n + pick(r), 0);
  const seconds = Math.max(...results.map((r) => r.duration));
  return {
    seconds,
    responses: latencies.length,
    ok: total((r) => r['2xx']),
    rps: total((r) => r['2xx']) / seconds,
    latency: latencyOf(latencies),
    non2xx: total((r) => r.non2xx),
    errors: total((r) => r.errors),
    timeouts: total((r) => r.timeouts),
    statusCodes,
    sampleErrors,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

if (process.send) {
  process.once('message', (spec: LoadSpec) => {
    runLoad(spec).then(
      (result) => process.send!({ result }, () => process.exit(0)),
      (error: unknown) => process.send!({ error: String(error) }, () => process.exit(1)),
    );
  });
}
