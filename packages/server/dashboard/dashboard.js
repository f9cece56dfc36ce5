// The Portcullis dashboard: plain browser JavaScript, no build step, no third-party code.
// Everything it shows comes from the guard server's API with the operator key; text from the
// server is only ever set as textContent, never parsed as HTML.

const EFFECTS = ['allow', 'deny', 'ask', 'modify'];
const KEY_ITEM = 'portcullis.operatorKey';
const THEME_ITEM = 'portcullis.theme';
const $ = (id) => document.getElementById(id);

const state = {
  key: sessionStorage.getItem(KEY_ITEM),
  totals: {},
  recent: [],
  rows: new Map(),
  stream: undefined,
};

/** Builds an element with text and attributes. */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === 'text') node.textContent = value;
    else if (name === 'className') node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

async function api(path, init = {}) {
  const response = await fetch(path, {
    ...init,
    headers: {
      authorization: `Bearer ${state.key}`,
      'content-type': 'application/json',
      ...(init.headers ?? {}),
    },
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok)
    throw Object.assign(new Error(body.error?.message ?? `HTTP ${response.status}`), {
      status: response.status,
    });
  return body;
}

function who(principal) {
  if (!principal) return '—';
  return principal.userId ?? principal.agentId ?? principal.sessionId ?? principal.tenantId ?? '—';
}

function time(iso) {
  return new Date(iso).toLocaleTimeString();
}

// Theme ---------------------------------------------------------------------------------------

function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  $('theme').textContent = theme === 'dark' ? 'Light theme' : 'Dark theme';
}
applyTheme(
  localStorage.getItem(THEME_ITEM) ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'),
);
$('theme').addEventListener('click', () => {
  const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  localStorage.setItem(THEME_ITEM, next);
  applyTheme(next);
});

// Totals and rates ----------------------------------------------------------------------------

function renderTotals() {
  const minuteAgo = Date.now() - 60_000;
  state.recent = state.recent.filter((event) => event.at >= minuteAgo);
  $('totals').replaceChildren(
    ...EFFECTS.map((effect) => {
      const rate = state.recent.filter((event) => event.effect === effect).length;
      return el(
        'li',
        { 'data-testid': `total-${effect}` },
        el('strong', { className: `effect-${effect}`, text: String(state.totals[effect] ?? 0) }),
        el('span', { text: effect }),
        el('div', { className: 'rate', text: `${rate} / min` }),
      );
    }),
  );
}

// Budgets ---------------------------------------------------------------------------------------

async function loadBudgets() {
  const { budgets } = await api('/v1/budget');
  if (budgets.length === 0) return;
  $('budgets').replaceChildren(
    ...budgets.map((b) =>
      el(
        'li',
        {},
        el('div', { text: `${b.limit} · ${b.owner} · ${b.window}: ${b.used} / ${b.max}` }),
        el('progress', { value: String(Math.min(b.used, b.max)), max: String(b.max) }),
      ),
    ),
  );
}

// Approvals ---------------------------------------------------------------------------------------

async function answer(id, decision, button) {
  button.disabled = true;
  try {
    await api(`/v1/approvals/${encodeURIComponent(id)}/${decision}`, { method: 'POST', body: '{}' });
  } catch (error) {
    button.disabled = false;
    alert(`Could not ${decision}: ${error.message}`);
  }
  await loadApprovals();
}

async function loadApprovals() {
  const { approvals } = await api('/v1/approvals?status=pending');
  if (approvals.length === 0) {
    $('approvals').replaceChildren(el('li', { className: 'empty', text: 'Nothing waits for a human.' }));
    return;
  }
  $('approvals').replaceChildren(
    ...approvals.map((a) => {
      const approve = el('button', {
        type: 'button',
        className: 'approve',
        text: 'Approve',
        'data-testid': 'approve',
      });
      const reject = el('button', {
        type: 'button',
        className: 'reject',
        text: 'Reject',
        'data-testid': 'reject',
      });
      approve.addEventListener('click', () => answer(a.id, 'approve', approve));
      reject.addEventListener('click', () => answer(a.id, 'reject', reject));
      return el(
        'li',
        { 'data-testid': 'approval', 'data-id': a.id },
        el(
          'div',
          {},
          el('strong', { text: a.tool }),
          ` ${JSON.stringify(a.args)} · ${who(a.principal)}${a.callId ? ` · call ${a.callId}` : ''}`,
        ),
        el('div', { className: 'reasons', text: a.reasons.join('; ') }),
        el('div', { text: `expires ${time(a.expiresAt)} ` }, approve, ' ', reject),
      );
    }),
  );
}

