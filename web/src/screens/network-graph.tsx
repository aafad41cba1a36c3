// The network drawn as a graph (issue 13 §3) with cytoscape and its fCoSE layout. This module is imported
// only by the network screen, with import(), so cytoscape comes in its own file when a network is first
// shown and never weighs on the first screen. Shapes and colours say the type of each node (the legend is
// the screen's); a click on a node asks the screen to expand it one more link. The list on the screen shows
// the same nodes and links for keyboard and screen-reader users: this drawing is `role="img"`.
import { useEffect, useRef } from 'react';
import cytoscape, { type Core, type ElementDefinition, type LayoutOptions, type StylesheetJson } from 'cytoscape';
import fcose from 'cytoscape-fcose';

cytoscape.use(fcose);

export interface GraphNodeView {
  id: string;
  type: string;
  label: string;
  otherAgency: boolean;
}
export interface GraphEdgeView {
  id: string;
  source: string;
  target: string;
  label: string;
}
export interface NetworkGraphProps {
  nodes: readonly GraphNodeView[];
  edges: readonly GraphEdgeView[];
  /** The node the network is read around. */
  around: string;
  /** Nodes and edges of the shortest path shown, and of the cluster highlighted. */
  path: ReadonlySet<string>;
  cluster: ReadonlySet<string>;
  /** What the drawing shows, in words (its accessible name). */
  description: string;
  onExpand(nodeId: string): void;
}

/** Colours from the app's palette, each with a distinct shape so that colour is never the only cue. */
export const NODE_STYLE: Record<string, { shape: string; colour: string }> = {
  suspect: { shape: 'ellipse', colour: '#b91c1c' },
  organisation: { shape: 'hexagon', colour: '#1d4ed8' },
  identifier: { shape: 'diamond', colour: '#b45309' },
  case: { shape: 'round-rectangle', colour: '#4b5563' },
};
const PATH = '#c2410c';
const CLUSTER = '#7c3aed';

const STYLE: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-size': 10,
      color: '#1b1f24',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-wrap': 'ellipsis',
      'text-max-width': '140px',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': '1px',
      width: 26,
      height: 26,
      'border-width': 2,
      'border-color': '#1b1f24',
    },
  },
  ...Object.entries(NODE_STYLE).map(([type, s]) => ({
    selector: `node[type = "${type}"]`,
    style: { shape: s.shape, 'background-color': s.colour },
  })),
  { selector: 'node[type = "case"]', style: { width: 30, height: 20 } },
  { selector: 'node.other-agency', style: { 'border-style': 'dashed' } },
  { selector: 'node.around', style: { 'border-width': 4, width: 32, height: 32 } },
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'line-color': '#8895a4',
      'curve-style': 'bezier',
      label: 'data(label)',
      'font-size': 8,
      color: '#4a5360',
      'text-rotation': 'autorotate',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
    },
  },
  {
    selector: '.cluster',
    style: { 'underlay-color': CLUSTER, 'underlay-opacity': 0.3, 'underlay-padding': 6 },
  },
  { selector: 'node.on-path', style: { 'border-color': PATH, 'border-width': 5 } },
  { selector: 'edge.on-path', style: { 'line-color': PATH, width: 4 } },
] as StylesheetJson;

/**
 * Cytoscape puts a <style> element in the page's head unless one with its id is there: the Content-Security-
 * Policy (style-src 'self') would refuse it. An empty element with that id stands in for it; the one rule it
 * would hold (the container positioned) is in network.css.
 */
function withoutInjectedStylesheet(): void {
  const id = '__________cytoscape_stylesheet';
  if (document.getElementById(id)) return;
  const marker = document.createElement('meta');
  marker.id = id;
  document.head.append(marker);
}

const layout = (randomize: boolean): LayoutOptions =>
  ({
    name: 'fcose',
    quality: 'default',
    randomize,
    animate: false,
    fit: true,
    padding: 24,
    nodeDimensionsIncludeLabels: true,
    idealEdgeLength: 90,
    nodeRepulsion: 8000,
  }) as unknown as LayoutOptions;

export default function NetworkGraph(props: NetworkGraphProps) {
  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const onExpand = useRef(props.onExpand);
  onExpand.current = props.onExpand;

  useEffect(() => {
    if (!container.current) return;
    withoutInjectedStylesheet();
    const instance = cytoscape({
      container: container.current,
      style: STYLE,
      minZoom: 0.2,
      maxZoom: 3,
      wheelSensitivity: 0.3,
      boxSelectionEnabled: false,
    });
    instance.on('tap', 'node', (event) => onExpand.current(event.target.id() as string));
    // Where each node is drawn, for the end-to-end test to click one (ids and pixels only, nothing personal).
    const publish = () => {
      const positions: Record<string, [number, number]> = {};
      instance.nodes().forEach((n) => {
        const p = n.renderedPosition();
        positions[n.id()] = [Math.round(p.x), Math.round(p.y)];
      });
      if (container.current) container.current.dataset.positions = JSON.stringify(positions);
    };
    instance.on('layoutstop viewport', publish);
    cy.current = instance;
    return () => {
      instance.destroy();
      cy.current = null;
    };
  }, []);

  // The elements: added and removed as the screen's network changes, laid out again when it does.
  useEffect(() => {
    const instance = cy.current;
    if (!instance) return;
    const wanted = new Set([...props.nodes.map((n) => n.id), ...props.edges.map((e) => e.id)]);
    const first = instance.elements().empty();
    const stale = instance.elements().filter((el) => !wanted.has(el.id()));
    const added: ElementDefinition[] = [];
    for (const n of props.nodes) {
      const existing = instance.getElementById(n.id);
      if (existing.nonempty()) {
        existing.data('label', n.label);
        continue;
      }
      // A new node starts beside a neighbour already drawn, so that an expansion grows where it was clicked.
      const neighbour = props.edges
        .filter((e) => e.source === n.id || e.target === n.id)
        .map((e) => instance.getElementById(e.source === n.id ? e.target : e.source))
        .find((el) => el.nonempty());
      const at = neighbour?.position();
      added.push({
        group: 'nodes',
        data: { id: n.id, type: n.type, label: n.label },
        classes: n.otherAgency ? 'other-agency' : '',
        ...(at ? { position: { x: at.x + Math.random() * 40 - 20, y: at.y + Math.random() * 40 - 20 } } : {}),
      });
    }
    for (const e of props.edges) {
      if (instance.getElementById(e.id).nonempty()) continue;
      added.push({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, label: e.label } });
    }
    if (stale.empty() && added.length === 0) return;
    instance.batch(() => {
      stale.remove();
      instance.add(added);
    });
    instance.layout(layout(first || !stale.empty())).run();
  }, [props.nodes, props.edges]);

  useEffect(() => {
    const instance = cy.current;
    if (!instance) return;
    instance.batch(() => {
      instance.elements().removeClass('on-path cluster around');
      instance.getElementById(props.around).addClass('around');
      instance.elements().forEach((el) => {
        if (props.path.has(el.id())) el.addClass('on-path');
        if (props.cluster.has(el.id())) el.addClass('cluster');
      });
    });
  }, [props.path, props.cluster, props.around, props.nodes]);

  return (
    <div
      ref={container}
      className="network-graph"
      role="img"
      aria-label={props.description}
      data-testid="network-graph"
      data-nodes={props.nodes.length}
      data-edges={props.edges.length}
    />
  );
}
