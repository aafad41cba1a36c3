import { describe, expect, it } from 'vitest';
import { capGraph, connectedComponents, parseNodeId, shortestPath, type GraphEdge } from './network-rules.js';

const edge = (source: string, target: string): GraphEdge => ({ id: `${source}-${target}`, source, target });

/** An in-memory graph's expander, counting how often it is asked (one database query per level in network.ts). */
function memoryGraph(edges: GraphEdge[]) {
  const calls: string[][] = [];
  return {
    calls,
    expand: async (frontier: readonly string[]) => {
      calls.push([...frontier]);
      const set = new Set(frontier);
      return edges.filter((e) => set.has(e.source) || set.has(e.target));
    },
  };
}

describe('node ids', () => {
  it('reads the type and key of a node id and refuses anything else', () => {
    expect(parseNodeId('suspect:abc')).toEqual({ type: 'suspect', key: 'abc' });
    expect(parseNodeId('identifier:00ff')).toEqual({ type: 'identifier', key: '00ff' });
    expect(parseNodeId('person:abc')).toBeNull();
    expect(parseNodeId('suspect:')).toBeNull();
    expect(parseNodeId('abc')).toBeNull();
  });
});

describe('connected groups', () => {
  it('finds each group with its size, largest first, and counts a lone node as a group of one', () => {
    const groups = connectedComponents(
      ['a', 'b', 'c', 'd', 'e', 'f'],
      [edge('a', 'b'), edge('b', 'c'), edge('d', 'e'), edge('c', 'a')],
    );
    expect(groups).toEqual([['a', 'b', 'c'], ['d', 'e'], ['f']]);
  });

  it('ignores an edge to a node that was left out', () => {
    expect(connectedComponents(['a', 'b'], [edge('a', 'x'), edge('x', 'b')])).toEqual([['a'], ['b']]);
  });

  it('joins a long chain into one group', () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => `n${String(i).padStart(4, '0')}`);
    const edges = nodes.slice(1).map((n, i) => edge(nodes[i]!, n));
    const groups = connectedComponents(nodes, edges.reverse());
    expect(groups).toHaveLength(1);
    expect(groups[0]).toHaveLength(1000);
  });
});

describe('shortest path', () => {
  // s1 - c1 - s2 - s3 - s4, and a longer way s1 - o1 - x - y - s4
  const graph = [
    edge('s1', 'c1'),
    edge('c1', 's2'),
    edge('s2', 's3'),
    edge('s3', 's4'),
    edge('s1', 'o1'),
    edge('o1', 'x'),
    edge('x', 'y'),
    edge('y', 'z'),
    edge('z', 's4'),
  ];

  it('finds the shortest way and the edges along it, in order', async () => {
    const g = memoryGraph(graph);
    const path = await shortestPath('s1', 's4', 6, g.expand);
    expect(path?.nodes).toEqual(['s1', 'c1', 's2', 's3', 's4']);
    expect(path?.edges.map((e) => e.id)).toEqual(['s1-c1', 'c1-s2', 's2-s3', 's3-s4']);
  });

  it('works the same whichever end it starts from', async () => {
    const path = await shortestPath('s4', 's1', 6, memoryGraph(graph).expand);
    expect(path?.nodes).toEqual(['s4', 's3', 's2', 'c1', 's1']);
  });

  it('says there is none beyond maxHops, or when the two are not connected', async () => {
    expect(await shortestPath('s1', 's4', 3, memoryGraph(graph).expand)).toBeNull();
    expect(await shortestPath('s1', 's4', 4, memoryGraph(graph).expand)).not.toBeNull();
    expect(await shortestPath('s1', 'alone', 6, memoryGraph(graph).expand)).toBeNull();
  });

  it('asks for one level at a time, from both ends', async () => {
    const g = memoryGraph(graph);
    await shortestPath('s1', 's4', 6, g.expand);
    expect(g.calls.length).toBeLessThanOrEqual(4);
    expect(g.calls.some((c) => c.includes('s4'))).toBe(true);
  });

  it('a node is its own path of length zero', async () => {
    expect(await shortestPath('a', 'a', 1, memoryGraph([]).expand)).toEqual({ nodes: ['a'], edges: [] });
  });

  it('picks the meeting nearest the other end when two meet in the same step', async () => {
    // From a: b and c at depth 1. From d: c (depth 1) and e at depth 1, b only at depth 2 through e.
    const g = [edge('a', 'b'), edge('a', 'c'), edge('c', 'd'), edge('d', 'e'), edge('e', 'b')];
    const path = await shortestPath('a', 'd', 6, memoryGraph(g).expand);
    expect(path?.nodes).toHaveLength(3);
  });
});

describe('capping', () => {
  it('keeps the first nodes and only the edges between them, and says so', () => {
    const r = capGraph(['a', 'b', 'c'], [edge('a', 'b'), edge('b', 'c')], 2);
    expect(r).toEqual({ nodes: ['a', 'b'], edges: [edge('a', 'b')], truncated: true });
    expect(capGraph(['a'], [], 2).truncated).toBe(false);
  });
});
