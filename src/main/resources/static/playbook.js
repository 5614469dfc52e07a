// The playbook page: try a line, see every entry with its examples and counts, undo the agents' feedback, and
// edit -> validate -> save the playbook. Its own module; shares only the API token key with the call page.
const TOKEN_KEY = 'talkhint.apiToken';

const $ = (id) => document.getElementById(id);

let token = sessionStorage.getItem(TOKEN_KEY) || '';
let entries = [];
let lastTried = null;

/** fetch() with the bearer token; a 401 shows the token form and rejects. */
async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401) {
    $('auth').hidden = false;
    throw new Error('The server wants its API token');
  }
  return response;
}

async function json(path, options) {
  const response = await api(path, options);
  const body = response.status === 204 ? null : await response.json();
  if (!response.ok) {
    const error = new Error((body && body.error) || `${response.status} ${response.statusText}`);
    error.body = body;
    throw error;
  }
  return body;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function score(value) {
  return value === null || value === undefined ? '' : ` score ${Number(value).toFixed(2)}`;
}

async function loadPlaybook() {
  const pb = await json('/api/playbook');
  entries = pb.entries;
  $('source').textContent = `${pb.source}${pb.lastError ? ' — your file has a mistake: ' + pb.lastError : ''}`;
  $('meaning-state').textContent = `meaning path: ${pb.meaning} (${pb.model})`;
  $('edit-file').textContent = `Saving writes ${pb.file} and puts it in force at once.`;
  if (!$('yaml').dataset.touched) $('yaml').value = pb.yaml;

  const setup = entries.filter((e) => e.exampleFacts);
  $('setup').hidden = setup.length === 0;
  $('setup-list').replaceChildren(...setup.map((e) => el('li', {}, `${e.title} (${e.id})`)));

  const phrase = entries.filter((e) => e.rule === 'phrase');
  $('missed-hint').replaceChildren(...phrase.map((e) => el('option', { value: e.id }, e.title)));
  $('entries').replaceChildren(...entries.map(entryItem));
}

function entryItem(e) {
  const c = e.counts;
  const li = el('li', { 'data-id': e.id },
    el('strong', {}, e.title), ' ', el('span', { class: 'muted' }, `${e.id} · ${e.kind} · ${e.speaker}`),
    el('div', { class: 'counts muted' },
      el('span', {}, `fired ${c.fired}`), el('span', {}, `useful ${c.useful}`),
      el('span', {}, `wrong ${c.wrong}`), el('span', {}, `missed ${c.missed}`),
      el('span', {}, `${e.triggers.length} triggers`),
      e.meaningThreshold != null ? el('span', {}, `meaning threshold ${e.meaningThreshold}`) : ''));
  if (e.examples.length) li.append(list(`Examples (${e.examples.length})`, e.examples, 'examples'));
  if (e.lookAlikes.length) li.append(list(`Look-alikes (${e.lookAlikes.length})`, e.lookAlikes, 'look-alikes'));
  return li;
}

function list(title, items, cls) {
  return el('details', { class: cls }, el('summary', {}, title), el('ul', {}, ...items.map((t) => el('li', {}, t))));
}

async function tryLine(event) {
  event.preventDefault();
  const text = $('try-text').value.trim();
  if (!text) return;
  const out = $('try-result');
  try {
    const r = await json('/api/hints/try', {
      method: 'POST', body: JSON.stringify({ text, speaker: $('try-speaker').value }),
    });
    lastTried = r.text;
    $('meaning-state').textContent = `meaning path: ${r.meaning}`;
    const fired = r.hints.map((h) => el('li', { class: 'fired', 'data-id': h.id },
      el('span', { class: `tag ${h.path}` }, h.path), el('strong', {}, h.title), score(h.score),
      el('div', { class: 'muted' }, h.path === 'meaning' ? `closest example: “${h.evidence}”` : `trigger ${h.evidence}: “${h.words}”`),
      el('button', { type: 'button', class: 'wrong', onclick: () => feedback(h.id, 'wrong', r.text) }, 'Wrong')));
    const blocked = r.blocked.map((b) => el('li', { class: 'blocked', 'data-id': b.id },
      el('span', { class: 'tag' }, b.reason), el('strong', {}, b.title), score(b.score),
      el('div', { class: 'muted' }, b.detail)));
    out.replaceChildren(
      el('h3', {}, r.hints.length ? 'Fires' : 'Nothing fires'), el('ul', { class: 'plain', id: 'fired' }, ...fired),
      blocked.length ? el('h3', {}, 'Came close, did not fire') : '', el('ul', { class: 'plain', id: 'blocked' }, ...blocked));
    $('missed-row').hidden = false;
  }
  catch (error) {
    out.replaceChildren(el('p', { class: 'error' }, error.message));
  }
}

async function feedback(hintId, verdict, text) {
  try {
    await json('/api/feedback', { method: 'POST', body: JSON.stringify({ hintId, verdict, text }) });
    await Promise.all([loadFeedback(), loadPlaybook()]);
  }
  catch (error) {
    $('try-result').append(el('p', { class: 'error' }, error.message));
  }
}

async function loadFeedback() {
  const items = await json('/api/feedback?limit=100');
  $('feedback').replaceChildren(...items.map((f) => el('li', { 'data-id': String(f.id) },
    el('span', { class: 'tag' }, f.verdict), el('strong', {}, f.hintId), ' ',
    f.text ? `“${f.text}”` : '', ' ', el('span', { class: 'muted' }, f.callSid || 'from this page'), ' ',
    el('button', { type: 'button', class: 'undo', onclick: () => undo(f.id) }, 'Undo'))));
  if (!items.length) $('feedback').replaceChildren(el('li', { class: 'muted' }, 'No feedback yet.'));
}

async function undo(id) {
  await json(`/api/feedback/${id}`, { method: 'DELETE' });
  await Promise.all([loadFeedback(), loadPlaybook()]);
}

function showProblems(errors) {
  $('edit-errors').replaceChildren(...errors.map((e) =>
    el('p', { class: 'error' }, `${e.line ? 'line ' + e.line + ': ' : ''}${e.message}`)));
}

async function validate() {
  $('edit-status').textContent = 'checking…';
  const r = await json('/api/playbook/validate', { method: 'POST', body: JSON.stringify({ yaml: $('yaml').value }) });
  showProblems(r.errors);
  $('edit-status').textContent = r.ok ? 'No mistakes found.' : 'Fix the mistake below before saving.';
  $('edit-status').className = r.ok ? 'ok' : '';
}

async function save() {
  $('edit-status').textContent = 'saving…';
  try {
    const r = await json('/api/playbook', { method: 'PUT', body: JSON.stringify({ yaml: $('yaml').value }) });
    showProblems([]);
    $('edit-status').textContent = `Saved to ${r.file}; in force now.`;
    $('edit-status').className = 'ok';
    delete $('yaml').dataset.touched;
    await loadPlaybook();
  }
  catch (error) {
    showProblems((error.body && error.body.errors) || [{ line: 0, message: error.message }]);
    $('edit-status').textContent = 'Not saved.';
    $('edit-status').className = '';
  }
}

async function exportFeedback(event) {
  event.preventDefault();
  const response = await api('/api/playbook/export');
  $('yaml').value = await response.text();
  $('yaml').dataset.touched = '1';
  $('edit-status').textContent = 'The feedback is in the text below: review it, then save.';
}

function start() {
  $('try-form').addEventListener('submit', tryLine);
  $('missed').addEventListener('click', () => feedback($('missed-hint').value, 'missed', lastTried));
  $('validate').addEventListener('click', () => validate().catch((e) => showProblems([{ line: 0, message: e.message }])));
  $('save').addEventListener('click', save);
  $('export').addEventListener('click', exportFeedback);
  $('yaml').addEventListener('input', () => { $('yaml').dataset.touched = '1'; });
  $('auth-form').addEventListener('submit', (event) => {
    event.preventDefault();
    token = $('auth-token').value.trim();
    sessionStorage.setItem(TOKEN_KEY, token);
    $('auth').hidden = true;
    load();
  });
  load();
}

function load() {
  Promise.all([loadPlaybook(), loadFeedback()])
    .then(() => document.body.setAttribute('data-loaded', 'true'))
    .catch((error) => { $('auth-message').textContent = error.message; });
}

start();
