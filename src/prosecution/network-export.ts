// The network as files for the analysis tools investigators already use (issue 13 §3): GraphML (Gephi, yEd,
// Cytoscape desktop, i2-style tools) and CSV node and edge lists. Pure: the network in, text out.
import { safeText } from '../exports/writer.js';
import type { NetworkEdge, NetworkNode } from './network.js';

const xml = (text: string) =>
  text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '') // not allowed in XML 1.0
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** GraphML 1.0: one undirected graph, keys for each node's type and label and each edge's type, role and date. */
export function toGraphML(network: { nodes: readonly NetworkNode[]; edges: readonly NetworkEdge[] }): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    '  xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    '  <key id="type" for="node" attr.name="type" attr.type="string"/>',
    '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
    '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
    '  <key id="etype" for="edge" attr.name="type" attr.type="string"/>',
    '  <key id="role" for="edge" attr.name="role" attr.type="string"/>',
    '  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>',
    '  <key id="recordedAt" for="edge" attr.name="recordedAt" attr.type="string"/>',
    '  <graph id="lantern-network" edgedefault="undirected">',
  ];
  for (const n of network.nodes) {
    lines.push(`    <node id="${xml(n.id)}">`);
    lines.push(`      <data key="type">${xml(n.type)}</data>`);
    lines.push(`      <data key="label">${xml(n.label)}</data>`);
    if (n.kind) lines.push(`      <data key="kind">${xml(n.kind)}</data>`);
    lines.push('    </node>');
  }
  for (const e of network.edges) {
    lines.push(`    <edge id="${xml(e.id)}" source="${xml(e.source)}" target="${xml(e.target)}">`);
    lines.push(`      <data key="etype">${xml(e.type)}</data>`);
    if (e.role) lines.push(`      <data key="role">${xml(e.role)}</data>`);
    if (e.relation) lines.push(`      <data key="relation">${xml(e.relation)}</data>`);
    lines.push(`      <data key="recordedAt">${xml(e.recordedAt)}</data>`);
    lines.push('    </edge>');
  }
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}

const csvField = (value: string | undefined): string => {
  if (!value) return '';
  const text = safeText(value); // a spreadsheet must not read a label as a formula
  return /[",;\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
const csv = (header: string[], rows: (string | undefined)[][]) =>
  '\ufeff' + [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';

/** The nodes as CSV: id, type, label, kind (UTF-8 with a byte-order mark, so that Excel reads Vietnamese). */
export function toNodesCsv(nodes: readonly NetworkNode[]): string {
  return csv(
    ['id', 'type', 'label', 'kind'],
    nodes.map((n) => [n.id, n.type, n.label, n.kind]),
  );
}

/** The edges as CSV: id, source, target, type, role, relation, recordedAt (Gephi's edge-table columns first). */
export function toEdgesCsv(edges: readonly NetworkEdge[]): string {
  return csv(
    ['id', 'source', 'target', 'type', 'role', 'relation', 'recordedAt'],
    edges.map((e) => [e.id, e.source, e.target, e.type, e.role, e.relation, e.recordedAt]),
  );
}
