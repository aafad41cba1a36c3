// The network (issue 13 §3): find or record a suspect, then explore the suspects, organisations, identifiers
// and cases around them hop by hop as a list of nodes with their neighbours (keyboard and screen-reader
// friendly), find the shortest path between two suspects, see clusters, and export GraphML or CSV.
// Everything shown comes from the API, which filters it by what the caller may see.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, API, ApiError } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { ErrorMessage, ScreenTitle, useAction } from '../components/ui';
import '../i18n/network';

interface SuspectSummary {
  id: string;
  fullName: string | null;
  aliases: string[];
  sex: string;
}
interface NetworkNode {
  id: string;
  type: 'suspect' | 'organisation' | 'case' | 'identifier';
  label: string;
}
interface NetworkEdge {
  id: string;
  source: string;
  target: string;
  type: string;
  role?: string;
  relation?: string;
}
interface Graph {
  nodes: NetworkNode[];
  edges: NetworkEdge[];
  truncated?: boolean;
}
interface Cluster {
  id: string;
  size: number;
  suspects: number;
}

const SEXES = ['female', 'male', 'other', 'unknown'] as const;
const labelOf = (s: SuspectSummary) => s.fullName || s.aliases[0] || '?';

/** Adds a graph's nodes and edges to another, each once. */
function merge(into: Graph | null, add: Graph): Graph {
  if (!into) return add;
  const nodes = new Map(into.nodes.map((n) => [n.id, n]));
  for (const n of add.nodes) nodes.set(n.id, n);
  const edges = new Map(into.edges.map((e) => [e.id, e]));
  for (const e of add.edges) edges.set(e.id, e);
  return { nodes: [...nodes.values()], edges: [...edges.values()], truncated: into.truncated || add.truncated };
}

