// The Formula lab: sends the formula and the point to POST /api/formula and shows the answer —
// value, gradient, Hessian, symbolic derivatives, the graph and the trace walk — or the error
// with a caret under the character it points at.
import { showGraph, highlight } from './graph.js';
import { drawTrace, fmt, stepCount } from './trace.js';

const $ = id => document.getElementById(id);
const state = { data: null, mode: 'forward', seed: null, k: 0, request: 0 };

/** Asks the server; shows the answer of the latest request only. */
async function compute() {
  const request = ++state.request;
  const formula = $('formula').value;
  const point = $('point').value;
  document.body.dataset.state = 'loading';
  $('compute').disabled = true;
  let status, json;
  try {
    const response = await fetch('api/formula', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ formula, point }),
    });
    status = response.status;
    json = await response.json();
  } catch (e) {
    json = { error: 'cannot reach the playground server (is ./fluxion serve still running?)' };
  }
  if (request !== state.request) return;
  $('compute').disabled = false;
  if (status === 200) showResults(json);
  else showError(json, { formula, point });
}

/** Shows `{error, field, position}`; a caret marks the position in the field's text. */
function showError(json, texts) {
  document.body.dataset.state = 'error';
  $('results').hidden = true;
  $('error').hidden = false;
  $('error-message').textContent = json.error;
  const text = json.field ? texts[json.field] : null;
  const hasPosition = text !== null && Number.isInteger(json.position);
  $('error-caret').hidden = !hasPosition;
  if (hasPosition) {
    $('error-caret').textContent = `${text}\n${' '.repeat(json.position)}^ (${json.field}, character ${json.position + 1})`;
    $(json.field).focus();
    $(json.field).setSelectionRange(json.position, json.position + 1);
  }
}

function showResults(data) {
  state.data = data;
  state.seed = data.forward[0]?.seed ?? null;
  state.k = 0;
  $('error').hidden = true;
  $('results').hidden = false;
  $('value').textContent = fmt(data.value);
  numbers(data);
  showGraph($('graph'), data.graph.svg);
  $('layout-note').textContent = data.graph.layout === 'graphviz'
    ? 'Drawn by Graphviz (dot).' : 'Drawn by the playground’s own layered layout (used without Graphviz).';
  $('seed').replaceChildren(...data.forward.map(t => new Option(t.seed, t.seed)));
  const n = data.sweeps.forward;
  $('sweeps').textContent = `Gradient cost — forward: ${n} sweep${n === 1 ? '' : 's'} for ${n} input${n === 1 ? '' : 's'}` +
    ' (one ∂f/∂x per sweep); reverse: 1 sweep (every adjoint at once).';
  document.body.dataset.state = 'ready';
  redraw();
}

/** The gradient with its symbolic derivatives, and the Hessian. */
function numbers(data) {
  const rows = data.variables.map(x => [`∂f/∂${x}`, fmt(data.gradient[x]), data.symbolic[x]]);
  fill($('gradient'), ['', 'value', 'symbolic'], rows);
  const hessian = data.variables.map(x => [x, ...data.variables.map(y => fmt(data.hessian[x][y]))]);
  fill($('hessian'), ['∂²f', ...data.variables], hessian);
}

/** Fills `table`: a header row, then rows whose first cell is a header too. */
function fill(table, headers, rows) {
  const tr = (cells, header) => {
    const row = document.createElement('tr');
    cells.forEach((text, i) => row.append(Object.assign(document.createElement(header || i === 0 ? 'th' : 'td'),
      { textContent: text })));
    return row;
  };
  table.replaceChildren(tr(headers, true), ...rows.map(r => tr(r, false)));
}

/** Draws the trace at the current step and highlights its node in the graph. */
function redraw() {
  if (!state.data) return;
  const total = stepCount(state.data, state.mode, state.seed);
  state.k = Math.max(0, Math.min(state.k, total));
  const view = { table: $('trace'), steps: $('steps'), now: $('now') };
  const { active, source, edges } = drawTrace(state.data, state.mode, state.seed, state.k, view);
  highlight($('graph'), active, source, edges);
  $('progress').textContent = `step ${state.k} of ${total}`;
  $('seed-label').hidden = state.mode !== 'forward';
  $('back').disabled = $('reset').disabled = state.k === 0;
  $('step').disabled = $('end').disabled = state.k === total;
}

function go(k) {
  state.k = k;
  redraw();
}

$('formula-form').addEventListener('submit', e => { e.preventDefault(); compute(); });
$('reset').addEventListener('click', () => go(0));
$('back').addEventListener('click', () => go(state.k - 1));
$('step').addEventListener('click', () => go(state.k + 1));
$('end').addEventListener('click', () => go(Infinity));
$('seed').addEventListener('change', e => { state.seed = e.target.value; go(0); });
for (const radio of document.querySelectorAll('input[name=mode]')) {
  radio.addEventListener('change', e => { state.mode = e.target.value; go(0); });
}

// The limits come from the server; then show the default formula.
fetch('api/info').then(r => r.json()).then(info => {
  $('formula').maxLength = info.limits.formulaChars;
  $('point').maxLength = info.limits.pointChars;
}).catch(() => {}).finally(compute); // without /api/info, compute() reports the error
