// The worker thread of a full linkage run: it receives the records page by page, then estimates the
// model, scores every candidate pair and clusters, off the server's event loop (other users' requests
// are answered meanwhile). It holds personal data in memory only and writes nothing anywhere.
import { parentPort } from 'node:worker_threads';
import { clusterRecords } from './cluster.js';
import { defaultParameters } from './defaults.js';
import { estimateParameters, linkRecords, scorePair } from './model.js';
import { PERSON_SETTINGS } from './settings.js';
import type { LinkRecord, ScoredPair } from './types.js';
import { errorForLog } from '../platform/http.js';

export interface ComputeRequest {
  type: 'compute';
  automatic: number;
  review: number;
  /** Latest decisions 'same' / 'different' (person_a < person_b). */
  decided: { a: string; b: string; decision: string }[];
}
export type ToWorker = { type: 'records'; records: LinkRecord[] } | ComputeRequest;
export type FromWorker =
  | { type: 'progress'; stage: string; done: number; total: number }
  | {
      type: 'result';
      params: unknown;
      /** person a < person b; pairs at the review threshold and every decided pair. */
      pairs: ScoredPair[];
      /** [person, cluster] for persons whose cluster is not their own id. */
      clusters: [string, string][];
    }
  | { type: 'error'; failure: ReturnType<typeof errorForLog> };

/** Below this, the EM and the random pairs for u have too little to go on. */
const MIN_RECORDS_TO_ESTIMATE = 1000;

const port = parentPort;
if (port) {
  const records: LinkRecord[] = [];
  const post = (m: FromWorker) => port.postMessage(m);
  port.on('message', (message: ToWorker) => {
    if (message.type === 'records') {
      for (const r of message.records) records.push(r);
      return;
    }
    try {
      post({ type: 'progress', stage: 'estimate', done: 0, total: 1 });
      // too few records to estimate anything from: the default parameters
      const params =
        records.length >= MIN_RECORDS_TO_ESTIMATE
          ? estimateParameters(records, PERSON_SETTINGS, {
              onProgress: (done, total) => post({ type: 'progress', stage: 'estimate', done, total }),
            })
          : defaultParameters(PERSON_SETTINGS);
      const found = linkRecords(records, PERSON_SETTINGS, params, {
        minProbability: message.review,
        onProgress: (done, total) => post({ type: 'progress', stage: 'score', done, total }),
      });
      const pairs = new Map<string, ScoredPair>();
      const put = (p: ScoredPair) => {
        const pair = p.a < p.b ? p : { ...p, a: p.b, b: p.a };
        pairs.set(`${pair.a}|${pair.b}`, pair);
      };
      for (const p of found) put(p);
      // decided pairs stay in the list, scored again, whatever their probability
      const byId = new Map(records.map((r) => [r.id, r]));
      for (const d of message.decided) {
        if (pairs.has(`${d.a}|${d.b}`)) continue;
        const a = byId.get(d.a);
        const b = byId.get(d.b);
        if (a && b) put(scorePair(a, b, PERSON_SETTINGS, params));
      }
      const list = [...pairs.values()];
      const clusters = clusterRecords(
        records.map((r) => r.id),
        list,
        {
          threshold: message.automatic,
          confirmed: message.decided.filter((d) => d.decision === 'same').map((d) => [d.a, d.b] as const),
          separated: message.decided.filter((d) => d.decision === 'different').map((d) => [d.a, d.b] as const),
        },
      );
      const moved: [string, string][] = [];
      for (const [id, cluster] of clusters) if (cluster !== id) moved.push([id, cluster]);
      records.length = 0;
      post({ type: 'result', params, pairs: list, clusters: moved });
    } catch (error) {
      // Never the message: it could echo a value of a record. Its type, code and frames say where.
      post({ type: 'error', failure: errorForLog(error) });
    }
  });
}
