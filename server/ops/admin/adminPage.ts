/**
 * The admin page: one self-contained HTML document (no CDN, no build step) that polls
 * /admin/api/state every second and draws totals, two SVG charts (worst room tick p99, bytes/s
 * in and out) and the rooms with their players, with buttons to close a room, start or stop its
 * recording, or kick a player; above them this node's drain and, when clustered, every node with
 * its rooms (clusterPanel.ts); below them the server's recordings (recordingsPanel.ts).
 * Every value from the server is put in the DOM with textContent, never parsed as HTML; the
 * script and style carry the response's CSP nonce.
 */
import { CLUSTER_HTML, CLUSTER_SCRIPT, CLUSTER_STYLE } from './clusterPanel.ts';
import { RECORDINGS_HTML, RECORDINGS_SCRIPT, RECORDINGS_STYLE } from './recordingsPanel.ts';

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #11151c; color: #dde3ea; }
header { display: flex; gap: 24px; align-items: baseline; padding: 12px 20px; background: #1b222d; flex-wrap: wrap; }
h1 { font-size: 18px; margin: 0 16px 0 0; }
.kpi b { font-size: 18px; display: block; }
.kpi span { color: #8a97a8; font-size: 12px; }
main { padding: 16px 20px; }
.charts { display: flex; gap: 16px; flex-wrap: wrap; margin-bottom: 16px; }
figure { margin: 0; background: #1b222d; padding: 8px 12px; border-radius: 6px; }
figcaption { color: #8a97a8; font-size: 12px; margin-bottom: 4px; }
svg { display: block; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #263040; }
th { color: #8a97a8; font-weight: 500; font-size: 12px; }
tr.room td { background: #1b222d; font-weight: 600; }
tr.player td:first-child { padding-left: 28px; }
button { background: #3a4658; color: #fff; border: 0; border-radius: 4px; padding: 3px 10px; cursor: pointer; }
button.danger { background: #a33a3a; }
#status { margin-left: auto; color: #8a97a8; }
#status.bad, .draining { color: #ff8080; }
#notice { min-height: 20px; color: #9fd39f; }
`;

const SCRIPT = `
'use strict';
const token = new URLSearchParams(location.search).get('token') || '';
const auth = token ? { authorization: 'Bearer ' + token } : {};
const $ = (id) => document.getElementById(id);
const el = (tag, props, ...children) => {
  const e = document.createElement(tag);
  const { dataset, ...rest } = props || {};
  Object.assign(e, rest);
  if (dataset) Object.assign(e.dataset, dataset);
  for (const c of children) e.append(c);
  return e;
};
const history = [];
let last = null;

function fmtBytes(n) {
  if (!(n >= 0)) return '–';
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return n.toFixed(i ? 1 : 0) + ' ' + units[i];
}
function fmtMs(v) { return v === null || v === undefined ? '–' : v.toFixed(2) + ' ms'; }

function chart(svg, series, fmt) {
  const W = 360, H = 120, NS = 'http://www.w3.org/2000/svg';
  svg.replaceChildren();
  svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
  svg.setAttribute('width', W); svg.setAttribute('height', H);
  let max = 0;
  for (const s of series) for (const v of s.values) if (v > max) max = v;
  max = max > 0 ? max * 1.15 : 1;
  const n = Math.max(2, ...series.map((s) => s.values.length));
  for (const y of [H - 1, Math.round((H + 14) / 2)]) {
    const grid = document.createElementNS(NS, 'line');
    grid.setAttribute('x1', '0'); grid.setAttribute('x2', String(W)); grid.setAttribute('y1', y); grid.setAttribute('y2', y);
    grid.setAttribute('stroke', '#263040');
    svg.append(grid);
  }
  for (const s of series) {
    const pts = s.values.map((v, i) => ((i / (n - 1)) * W).toFixed(1) + ',' + (H - ((v || 0) / max) * (H - 14)).toFixed(1));
    const line = document.createElementNS(NS, 'polyline');
    line.setAttribute('points', pts.join(' '));
    line.setAttribute('fill', 'none'); line.setAttribute('stroke', s.color); line.setAttribute('stroke-width', '2');
    svg.append(line);
  }
  const label = document.createElementNS(NS, 'text');
  label.setAttribute('x', '4'); label.setAttribute('y', '11'); label.setAttribute('fill', '#8a97a8'); label.setAttribute('font-size', '11');
  label.textContent = 'max ' + fmt(max / 1.15) + '   ' + series.map((s) => s.name + ' ' + fmt(s.values[s.values.length - 1])).join('   ');
  svg.append(label);
}

function render(s) {
  $('uptime').textContent = s.uptimeSec + ' s';
  $('connections').textContent = s.connections;
  $('players').textContent = s.players;
  $('rooms').textContent = s.roomCount;
  $('p99').textContent = fmtMs(s.worstTickP99Ms);
  $('state').textContent = s.draining ? 'draining' : 'serving';
  $('state').className = s.draining ? 'draining' : '';
  const h = history.length ? history[history.length - 1] : null;
  $('bps').textContent = h ? fmtBytes(h.out) + '/s out, ' + fmtBytes(h.in) + '/s in' : '–';
  chart($('chart-p99'), [{ name: 'p99', color: '#f0b35a', values: history.map((x) => x.p99) }], fmtMs);
  chart($('chart-bytes'), [
    { name: 'out', color: '#6cb6ff', values: history.map((x) => x.out) },
    { name: 'in', color: '#9fd39f', values: history.map((x) => x.in) },
  ], (v) => fmtBytes(v) + '/s');
  const rows = [];
  for (const r of s.rooms) {
    rows.push(el('tr', { className: 'room', id: 'room-' + r.id },
      el('td', { textContent: r.id }), el('td', { textContent: r.type }),
      el('td', { className: 'count', textContent: r.players.length + ' / ' + r.capacity }),
      el('td', { textContent: fmtMs(r.tickP99Ms) }), el('td', { textContent: r.lateTicks + ' / ' + r.skippedTicks }),
      el('td', { textContent: 'tick ' + r.tick + ', ' + r.ageSec + ' s' }),
      el('td', {}, ...recordControls(s, r), el('button', { className: 'danger close-room', textContent: 'Close room', dataset: { room: r.id } }))));
    for (const p of r.players) {
      rows.push(el('tr', { className: 'player' },
        el('td', { className: 'name', textContent: p.name }), el('td', { textContent: '#' + p.id + (p.connected ? '' : ' (disconnected)') }),
        el('td', { textContent: fmtBytes(p.bufferedBytes) + ' buffered' }), el('td', { textContent: p.statesSkipped + ' skipped' }),
        el('td'), el('td'),
        el('td', {}, el('button', { className: 'kick', textContent: 'Kick', dataset: { room: r.id, player: String(p.id) } }))));
    }
  }
  $('room-rows').replaceChildren(...rows);
  $('more').textContent = s.roomCount > s.rooms.length ? (s.roomCount - s.rooms.length) + ' more rooms not listed' : '';
}

function recordControls(s, r) {
  if (!s.recordingsEnabled) return [];
  const button = el('button', { className: 'record', textContent: r.recording ? 'Stop recording' : 'Record', dataset: { room: r.id, on: r.recording ? '' : '1' } });
  return r.recording ? [el('span', { className: 'rec-on', textContent: '● recording' }), button] : [button];
}

async function poll() {
  try {
    const res = await fetch('/admin/api/state', { headers: auth, cache: 'no-store' });
    if (!res.ok) throw new Error('HTTP ' + res.status);
    const s = await res.json();
    if (last && s.atMs > last.atMs) {
      const dt = (s.atMs - last.atMs) / 1000;
      history.push({ p99: s.worstTickP99Ms, out: (s.bytesOut - last.bytesOut) / dt, in: (s.bytesIn - last.bytesIn) / dt });
      if (history.length > 120) history.shift();
    }
    last = s;
    render(s);
    $('status').textContent = 'live · ' + new Date().toLocaleTimeString();
    $('status').className = '';
  } catch (e) {
    $('status').textContent = 'cannot load state: ' + e.message;
    $('status').className = 'bad';
  } finally {
    setTimeout(poll, 1000);
  }
}

async function act(path, body, what) {
  const res = await fetch(path, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const out = await res.json().catch(() => ({}));
  $('notice').textContent = res.ok ? what + ': done' : what + ': ' + (out.error || 'HTTP ' + res.status);
}

$('room-rows').addEventListener('click', (ev) => {
  const b = ev.target;
  if (!(b instanceof HTMLButtonElement)) return;
  const room = b.dataset.room;
  if (b.classList.contains('close-room')) {
    if (confirm('Close room ' + room + '? Its players are disconnected (close code 4008).')) void act('/admin/api/rooms/close', { roomId: room }, 'close room ' + room);
  } else if (b.classList.contains('kick')) {
    const player = Number(b.dataset.player);
    if (confirm('Kick player #' + player + '? (close code 4007)')) void act('/admin/api/players/kick', { roomId: room, playerId: player }, 'kick #' + player);
  } else if (b.classList.contains('record')) {
    const on = b.dataset.on === '1';
    // Again a second later: the writer thread opens (and ends) the file a moment after the answer.
    void act('/admin/api/rooms/record', { roomId: room, on }, (on ? 'record room ' : 'stop recording room ') + room).then(() => { void loadRecordings(); setTimeout(loadRecordings, 1000); });
  }
});
void poll();
`;

export function adminPage(nonce: string): string {
  const kpi = (id: string, label: string): string => `<div class="kpi"><b id="${id}">–</b><span>${label}</span></div>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>arena · admin</title>
<style nonce="${nonce}">${STYLE}${CLUSTER_STYLE}${RECORDINGS_STYLE}</style>
</head>
<body>
<header>
  <h1>arena admin</h1>
  ${kpi('state', 'state')}${kpi('uptime', 'uptime')}${kpi('connections', 'connections')}${kpi('players', 'players')}${kpi('rooms', 'rooms')}${kpi('p99', 'worst tick p99')}${kpi('bps', 'traffic')}
  <span id="status">loading…</span>
  <a href="/replay" target="_blank" rel="noopener">replay viewer</a>
</header>
<main>
  <div class="charts">
    <figure><figcaption>tick duration p99, worst room (ms)</figcaption><svg id="chart-p99" role="img" aria-label="tick p99 chart"></svg></figure>
    <figure><figcaption>bytes per second (out, in)</figcaption><svg id="chart-bytes" role="img" aria-label="bytes per second chart"></svg></figure>
  </div>
  <div id="notice" role="status"></div>
${CLUSTER_HTML}
  <table>
    <thead><tr><th>room / player</th><th>type / id</th><th>players</th><th>tick p99</th><th>late / skipped</th><th>age</th><th></th></tr></thead>
    <tbody id="room-rows"></tbody>
  </table>
  <p id="more"></p>
${RECORDINGS_HTML}
</main>
<script nonce="${nonce}">${SCRIPT}${CLUSTER_SCRIPT}${RECORDINGS_SCRIPT}</script>
</body>
</html>`;
}
