// The Network lab: creates a session on the server (POST /api/network), trains it live through a
// server-sent event stream (Run), stops it (Pause), steps it one batch (Step) and starts again
// (Reset, or any change of a choice). The server does all the training; the page draws snapshots.
import { drawCurve, drawNetwork, drawRegions, fmt } from './netdraw.js';

const $ = id => document.getElementById(id);
const lab = $('network-lab');
const form = $('net-form');
const state = { id: null, points: [], labels: [], snap: null, source: null, busy: false };

/** Sends a request; {@return its JSON, or throws an Error with the server's message and field} */
async function api(method, path, body) {
  let response;
  try {
    response = await fetch(path, { method, headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new Error('cannot reach the playground server (is ./fluxion serve still running?)');
  }
  if (response.status === 204) return null;
  const json = await response.json();
  if (!response.ok) throw Object.assign(new Error(json.error), { field: json.field, status: response.status });
  return json;
}

/** The form's choices as the API's flat object of strings. */
const choices = () => Object.fromEntries([...new FormData(form)].map(([k, v]) => [k, String(v)]));

/** Runs `work` with the buttons disabled; shows its error, pointing at the field it names. */
async function guarded(work) {
  state.busy = true;
  update();
  try {
    await work();
    $('net-error').hidden = true;
    for (const f of form.elements) f.classList.remove('invalid');
  } catch (e) {
    showError(e);
  } finally {
    state.busy = false;
    update();
  }
}

function showError(e) {
  lab.dataset.state = 'error';
  $('net-error').hidden = false;
  $('net-error-message').textContent = e.message;
  const field = e.field && form.elements[e.field];
  if (field) {
    field.classList.add('invalid');
    field.focus();
  }
}

/** Deletes the old session (if any) and creates one from the form. */
async function reset() {
  stopStream();
  const old = state.id;
  state.id = null;
  if (old) await api('DELETE', `api/network/${old}`).catch(() => {}); // it may have expired already
  const snap = await api('POST', 'api/network', choices());
  Object.assign(state, { id: snap.id, points: snap.points, labels: snap.labels });
  show(snap);
}

/** Opens the event stream; each event is a snapshot, `end` says why the stream stopped. */
function run() {
  const every = Math.max(1, Math.min(200, Math.round(state.snap.steps / 300)));
  $('net-error').hidden = true;
  lab.dataset.state = 'running';
  const source = new EventSource(`api/network/${state.id}/events?every=${every}`);
  state.source = source;
  source.onmessage = e => show(JSON.parse(e.data));
  source.addEventListener('end', e => {
    stopStream();
    update();
    const reason = JSON.parse(e.data).reason;
    if (reason === 'time') showError(new Error('the stream stopped after its time limit; press Run to go on'));
    if (reason === 'error') showError(new Error('training failed on the server; the server log has details'));
  });
  source.onerror = () => {
    if (state.source !== source) return;
    stopStream();
    update();
    showError(new Error('the training stream was refused or lost (the server may be busy, or the session expired); ' +
      'press Run again or Reset'));
  };
  update();
}

function stopStream() {
  state.source?.close();
  state.source = null;
}

/** Pause: close the stream, then ask the server where the run stopped. */
async function pause() {
  stopStream();
  show(await api('POST', `api/network/${state.id}/pause`, {}));
}

function show(snap) {
  state.snap = snap;
  $('net-at').textContent = snap.step;
  $('net-steps').textContent = snap.steps;
  $('net-loss').textContent = fmt(snap.loss);
  $('net-accuracy').textContent = snap.accuracy.toFixed(3);
  $('net-lr').textContent = fmt(snap.learningRate);
  drawRegions($('net-regions'), snap, state.points, state.labels);
  drawCurve($('net-curve'), snap);
  drawNetwork($('net-graph'), snap.layers, document.querySelector('input[name=net-show]:checked').value);
  update();
}

/** Buttons and the lab's data-state follow the session: idle, ready, running, done or error. */
function update() {
  const running = state.source !== null, done = state.snap?.done ?? false;
  $('net-run').textContent = running ? 'Pause' : 'Run';
  $('net-run').disabled = state.busy || !state.id || (done && !running);
  $('net-step').disabled = state.busy || running || !state.id || done;
  $('net-reset').disabled = state.busy;
  if (lab.dataset.state !== 'error' || state.busy) {
    lab.dataset.state = state.busy ? 'busy' : running ? 'running' : done ? 'done' : state.id ? 'ready' : 'idle';
  }
}

$('net-run').addEventListener('click', () => (state.source ? guarded(pause) : run()));
$('net-step').addEventListener('click', () => guarded(async () => show(await api('POST',
  `api/network/${state.id}/step`, { steps: '1' }))));
$('net-reset').addEventListener('click', () => guarded(reset));
form.addEventListener('change', () => guarded(reset));
form.addEventListener('submit', e => { e.preventDefault(); guarded(reset); });
for (const radio of document.querySelectorAll('input[name=net-show]')) {
  radio.addEventListener('change', () => state.snap && show(state.snap));
}
$('net-graph').addEventListener('mouseover', e => {
  if (e.target.dataset?.info) $('net-edge').textContent = e.target.dataset.info;
});
window.addEventListener('pagehide', () => stopStream());

// The first time the tab opens: fill the form with the server's defaults and create a session.
lab.addEventListener('shown', () => {
  if (state.id || state.busy) return;
  guarded(async () => {
    const info = await api('GET', 'api/info');
    for (const [k, v] of Object.entries(info.network.defaults)) form.elements[k].value = String(v);
    await reset();
  });
});
