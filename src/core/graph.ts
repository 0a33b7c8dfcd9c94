// A network is a small DAG: each layer names its inputs; sequential is the default.
// This module resolves those names and orders the layers so that every input comes first.

import { INPUT_ID, type Layer, type Network } from './layers';

export interface GraphNode {
  readonly layer: Layer;
  /** Resolved input ids ('input' for the network input). */
  readonly inputs: readonly string[];
  /** Position in the layer list. */
  readonly index: number;
}

export interface GraphProblem {
  readonly layerId: string;
  readonly message: string;
}

export interface Graph {
  /** Nodes in an order where every input precedes its consumers (the list order when possible). */
  readonly order: readonly GraphNode[];
  readonly byId: ReadonlyMap<string, GraphNode>;
  /** Ids of the layers that read each layer's output. */
  readonly consumers: ReadonlyMap<string, readonly string[]>;
  /** Structural problems (unknown input, duplicate id, cycle), one per offending layer. */
  readonly problems: readonly GraphProblem[];
}

/** The ids a layer reads: its explicit inputs, else the previous layer, else the network input. */
export function resolvedInputs(network: Network, index: number): readonly string[] {
  const layer = network.layers[index];
  if (layer.inputs && layer.inputs.length > 0) return layer.inputs;
  return [index === 0 ? INPUT_ID : network.layers[index - 1].id];
}

export function buildGraph(network: Network): Graph {
  const problems: GraphProblem[] = [];
  const byId = new Map<string, GraphNode>();
  const nodes: GraphNode[] = network.layers.map((layer, index) => ({
    layer,
    inputs: resolvedInputs(network, index),
    index,
  }));
  for (const node of nodes) {
    if (node.layer.id === INPUT_ID) {
      problems.push({
        layerId: node.layer.id,
        message: `the id '${INPUT_ID}' is reserved for the network input`,
      });
    } else if (byId.has(node.layer.id)) {
      problems.push({
        layerId: node.layer.id,
        message: `another layer already has the id '${node.layer.id}'`,
      });
    } else {
      byId.set(node.layer.id, node);
    }
  }
  const consumers = new Map<string, string[]>();
  for (const node of nodes) {
    for (const src of node.inputs) {
      if (src !== INPUT_ID && !byId.has(src)) {
        problems.push({
          layerId: node.layer.id,
          message: `input '${src}' is not a layer of this network`,
        });
      }
      const list = consumers.get(src) ?? [];
      list.push(node.layer.id);
      consumers.set(src, list);
    }
  }
  return { order: topologicalOrder(nodes, byId, problems), byId, consumers, problems };
}

/** Kahn's algorithm, preferring list order so a sequential network keeps its order. */
function topologicalOrder(
  nodes: readonly GraphNode[],
  byId: ReadonlyMap<string, GraphNode>,
  problems: GraphProblem[],
): GraphNode[] {
  const unique = nodes.filter((n) => byId.get(n.layer.id) === n);
  const pending = new Map<string, number>();
  for (const n of unique) {
    pending.set(n.layer.id, n.inputs.filter((i) => i !== INPUT_ID && byId.has(i)).length);
  }
  const done = new Set<string>();
  const order: GraphNode[] = [];
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const n of unique) {
      if (done.has(n.layer.id) || pending.get(n.layer.id) !== 0) continue;
      done.add(n.layer.id);
      order.push(n);
      progressed = true;
      for (const m of unique) {
        if (!done.has(m.layer.id) && m.inputs.includes(n.layer.id)) {
          pending.set(
            m.layer.id,
            (pending.get(m.layer.id) ?? 0) - m.inputs.filter((i) => i === n.layer.id).length,
          );
        }
      }
      break; // restart from the top so list order wins
    }
  }
  for (const n of unique) {
    if (!done.has(n.layer.id)) {
      problems.push({
        layerId: n.layer.id,
        message: 'its inputs form a cycle, so it can never be computed',
      });
      order.push(n);
    }
  }
  return order;
}
