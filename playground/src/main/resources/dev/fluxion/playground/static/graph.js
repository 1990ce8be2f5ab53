// The expression graph: the server draws it as SVG (Graphviz or its own layered layout); every
// node is <g id="node-ROW"> and every edge <g class="edge edge-FROM-TO">, ROW being a trace row
// name such as v3. Here we only insert the drawing and move the highlight.

/** Shows the server's SVG drawing in `container`. */
export function showGraph(container, svg) {
  container.innerHTML = svg; // built by the server from escaped labels, never from raw input
}

/**
 * Highlights the node of trace row `active` and the edges `edges` (pairs [from, to]);
 * `source` marks a second node (the use that sends an adjoint back in reverse mode).
 */
export function highlight(container, active, source, edges) {
  for (const cls of ['active', 'source', 'flow']) {
    for (const el of [...container.getElementsByClassName(cls)]) el.classList.remove(cls);
  }
  if (active) container.querySelector(`[id="node-${active}"]`)?.classList.add('active');
  if (source) container.querySelector(`[id="node-${source}"]`)?.classList.add('source');
  for (const [from, to] of edges) {
    for (const el of container.getElementsByClassName(`edge-${from}-${to}`)) el.classList.add('flow');
  }
}