// Live feed -----------------------------------------------------------------------------------

function addVerdict(event) {
  const outcome = el('td', { text: '…', 'data-testid': 'outcome' });
  const row = el(
    'tr',
    { 'data-testid': 'decision', 'data-id': event.id, 'data-effect': event.effect },
    el('td', { text: time(event.at) }),
    el('td', { text: event.tool }),
    el('td', { text: who(event.principal) }),
    el('td', { className: `effect-${event.effect}`, text: event.effect }),
    el('td', { text: event.guard }),
    el('td', { text: event.reason }),
    outcome,
  );
  state.rows.set(event.id, outcome);
  $('feed').prepend(row);
  while ($('feed').rows.length > 200) {
    const last = $('feed').rows[$('feed').rows.length - 1];
    state.rows.delete(last.dataset.id);
    last.remove();
  }
  state.totals[event.effect] = (state.totals[event.effect] ?? 0) + 1;
  state.recent.push({ at: Date.now(), effect: event.effect });
  renderTotals();
}

function handle(type, event) {
  if (type === 'verdict') addVerdict(event);
  else if (type === 'outcome') {
    const cell = state.rows.get(event.id);
    if (cell) cell.textContent = event.approver ? `${event.outcome} (${event.approver})` : event.outcome;
    loadBudgets().catch(() => {});
  } else if (type === 'approval') loadApprovals().catch(() => {});
  else if (type === 'policy') loadPolicy().catch(() => {});
}

/** Reads the SSE feed with fetch, so the key travels in a header rather than in the URL. */
async function follow() {
  const controller = new AbortController();
  state.stream = controller;
  try {
    const response = await fetch('/v1/events', {
      headers: { authorization: `Bearer ${state.key}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let type = 'message';
        let data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) type = line.slice(7);
          else if (line.startsWith('data: ')) data += line.slice(6);
        }
        if (type === 'ready') {
          $('connection').textContent = 'live';
          $('connection').classList.add('live');
        } else if (data) handle(type, JSON.parse(data));
        end = buffer.indexOf('\n\n');
      }
    }
  } catch {
    // Reconnect below.
  }
  $('connection').textContent = 'reconnecting…';
  $('connection').classList.remove('live');
  if (state.stream === controller && state.key) setTimeout(follow, 2000);
}

// Audit search ---------------------------------------------------------------------------------

async function searchAudit(form) {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (value) params.set(name, String(value));
  params.set('limit', '100');
  const { records } = await api(`/v1/audit?${params}`);
  $('audit').replaceChildren(
    ...records.map((r) =>
      el(
        'tr',
        { 'data-testid': 'audit-row' },
        el('td', { text: new Date(r.time).toLocaleString() }),
        el('td', { text: r.tool }),
        el('td', { text: who(r.principal) }),
        el('td', { className: `effect-${r.effect}`, text: r.effect }),
        el('td', { text: r.outcome }),
        el('td', { text: r.approver ?? '' }),
        el('td', { text: r.reason }),
        el('td', {}, el('code', { text: r.policyVersion ?? '' })),
      ),
    ),
  );
}
$('audit-form').addEventListener('submit', (event) => {
  event.preventDefault();
  searchAudit(event.currentTarget).catch((error) => alert(error.message));
});

// Start --------------------------------------------------------------------------------------------

async function loadPolicy() {
  const policy = await api('/v1/policy');
  $('policy-name').textContent = policy.name ?? '(unnamed)';
  $('policy-version').textContent = policy.version;
}

async function open() {
  const stats = await api('/v1/stats');
  state.totals = { ...stats.verdicts };
  $('login').hidden = true;
  $('app').hidden = false;
  $('sign-out').hidden = false;
  renderTotals();
  await Promise.all([loadPolicy(), loadApprovals(), loadBudgets(), searchAudit($('audit-form'))]);
  follow();
  setInterval(renderTotals, 5000);
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  state.key = $('key').value.trim();
  try {
    await open();
    sessionStorage.setItem(KEY_ITEM, state.key);
  } catch (error) {
    state.key = null;
    $('login-error').textContent =
      error.status === 401 || error.status === 403 ? 'That key is not an operator key.' : error.message;
  }
});
$('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(KEY_ITEM);
  location.reload();
});

if (state.key) {
  open().catch(() => {
    sessionStorage.removeItem(KEY_ITEM);
    state.key = null;
  });
}
