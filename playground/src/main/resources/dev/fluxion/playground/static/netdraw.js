// The Network lab's drawings: decision regions on a canvas, the loss curve and the network as SVG.
// Class 0 and positive numbers are blue, class 1 and negative numbers orange.
const BLUE = [37, 99, 235];
const ORANGE = [234, 120, 20];
const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes. */
function el(name, attrs = {}) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

const rgb = ([r, g, b], a = 1) => `rgba(${r},${g},${b},${a})`;

/**
 * Paints the grid of class-1 probabilities (row-major from the bottom-left corner) and the points
 * on top, both in the data's `bounds` [xmin, xmax, ymin, ymax].
 */
export function drawRegions(canvas, snap, points, labels) {
  const ctx = canvas.getContext('2d');
  const n = snap.grid, w = canvas.width, h = canvas.height;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const p = snap.probabilities[r * n + c];
      const mix = (k) => Math.round(255 + (((p > 0.5 ? ORANGE : BLUE)[k]) - 255) * Math.abs(p - 0.5) * 1.6);
      ctx.fillStyle = `rgb(${mix(0)},${mix(1)},${mix(2)})`;
      ctx.fillRect(Math.floor(c * w / n), Math.floor((n - 1 - r) * h / n), Math.ceil(w / n), Math.ceil(h / n));
    }
  }
  const [x0, x1, y0, y1] = snap.bounds;
  for (let i = 0; i < labels.length; i++) {
    ctx.beginPath();
    ctx.arc((points[2 * i] - x0) / (x1 - x0) * w, (1 - (points[2 * i + 1] - y0) / (y1 - y0)) * h, 3.5, 0, 2 * Math.PI);
    ctx.fillStyle = rgb(labels[i] === 1 ? ORANGE : BLUE);
    ctx.fill();
    ctx.strokeStyle = 'white';
    ctx.stroke();
  }
}

/** Draws the batch losses (pairs step, loss) on a log scale over the run's length, and the current step. */
export function drawCurve(svg, snap) {
  const W = 420, H = 260, L = 50, B = 24, T = 10;
  const x = s => L + (W - L - 10) * s / snap.steps;
  const losses = snap.curve.filter((_, i) => i % 2 === 1).filter(v => v > 0);
  const lo = Math.log10(Math.min(...losses, snap.loss || 1)), hi = Math.log10(Math.max(...losses, 1e-9));
  const span = Math.max(hi - lo, 1e-6);
  const y = v => T + (H - T - B) * (hi - Math.log10(Math.max(v, 1e-12))) / span;
  const pts = [];
  for (let i = 0; i < snap.curve.length; i += 2) pts.push(`${x(snap.curve[i]).toFixed(1)},${y(snap.curve[i + 1]).toFixed(1)}`);
  const label = v => (v < 0.01 ? v.toExponential(1) : v.toPrecision(3));
  const text = (t, a) => Object.assign(el('text', { class: 'axis', ...a }), { textContent: t });
  svg.replaceChildren(
    el('rect', { x: L, y: T, width: W - L - 10, height: H - T - B, class: 'frame' }),
    el('polyline', { points: pts.join(' '), class: 'loss' }),
    el('line', { x1: x(snap.step), x2: x(snap.step), y1: T, y2: H - B, class: 'now' }),
    text(losses.length ? label(10 ** hi) : '', { x: L - 4, y: T + 10, 'text-anchor': 'end' }),
    text(losses.length ? label(10 ** lo) : '', { x: L - 4, y: H - B, 'text-anchor': 'end' }),
    text('0', { x: L, y: H - 6 }),
    text(`step ${snap.step}`, { x: x(snap.step), y: H - 6, 'text-anchor': 'middle' }),
    text(String(snap.steps), { x: W - 10, y: H - 6, 'text-anchor': 'end' }));
}

/**
 * Draws the network: a column of nodes per layer (inputs x, y; hidden units; the two class
 * logits), an edge per weight. `show` is 'w' (weights) or 'dw' (their gradients ∂L/∂w of the
 * whole-data loss): the color is the sign, the width and opacity the size relative to the largest.
 */
export function drawNetwork(svg, layers, show) {
  const W = 760, H = 360;
  const widths = [layers[0].in, ...layers.map(l => l.out)];
  const pos = widths.map((n, i) => Array.from({ length: n }, (_, j) =>
    [40 + (W - 80) * i / (widths.length - 1), H / 2 + (j - (n - 1) / 2) * Math.min(22, (H - 30) / n)]));
  const largest = Math.max(1e-12, ...layers.flatMap(l => l[show].map(Math.abs)));
  const edges = el('g'), nodes = el('g');
  layers.forEach((l, k) => {
    for (let a = 0; a < l.in; a++) {
      for (let b = 0; b < l.out; b++) {
        const i = a * l.out + b, v = l[show][i], size = Math.abs(v) / largest;
        const line = el('line', { x1: pos[k][a][0], y1: pos[k][a][1], x2: pos[k + 1][b][0], y2: pos[k + 1][b][1],
          stroke: rgb(v >= 0 ? BLUE : ORANGE, 0.15 + 0.85 * size), 'stroke-width': (0.3 + 4 * size).toFixed(2) });
        line.dataset.info = `${name(k, a, widths)} → ${name(k + 1, b, widths)}: w = ${fmt(l.w[i])}, ∂L/∂w = ${fmt(l.dw[i])}`;
        edges.append(line);
      }
    }
  });
  widths.forEach((n, k) => pos[k].forEach(([cx, cy], j) => {
    const circle = el('circle', { cx, cy, r: 6, class: 'unit' });
    circle.dataset.info = k === 0 ? `input ${name(0, j, widths)}`
      : `${name(k, j, widths)}: bias b = ${fmt(layers[k - 1].b[j])}, ∂L/∂b = ${fmt(layers[k - 1].db[j])}`;
    nodes.append(circle);
  }));
  const labels = widths.map((n, k) => Object.assign(el('text', { x: pos[k][0][0], y: 14, class: 'axis',
    'text-anchor': 'middle' }), { textContent: k === 0 ? 'input' : k === widths.length - 1 ? 'output' : `hidden ${k}` }));
  svg.replaceChildren(edges, nodes, ...labels);
}

/** A unit's name: x or y for the inputs, h<layer>.<unit> for hidden ones, class <c> for the outputs. */
function name(k, j, widths) {
  if (k === 0) return j === 0 ? 'x' : 'y';
  return k === widths.length - 1 ? `class ${j}` : `h${k}.${j + 1}`;
}

export const fmt = v => (typeof v === 'number' ? Number(v.toPrecision(4)).toString() : String(v));