export function Network() {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [suspects, setSuspects] = useState<SuspectSummary[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [around, setAround] = useState<NetworkNode | null>(null);
  const [hops, setHops] = useState(1);
  const [graph, setGraph] = useState<Graph | null>(null);
  const [pathFrom, setPathFrom] = useState('');
  const [pathTo, setPathTo] = useState('');
  const [path, setPath] = useState<Graph | null | 'none'>(null);
  const [clusters, setClusters] = useState<Cluster[] | null>(null);
  const [fullName, setFullName] = useState('');
  const [alias, setAlias] = useState('');
  const [sex, setSex] = useState<(typeof SEXES)[number]>('unknown');
  const [saved, setSaved] = useState(false);
  const { busy, error: actionError, run } = useAction();

  const search = async (text = q) => {
    const page = await api.get<{ items: SuspectSummary[] }>('/suspects', { q: text || undefined, limit: 50 });
    setSuspects(page.items);
  };
  useEffect(() => {
    search('').catch(setError);
  }, []);

  const open = (node: NetworkNode) =>
    run(async () => {
      const g = await api.get<Graph>('/network', { around: node.id, hops });
      setAround(node);
      setGraph(g);
      setPath(null);
      const c = await api.get<{ clusters: Cluster[] }>('/network/clusters', { around: node.id });
      setClusters(c.clusters);
    });
  // Expanding a node adds its neighbours to the graph shown (hop by hop).
  const expand = (node: NetworkNode) =>
    run(async () => {
      const g = await api.get<Graph>('/network', { around: node.id, hops: 1 });
      setGraph((prev) => merge(prev, g));
    });

  const findPath = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      try {
        setPath(await api.get<Graph>('/network/path', { from: pathFrom, to: pathTo }));
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) setPath('none');
        else throw err;
      }
    });
  };

  const create = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    if (!fullName.trim() && !alias.trim()) {
      setError(new Error(t('network.errName')));
      return;
    }
    void run(async () => {
      await api.post('/suspects', {
        ...(fullName.trim() ? { fullName: fullName.trim() } : {}),
        aliases: alias.trim() ? [alias.trim()] : [],
        sex,
      });
      setFullName('');
      setAlias('');
      setSaved(true);
      await search();
    });
  };

  const neighbours = useMemo(() => {
    const byId = new Map((graph?.nodes ?? []).map((n) => [n.id, n]));
    const out = new Map<string, { node: NetworkNode; edge: NetworkEdge }[]>();
    for (const e of graph?.edges ?? []) {
      for (const [a, b] of [
        [e.source, e.target],
        [e.target, e.source],
      ] as const) {
        const other = byId.get(b);
        if (!other) continue;
        const list = out.get(a) ?? [];
        list.push({ node: other, edge: e });
        out.set(a, list);
      }
    }
    return out;
  }, [graph]);
  const onPath = useMemo(() => new Set(path && path !== 'none' ? path.nodes.map((n) => n.id) : []), [path]);

  const exportUrl = (format: string) =>
    around ? `${API}/network/export?around=${encodeURIComponent(around.id)}&hops=${hops}&format=${format}` : '#';
  const typeLabel = (type: string) => t(`network.type.${type}` as MessageKey);

  return (
    <>
      <ScreenTitle sub={t('network.intro')}>{t('network.title')}</ScreenTitle>
      <ErrorMessage error={error ?? actionError} />

      <section className="panel" aria-labelledby="h-suspects">
        <h2 id="h-suspects">{t('network.search')}</h2>
        <form
          className="actions"
          onSubmit={(e) => {
            e.preventDefault();
            search().catch(setError);
          }}
        >
          <label>
            <span className="visually-hidden">{t('network.search')}</span>
            <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
          </label>
          <button type="submit">{t('network.searchButton')}</button>
        </form>
        {suspects.length === 0 ? (
          <p>{t('network.none')}</p>
        ) : (
          <ul>
            {suspects.map((s) => (
              <li key={s.id}>
                {labelOf(s)}{' '}
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => open({ id: `suspect:${s.id}`, type: 'suspect', label: labelOf(s) })}
                >
                  {t('network.open')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="h-create">
        <h2 id="h-create">{t('network.create')}</h2>
        <form onSubmit={create}>
          <label>
            {t('network.fullName')}
            <input value={fullName} onChange={(e) => setFullName(e.target.value)} maxLength={200} />
          </label>
          <label>
            {t('network.alias')}
            <input value={alias} onChange={(e) => setAlias(e.target.value)} maxLength={200} />
          </label>
          <label>
            {t('network.sex')}
            <select value={sex} onChange={(e) => setSex(e.target.value as (typeof SEXES)[number])}>
              {SEXES.map((s) => (
                <option key={s} value={s}>
                  {t(`network.sex.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy}>
            {t('network.save')}
          </button>
          {saved && <p role="status">{t('network.saved')}</p>}
        </form>
      </section>

      {around && graph && (
        <section className="panel" aria-labelledby="h-network">
          <h2 id="h-network">{t('network.around', { label: around.label })}</h2>
          <label>
            {t('network.hops')}{' '}
            <select
              value={hops}
              onChange={(e) => {
                setHops(Number(e.target.value));
              }}
            >
              {[1, 2, 3].map((h) => (
                <option key={h} value={h}>
                  {h}
                </option>
              ))}
            </select>
          </label>{' '}
          <button type="button" disabled={busy} onClick={() => open(around)}>
            {t('network.open')}
          </button>
          {graph.truncated && <p role="status">{t('network.truncated', { count: graph.nodes.length })}</p>}
          <table>
            <caption>{t('network.nodes')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('network.node')}</th>
                <th scope="col">{t('network.type')}</th>
                <th scope="col">{t('network.neighbours')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('network.expand')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {graph.nodes.map((n) => (
                <tr key={n.id} className={onPath.has(n.id) ? 'on-path' : undefined} data-node={n.id}>
                  <th scope="row">{onPath.has(n.id) ? <strong>{n.label}</strong> : n.label}</th>
                  <td>{typeLabel(n.type)}</td>
                  <td>
                    {(neighbours.get(n.id) ?? [])
                      .map(
                        ({ node, edge }) =>
                          `${node.label}${edge.role || edge.relation ? ` (${edge.role ?? edge.relation})` : ''}`,
                      )
                      .join('; ')}
                  </td>
                  <td>
                    <button type="button" disabled={busy} onClick={() => expand(n)}>
                      {t('network.expand')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('network.path')}</h3>
          <form onSubmit={findPath}>
            <label>
              {t('network.pathFrom')}
              <select value={pathFrom} onChange={(e) => setPathFrom(e.target.value)} required>
                <option value="" />
                {graph.nodes
                  .filter((n) => n.type === 'suspect')
                  .map((n) => (
                    <option key={n.id} value={n.id.slice('suspect:'.length)}>
                      {n.label}
                    </option>
                  ))}
              </select>
            </label>
            <label>
              {t('network.pathTo')}
              <select value={pathTo} onChange={(e) => setPathTo(e.target.value)} required>
                <option value="" />
                {suspects.map((s) => (
                  <option key={s.id} value={s.id}>
                    {labelOf(s)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={busy}>
              {t('network.findPath')}
            </button>
          </form>
          {path === 'none' && <p role="status">{t('network.noPath')}</p>}
          {path && path !== 'none' && (
            <div role="status">
              <p>{t('network.pathSteps', { count: path.edges.length })}</p>
              <ol className="network-path">
                {path.nodes.map((n) => (
                  <li key={n.id}>
                    {n.label} — {typeLabel(n.type)}
                  </li>
                ))}
              </ol>
            </div>
          )}
          {clusters && (
            <>
              <h3>{t('network.clusters')}</h3>
              <ul>
                {clusters.map((c) => (
                  <li key={c.id}>{t('network.clusterSize', { size: c.size, suspects: c.suspects })}</li>
                ))}
              </ul>
            </>
          )}
          <h3>{t('network.export')}</h3>
          <p className="actions">
            <a href={exportUrl('graphml')} download>
              {t('network.exportGraphml')}
            </a>{' '}
            <a href={exportUrl('csv-nodes')} download>
              {t('network.exportNodes')}
            </a>{' '}
            <a href={exportUrl('csv-edges')} download>
              {t('network.exportEdges')}
            </a>
          </p>
        </section>
      )}
    </>
  );
}
