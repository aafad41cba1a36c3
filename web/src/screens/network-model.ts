// The network as the web app holds it (issue 13 §3): the API's nodes and edges, merged hop by hop, and their
// words in the user's language. Shared by the network screen, its graph and the suspect pages; no React.
import { CASE_ORGANISATION_ROLES, SUSPECT_CASE_ROLES, SUSPECT_ORGANISATION_ROLES } from '../contract';
import type { I18n } from '../i18n';

export type NodeType = 'suspect' | 'organisation' | 'case' | 'identifier';
export interface NetworkNode {
  id: string;
  type: NodeType;
  label: string;
  /** Identifiers: their kind; organisations: theirs. */
  kind?: string;
  ownAgency?: boolean;
}
export interface NetworkEdge {
  id: string;
  source: string;
  target: string;
  type: string;
  role?: string;
  relation?: string;
  recordedAt?: string;
}
export interface Graph {
  nodes: NetworkNode[];
  edges: NetworkEdge[];
  truncated?: boolean;
}

export const NODE_TYPES: readonly NodeType[] = ['suspect', 'organisation', 'identifier', 'case'];

/** Every role a link may carry (the API's `roles` filter takes these). */
export const NETWORK_ROLES: readonly string[] = [
  ...new Set<string>([...SUSPECT_CASE_ROLES, ...CASE_ORGANISATION_ROLES, ...SUSPECT_ORGANISATION_ROLES]),
];

/** Adds a graph's nodes and edges to another, each once. */
export function mergeGraphs(into: Graph | null, add: Graph): Graph {
  if (!into) return add;
  const nodes = new Map(into.nodes.map((n) => [n.id, n]));
  for (const n of add.nodes) nodes.set(n.id, n);
  const edges = new Map(into.edges.map((e) => [e.id, e]));
  for (const e of add.edges) edges.set(e.id, e);
  return { nodes: [...nodes.values()], edges: [...edges.values()], truncated: into.truncated || add.truncated };
}

/** The record a node opens in the app: a suspect's or organisation's page, a case by its reference. */
export function nodeHref(node: NetworkNode): string | null {
  const colon = node.id.indexOf(':');
  const key = node.id.slice(colon + 1);
  if (node.type === 'suspect') return `/suspects/${key}`;
  if (node.type === 'organisation') return `/organisations/${key}`;
  if (node.type === 'case') return `/cases/${key}`;
  return null;
}

/** A node's words: an identifier's kind is said in the user's language ("Số điện thoại: +84…"), not as a code. */
export function nodeText(i18n: Pick<I18n, 'code'>, node: NetworkNode): string {
  if (node.type === 'identifier' && node.kind && node.label.startsWith(`${node.kind}: `))
    return `${i18n.code('network.kind', node.kind)}: ${node.label.slice(node.kind.length + 2)}`;
  return node.label;
}

/** An edge's words: its role or relation in the user's language, or nothing. */
export function edgeText(i18n: Pick<I18n, 'code'>, edge: NetworkEdge): string {
  if (edge.role) return i18n.code('network.role', edge.role);
  if (edge.relation) return i18n.code('network.relation', edge.relation);
  return '';
}
