// The load generator, run as a child process so that autocannon does not share
// the event loop of the Lantern server it measures. It receives one LoadSpec
// over IPC, runs autocannon and sends back a LoadResult.
import autocannon, { type Request } from 'autocannon';
import { latencyOf, type Latency } from './stats.js';

export type Scenario = 'read' | 'create' | 'search';

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  scenario: Scenario;
  tokens: string[];
  caseIds: string[];
  personIds: string[];
  queries: string[];
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

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const cpu0 = process.cpuUsage();
    const latencies: number[] = [];
    const sampleErrors: string[] = [];
    const request = requestFor(spec, (status, body) => {
      if (sampleErrors.length < 5) sampleErrors.push(`${status} ${body.slice(0, 300)}`);
    });
    const instance = autocannon(
      { url: spec.url, connections: spec.connections, duration: spec.seconds, timeout: 30, requests: [request] },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        const cpu = process.cpuUsage(cpu0);
        const statusCodes = Object.fromEntries(
          Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]),
        );
        resolve({
          seconds: result.duration,
          responses: latencies.length,
          ok: result['2xx'],
          rps: result['2xx'] / result.duration,
          latency: latencyOf(latencies),
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodes,
          sampleErrors,
          cpuMs: (cpu.user + cpu.system) / 1000,
        });
      },
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
    });
  });
}

if (process.send) {
  process.once('message', (spec: LoadSpec) => {
    runLoad(spec).then(
      (result) => process.send!({ result }, () => process.exit(0)),
      (error: unknown) => process.send!({ error: String(error) }, () => process.exit(1)),
    );
  });
}
