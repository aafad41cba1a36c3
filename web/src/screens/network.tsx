// The network (issue 13 §3): find or record a suspect or an organisation, then explore the suspects,
// organisations, identifiers and cases around them hop by hop — as a graph (cytoscape, loaded with import()
// when a network is first shown) or as a list of nodes with their neighbours, which is the keyboard and
// screen-reader view and needs no graph. Filter the links by role and date, find the shortest path between
// two suspects, see clusters with their size, and export GraphML or CSV. Everything shown comes from the API,
// which filters it by what the caller may see; cases are shown by reference only.
import { Component, lazy, Suspense, useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { api, API, ApiError, withQuery } from '../api';
import { ORGANISATION_KINDS } from '../contract';
import { useI18n, type MessageKey } from '../i18n';
import { Link, useRouter } from '../router';
import {
  CheckboxGroup,
  ErrorMessage,
  Loading,
  Notice,
  ScreenTitle,
  SelectField,
  TextField,
  useAction,
} from '../components/ui';
import {
  edgeText,
  mergeGraphs,
  NETWORK_ROLES,
  NODE_TYPES,
  nodeHref,
  nodeText,
  type Graph,
  type NetworkEdge,
  type NetworkNode,
} from './network-model';
import '../i18n/network';
import '../network.css';

// The graph brings cytoscape: its own file, fetched when a network is first shown.
const NetworkGraph = lazy(() => import('./network-graph'));

interface SuspectSummary {
  id: string;
  fullName: string | null;
  aliases: string[];
  ownAgency: boolean;
}
interface OrganisationSummary {
  id: string;
  kind: string;
  name: string;
  ownAgency: boolean;
}
interface Cluster {
  id: string;
  size: number;
  suspects: number;
  nodes: string[];
}
interface Filters {
  hops: number;
  roles: string[];
  from: string;
  to: string;
}

const SEXES = ['female', 'male', 'other', 'unknown'] as const;
const NO_FILTERS: Filters = { hops: 1, roles: [], from: '', to: '' };
const labelOf = (s: SuspectSummary) => s.fullName || s.aliases[0] || '?';
const NODE_ID = /^(suspect|organisation|case):[0-9a-f-]{36}$|^identifier:[A-Za-z0-9_-]{8,128}$/i;

/** The query of the network API for the filters (only those set). */
const filterQuery = (f: Filters) => ({
  roles: f.roles.length ? f.roles.join(',') : undefined,
  from: f.from || undefined,
  to: f.to || undefined,
});

/** Shows the list instead when the graph cannot be drawn (its file did not load, or the drawing failed). */
class GraphBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

export function Network() {
  const i18n = useI18n();
  const { t } = i18n;
  const { location, navigate } = useRouter();
  const aroundParam = location.search.get('around');
  const around = aroundParam && NODE_ID.test(aroundParam) ? aroundParam : null;

  const [q, setQ] = useState('');
  const [suspects, setSuspects] = useState<SuspectSummary[]>([]);
  const [organisations, setOrganisations] = useState<OrganisationSummary[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [dateError, setDateError] = useState(false);
  const [graph, setGraph] = useState<Graph | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [view, setView] = useState<'graph' | 'list'>('graph');
  const [news, setNews] = useState('');
  const [pathFrom, setPathFrom] = useState('');
  const [pathTo, setPathTo] = useState('');
  const [path, setPath] = useState<Graph | null | 'none'>(null);
  const [clusters, setClusters] = useState<Cluster[] | null>(null);
  const [shownCluster, setShownCluster] = useState<string | null>(null);
  const { busy, error: actionError, run } = useAction();

  const search = async (text = q) => {
    const query = { q: text || undefined, limit: 50 };
    const [s, o] = await Promise.all([
      api.get<{ items: SuspectSummary[] }>('/suspects', query),
      api.get<{ items: OrganisationSummary[] }>('/organisations', query),
    ]);
    setSuspects(s.items);
    setOrganisations(o.items);
  };
  useEffect(() => {
    search('').catch(setError);
  }, []);

  // The network around the node named in the address, with the filters applied.
  useEffect(() => {
    if (!around) {
      setGraph(null);
      return;
    }
    let live = true;
    setLoadError(null);
    setPath(null);
    setNews('');
    setShownCluster(null);
    Promise.all([
      api.get<Graph>('/network', { around, hops: applied.hops, ...filterQuery(applied) }),
      api.get<{ clusters: Cluster[] }>('/network/clusters', { around }),
    ]).then(
      ([g, c]) => {
        if (!live) return;
        setGraph(g);
        setClusters(c.clusters);
      },
      (e: unknown) => {
        if (live) {
          setGraph(null);
          setLoadError(e);
        }
      },
    );
    return () => {
      live = false;
    };
  }, [around, applied]);

  const open = (nodeId: string) => {
    setDraft(NO_FILTERS);
    setApplied(NO_FILTERS);
    navigate(withQuery('/network', { around: nodeId }));
  };

  const byId = useMemo(() => new Map((graph?.nodes ?? []).map((n) => [n.id, n])), [graph]);
  const aroundNode = around ? byId.get(around) : undefined;
  const aroundText = aroundNode ? nodeText(i18n, aroundNode) : '';

  // Expanding a node adds its neighbours (one more link, with the filters applied) to the network shown.
  const expand = (nodeId: string) =>
    run(async () => {
      const add = await api.get<Graph>('/network', { around: nodeId, hops: 1, ...filterQuery(applied) });
      const before = new Set(graph?.nodes.map((n) => n.id));
      const count = add.nodes.filter((n) => !before.has(n.id)).length;
      setGraph((prev) => mergeGraphs(prev, add));
      const node = byId.get(nodeId) ?? add.nodes.find((n) => n.id === nodeId);
      setNews(t('network.expanded', { label: node ? nodeText(i18n, node) : '', count }));
    });

  const applyFilters = (e: FormEvent) => {
    e.preventDefault();
    if (draft.from && draft.to && draft.from > draft.to) {
      setDateError(true);
      return;
    }
    setDateError(false);
    setApplied({ ...draft });
  };

  const findPath = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      try {
        const found = await api.get<Graph>('/network/path', { from: pathFrom, to: pathTo });
        // The path's nodes join the network shown, so that it is highlighted there.
        setGraph((g) => mergeGraphs(g, found));
        setPath(found);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) setPath('none');
        else throw err;
      }
    });
  };

  const neighbours = useMemo(() => {
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
  }, [graph, byId]);

  const onPath = useMemo(
    () => new Set(path && path !== 'none' ? [...path.nodes.map((n) => n.id), ...path.edges.map((e) => e.id)] : []),
    [path],
  );
  const inCluster = useMemo(() => {
    const cluster = clusters?.find((c) => c.id === shownCluster);
    if (!cluster) return new Set<string>();
    const ids = new Set(cluster.nodes);
    for (const e of graph?.edges ?? []) if (ids.has(e.source) && ids.has(e.target)) ids.add(e.id);
    return ids;
  }, [clusters, shownCluster, graph]);

  const graphNodes = useMemo(
    () =>
      (graph?.nodes ?? []).map((n) => ({
        id: n.id,
        type: n.type,
        label: nodeText(i18n, n),
        otherAgency: n.ownAgency === false,
      })),
    [graph, i18n],
  );
  const graphEdges = useMemo(
    () => (graph?.edges ?? []).map((e) => ({ id: e.id, source: e.source, target: e.target, label: edgeText(i18n, e) })),
    [graph, i18n],
  );

  const suspectNodes = (graph?.nodes ?? []).filter((n) => n.type === 'suspect');
  const pathTargets = [
    ...suspectNodes.map((n) => ({ value: n.id.slice('suspect:'.length), label: n.label })),
    ...suspects.filter((s) => !byId.has(`suspect:${s.id}`)).map((s) => ({ value: s.id, label: labelOf(s) })),
  ];
  const exportUrl = (format: string) =>
    around ? API + withQuery('/network/export', { around, hops: applied.hops, format, ...filterQuery(applied) }) : '#';
  const typeLabel = (type: string) => t(`network.type.${type}` as MessageKey);
  const counts = graph ? t('network.counts', { nodes: graph.nodes.length, edges: graph.edges.length }) : '';

  const list = graph && (
    <table className="network-list">
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
        {graph.nodes.map((n) => {
          const text = nodeText(i18n, n);
          const href = nodeHref(n);
          const marked = onPath.has(n.id) || inCluster.has(n.id);
          return (
            <tr
              key={n.id}
              className={onPath.has(n.id) ? 'on-path' : inCluster.has(n.id) ? 'in-cluster' : undefined}
              data-node={n.id}
            >
              <th scope="row">
                {href ? <Link to={href}>{text}</Link> : text}
                {marked ? (
                  <span className="visually-hidden">
                    {' '}
                    ({t(onPath.has(n.id) ? 'network.legend.path' : 'network.legend.cluster')})
                  </span>
                ) : null}
              </th>
              <td>{typeLabel(n.type)}</td>
              <td>
                {(neighbours.get(n.id) ?? [])
                  .map(({ node, edge }) => {
                    const words = edgeText(i18n, edge);
                    return `${nodeText(i18n, node)}${words ? ` (${words})` : ''}`;
                  })
                  .join('; ')}
              </td>
              <td>
                <button type="button" disabled={busy} onClick={() => void expand(n.id)}>
                  {t('network.expand')}
                  <span className="visually-hidden"> {text}</span>
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );

  return (
    <>
      <ScreenTitle sub={t('network.intro')}>{t('network.title')}</ScreenTitle>
      <ErrorMessage error={error ?? actionError} />

      <section className="panel" aria-labelledby="h-search">
        <h2 id="h-search">{t('network.search')}</h2>
        <form
          className="actions"
          role="search"
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
        <div className="network-found">
          <div>
            <h3>{t('network.suspects')}</h3>
            {suspects.length === 0 ? (
              <p>{t('network.none')}</p>
            ) : (
              <ul>
                {suspects.map((s) => (
                  <li key={s.id}>
                    <Link to={`/suspects/${s.id}`}>{labelOf(s)}</Link>{' '}
                    <button type="button" onClick={() => open(`suspect:${s.id}`)}>
                      {t('network.open')}
                      <span className="visually-hidden"> {labelOf(s)}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div>
            <h3>{t('network.organisations')}</h3>
            {organisations.length === 0 ? (
              <p>{t('network.noOrganisations')}</p>
            ) : (
              <ul>
                {organisations.map((o) => (
                  <li key={o.id}>
                    <Link to={`/organisations/${o.id}`}>{o.name}</Link> ({i18n.code('network.orgKind', o.kind)}){' '}
                    <button type="button" onClick={() => open(`organisation:${o.id}`)}>
                      {t('network.open')}
                      <span className="visually-hidden"> {o.name}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      </section>

      {around && (
        <section className="panel" aria-labelledby="h-network">
          <h2 id="h-network">{t('network.around', { label: aroundText })}</h2>
          <ErrorMessage error={loadError} />
          {!graph && !loadError && <Loading />}
          {graph && (
            <>
              <form className="network-filters network-form" onSubmit={applyFilters} aria-labelledby="h-filters">
                <h3 id="h-filters">{t('network.filters')}</h3>
                <SelectField
                  label={t('network.hops')}
                  value={String(draft.hops)}
                  onValue={(v) => setDraft({ ...draft, hops: Number(v) })}
                  options={[1, 2, 3].map((h) => ({ value: String(h), label: String(h) }))}
                />
                <TextField
                  label={t('network.from')}
                  type="date"
                  value={draft.from}
                  onValue={(from) => setDraft({ ...draft, from })}
                  error={dateError ? t('network.errDates') : null}
                />
                <TextField
                  label={t('network.to')}
                  type="date"
                  value={draft.to}
                  onValue={(to) => setDraft({ ...draft, to })}
                />
                <CheckboxGroup
                  legend={t('network.roles')}
                  hint={t('network.rolesHint')}
                  columns
                  options={NETWORK_ROLES.map((r) => ({ value: r, label: i18n.code('network.role', r) }))}
                  values={draft.roles}
                  onValues={(roles) => setDraft({ ...draft, roles })}
                />
                <p className="actions">
                  <button type="submit" className="primary" disabled={busy}>
                    {t('network.apply')}
                  </button>{' '}
                  <button
                    type="button"

                    onClick={() => {
                      setDateError(false);
                      setDraft(NO_FILTERS);
                      setApplied(NO_FILTERS);
                    }}
                  >
                    {t('network.clear')}
                  </button>
                </p>
              </form>

              <div className="network-view" role="group" aria-label={t('network.view')}>
                {(['graph', 'list'] as const).map((v) => (
                  <button key={v} type="button" aria-pressed={view === v} onClick={() => setView(v)}>
                    {t(`network.view.${v}`)}
                  </button>
                ))}
              </div>
              <p role="status" className="network-status">
                {counts}
                {news ? ` — ${news}` : ''}
              </p>
              {graph.truncated && (
                <Notice kind="warning">{t('network.truncated', { count: graph.nodes.length })}</Notice>
              )}

              {view === 'graph' ? (
                <div className="network-graph-panel">
                  <p className="hint">{t('network.graphHint')}</p>
                  <GraphBoundary fallback={<Notice kind="warning">{t('network.graphFailed')}</Notice>}>
                    <Suspense fallback={<Loading />}>
                      <NetworkGraph
                        nodes={graphNodes}
                        edges={graphEdges}
                        around={around}
                        path={onPath}
                        cluster={inCluster}
                        description={t('network.graphLabel', {
                          label: aroundText,
                          nodes: graph.nodes.length,
                          edges: graph.edges.length,
                        })}
                        onExpand={(id) => void expand(id)}
                      />
                    </Suspense>
                  </GraphBoundary>
                  <Legend />
                </div>
              ) : (
                list
              )}

              <h3>{t('network.path')}</h3>
              <form onSubmit={findPath} className="network-form">
                <SelectField
                  label={t('network.pathFrom')}
                  value={pathFrom}
                  onValue={setPathFrom}
                  required
                  empty={t('network.choose')}
                  options={suspectNodes.map((n) => ({ value: n.id.slice('suspect:'.length), label: n.label }))}
                />
                <SelectField
                  label={t('network.pathTo')}
                  value={pathTo}
                  onValue={setPathTo}
                  required
                  empty={t('network.choose')}
                  options={pathTargets}
                />
                <button type="submit" disabled={busy}>
                  {t('network.findPath')}
                </button>
              </form>
              {path === 'none' && <p role="status">{t('network.noPath')}</p>}
              {path && path !== 'none' && (
                <div role="status">
                  <p>{t('network.pathSteps', { count: path.edges.length })}</p>
                  <ol className="network-path">
                    {path.nodes.map((n, i) => {
                      const edge = path.edges[i];
                      const words = edge ? edgeText(i18n, edge) : '';
                      return (
                        <li key={n.id}>
                          {nodeText(i18n, n)} — {typeLabel(n.type)}
                          {words ? ` → ${words}` : ''}
                        </li>
                      );
                    })}
                  </ol>
                </div>
              )}

              {clusters && clusters.length > 0 && (
                <>
                  <h3>{t('network.clusters')}</h3>
                  <ul className="network-clusters">
                    {clusters.map((c, i) => (
                      <li key={c.id}>
                        <strong>{t('network.cluster', { n: i + 1 })}</strong>:{' '}
                        {t('network.clusterSize', { size: c.size, suspects: c.suspects })}{' '}
                        <button
                          type="button"

                          aria-pressed={shownCluster === c.id}
                          onClick={() => setShownCluster(shownCluster === c.id ? null : c.id)}
                        >
                          {t('network.highlight')}
                          <span className="visually-hidden"> {t('network.cluster', { n: i + 1 })}</span>
                        </button>
                      </li>
                    ))}
                  </ul>
                </>
              )}

              <h3>{t('network.export')}</h3>
              <p className="hint">{t('network.exportHint', { label: aroundText, hops: applied.hops })}</p>
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
            </>
          )}
        </section>
      )}

      <RecordForms
        onSuspect={(id) => navigate(`/suspects/${id}`)}
        onOrganisation={(id) => navigate(`/organisations/${id}`)}
      />
    </>
  );
}

/** What the shapes and colours of the graph say. */
function Legend() {
  const { t } = useI18n();
  return (
    <div className="network-legend">
      <h3>{t('network.legend')}</h3>
      <ul>
        {NODE_TYPES.map((type) => (
          <li key={type}>
            <span className={`legend-swatch legend-${type}`} aria-hidden="true" /> {t(`network.type.${type}`)}
          </li>
        ))}
        <li>
          <span className="legend-swatch legend-path" aria-hidden="true" /> {t('network.legend.path')}
        </li>
        <li>
          <span className="legend-swatch legend-cluster" aria-hidden="true" /> {t('network.legend.cluster')}
        </li>
        <li>
          <span className="legend-swatch legend-other" aria-hidden="true" /> {t('network.legend.otherAgency')}
        </li>
      </ul>
    </div>
  );
}

/** Recording a new suspect or organisation; each opens on its page once recorded. */
function RecordForms({ onSuspect, onOrganisation }: { onSuspect(id: string): void; onOrganisation(id: string): void }) {
  const { t, code } = useI18n();
  const [fullName, setFullName] = useState('');
  const [alias, setAlias] = useState('');
  const [sex, setSex] = useState<string>('unknown');
  const [nameError, setNameError] = useState(false);
  const [orgName, setOrgName] = useState('');
  const [orgKind, setOrgKind] = useState<string>(ORGANISATION_KINDS[0]);
  const [orgError, setOrgError] = useState(false);
  const suspectAction = useAction();
  const orgAction = useAction();

  const createSuspect = (e: FormEvent) => {
    e.preventDefault();
    const missing = !fullName.trim() && !alias.trim();
    setNameError(missing);
    if (missing) return;
    void suspectAction.run(async () => {
      const s = await api.post<{ id: string }>('/suspects', {
        ...(fullName.trim() ? { fullName: fullName.trim() } : {}),
        aliases: alias.trim() ? [alias.trim()] : [],
        sex,
      });
      onSuspect(s.id);
    });
  };
  const createOrganisation = (e: FormEvent) => {
    e.preventDefault();
    setOrgError(!orgName.trim());
    if (!orgName.trim()) return;
    void orgAction.run(async () => {
      const o = await api.post<{ id: string }>('/organisations', { kind: orgKind, name: orgName.trim() });
      onOrganisation(o.id);
    });
  };

  return (
    <div className="network-forms">
      <section className="panel" aria-labelledby="h-create">
        <h2 id="h-create">{t('network.create')}</h2>
        <ErrorMessage error={suspectAction.error} />
        <form onSubmit={createSuspect} noValidate>
          <TextField
            label={t('network.fullName')}
            value={fullName}
            onValue={setFullName}
            maxLength={200}
            error={nameError ? t('network.errName') : null}
          />
          <TextField label={t('network.alias')} value={alias} onValue={setAlias} maxLength={200} />
          <SelectField
            label={t('network.sex')}
            value={sex}
            onValue={setSex}
            options={SEXES.map((s) => ({ value: s, label: t(`network.sex.${s}`) }))}
          />
          <button type="submit" disabled={suspectAction.busy}>
            {t('network.save')}
          </button>
        </form>
      </section>
      <section className="panel" aria-labelledby="h-create-org">
        <h2 id="h-create-org">{t('network.createOrganisation')}</h2>
        <ErrorMessage error={orgAction.error} />
        <form onSubmit={createOrganisation} noValidate>
          <TextField
            label={t('network.orgName')}
            value={orgName}
            onValue={setOrgName}
            maxLength={300}
            required
            error={orgError ? t('network.errOrgName') : null}
          />
          <SelectField
            label={t('network.orgKind')}
            value={orgKind}
            onValue={setOrgKind}
            options={ORGANISATION_KINDS.map((k) => ({ value: k, label: code('network.orgKind', k) }))}
          />
          <button type="submit" disabled={orgAction.busy}>
            {t('network.save')}
          </button>
        </form>
      </section>
    </div>
  );
}
