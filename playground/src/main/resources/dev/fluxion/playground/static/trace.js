// The evaluation trace, walked one step at a time.
// Forward mode: step k evaluates row k with its tangent (value and tangent together, dual numbers).
// Reverse mode: the primal values come first (one evaluation), then step k is the k-th step of the
// reverse sweep: one contribution v̄_source ∂v_source/∂v_row added to the adjoint of a row.

/** A number as the trace tables print it: at most 3 decimals, trailing zeros dropped. */
export function fmt(v) {
  if (typeof v !== 'number') return String(v); // "NaN", "Infinity" or an array
  return String(Number(v.toFixed(3)));
}

/** How many steps a walk has in `mode`. */
export function stepCount(data, mode, seed) {
  return mode === 'forward' ? forwardTrace(data, seed).rows.length : data.reverse.steps.length;
}

function forwardTrace(data, seed) {
  return data.forward.find(t => t.seed === seed) ?? data.forward[0];
}

/**
 * Draws the trace after `k` steps into `view` ({table, steps, now}) and returns what to highlight
 * in the graph: {active, source, edges}.
 */
export function drawTrace(data, mode, seed, k, view) {
  return mode === 'forward' ? drawForward(data, seed, k, view) : drawReverse(data, k, view);
}

function drawForward(data, seed, k, view) {
  const rows = forwardTrace(data, seed).rows;
  table(view.table, ['primal trace', 'value', 'tangent trace', 'value'], rows, (row, i) => i < k
    ? [`${row.name} = ${row.operation}`, fmt(row.value), `${row.derivative.name} = ${row.derivative.rule}`,
       fmt(row.derivative.value)]
    : [`${row.name} = ${row.operation}`, '', '', '']);
  mark(view.table, k - 1);
  view.steps.replaceChildren();
  const last = rows[rows.length - 1];
  if (k === 0) {
    view.now.textContent = 'Press Step: each step computes one row’s value and its tangent together.';
    return { active: null, source: null, edges: [] };
  }
  const row = rows[k - 1];
  view.now.textContent = k === rows.length
    ? `Done: this sweep gives ∂f/∂${seed} = ${row.derivative.name} = ${fmt(last.derivative.value)}. ` +
      'Each other input needs a sweep of its own.'
    : `${row.derivative.name} = ${row.derivative.rule} = ${fmt(row.derivative.value)}`;
  const edges = data.graph.edges.filter(e => e.to === row.name).map(e => [e.from, e.to]);
  return { active: row.name, source: null, edges };
}

function drawReverse(data, k, view) {
  const { rows, steps } = data.reverse;
  // The adjoint of each row after k steps: the value of the last step that set it.
  const adjoint = new Map();
  steps.slice(0, k).forEach(s => adjoint.set(s.row, s.value));
  table(view.table, ['primal trace', 'value', 'adjoint', 'value'], rows, row => [
    `${row.name} = ${row.operation}`, fmt(row.value),
    adjoint.has(row.name) ? row.derivative.name : '', adjoint.has(row.name) ? fmt(adjoint.get(row.name)) : '']);
  view.steps.replaceChildren(...steps.slice(0, k).map((s, i) => {
    const li = document.createElement('li');
    li.textContent = `${s.formula} = ${fmt(s.value)}`;
    if (i === k - 1) li.className = 'active';
    return li;
  }));
  if (k === 0) {
    mark(view.table, -1);
    view.now.textContent = 'The primal values are computed first. Press Step to sweep back from ȳ = 1.';
    return { active: null, source: null, edges: [] };
  }
  const step = steps[k - 1];
  mark(view.table, rows.findIndex(r => r.name === step.row));
  const inputs = rows.slice(0, data.forward.length); // the inputs v(1-n) … v0 come first
  view.now.textContent = k === steps.length
    ? 'Done: this one sweep gives every partial derivative: ' +
      inputs.map(r => `∂f/∂${r.operation} = ${fmt(adjoint.get(r.name))}`).join(', ') + '.'
    : `${step.formula} = ${fmt(step.value)}`;
  return { active: step.row, source: step.source, edges: step.source ? [[step.row, step.source]] : [] };
}

/** Fills `el` with a header row and one row per trace row; `cells(row, i)` gives the cells' text. */
function table(el, headers, rows, cells) {
  const head = document.createElement('tr');
  headers.forEach(h => head.append(Object.assign(document.createElement('th'), { textContent: h })));
  const body = rows.map((row, i) => {
    const tr = document.createElement('tr');
    tr.dataset.row = row.name;
    cells(row, i).forEach((text, c) => {
      const td = Object.assign(document.createElement('td'), { textContent: text });
      td.className = ['formula', 'value', 'derivative', 'derivative-value'][c];
      tr.append(td);
    });
    return tr;
  });
  el.replaceChildren(head, ...body);
}

/** Highlights table row `index` (-1: none). */
function mark(el, index) {
  [...el.querySelectorAll('tr[data-row]')].forEach((tr, i) => tr.classList.toggle('active', i === index));
}
