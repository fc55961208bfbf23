/**
 * The admin page's node section: this node's drain (a Drain button with a deadline, Serve again)
 * and, when clustered, every live node of the registry with its rooms (GET /admin/api/cluster,
 * polled every 2 s). Pieces of the page's one HTML document (adminPage.ts): markup, style and
 * script; the script uses the page's `$`, `el`, `auth` and `act`, and puts every value in the DOM
 * as text.
 */

export const CLUSTER_STYLE = `
#node-panel { display: flex; gap: 12px; align-items: center; margin-bottom: 12px; flex-wrap: wrap; }
#node-panel input { width: 56px; background: #1b222d; color: #dde3ea; border: 1px solid #3a4658; border-radius: 4px; padding: 2px 6px; }
#cluster { margin-bottom: 16px; }
#cluster h2 { font-size: 15px; margin: 8px 0; }
tr.node td { background: #1b222d; font-weight: 600; }
tr.node.self td:first-child::after { content: ' (this node)'; color: #8a97a8; font-weight: 400; }
tr.noderoom td:first-child { padding-left: 28px; }
`;

export const CLUSTER_HTML = `
  <div id="node-panel">
    <span>this node: <b id="node-id">–</b> · <span id="drain-state">–</span></span>
    <label>deadline <input id="drain-deadline" type="number" min="0" max="3600" value="30"> s</label>
    <button id="drain" class="danger">Drain</button>
    <button id="undrain">Serve again</button>
  </div>
  <section id="cluster" hidden>
    <h2>cluster: <span id="cluster-summary"></span></h2>
    <table>
      <thead><tr><th>node / room</th><th>WebSocket URL / mode</th><th>players</th><th>rooms / capacity</th><th>state</th></tr></thead>
      <tbody id="cluster-rows"></tbody>
    </table>
  </section>
`;

export const CLUSTER_SCRIPT = `
async function pollCluster() {
  try {
    const [c, d] = await Promise.all([
      fetch('/admin/api/cluster', { headers: auth, cache: 'no-store' }).then((r) => r.json()),
      fetch('/admin/api/drain', { headers: auth, cache: 'no-store' }).then((r) => r.json()),
    ]);
    $('node-id').textContent = c.nodeId || '–';
    $('drain-state').textContent = d.draining ? 'draining' + (d.deadlineInSec !== null ? ', players moved in ' + d.deadlineInSec + ' s' : '') + ' (' + d.connections + ' connections)' : 'serving';
    $('drain-state').className = d.draining ? 'draining' : '';
    $('undrain').disabled = !d.cancellable;
    $('drain').disabled = d.draining;
    $('cluster').hidden = !c.cluster;
    if (c.cluster) {
      const rows = [];
      const players = c.rooms.reduce((a, r) => a + r.players, 0);
      $('cluster-summary').textContent = c.nodes.length + ' nodes, ' + c.rooms.length + ' public rooms, ' + players + ' players';
      for (const n of c.nodes) {
        rows.push(el('tr', { className: 'node' + (n.nodeId === c.nodeId ? ' self' : '') },
          el('td', { textContent: n.nodeId }), el('td', { textContent: n.wsUrl }), el('td', { textContent: String(n.load) }),
          el('td', { textContent: n.rooms + ' / ' + n.capacity }), el('td', { className: n.draining ? 'draining' : '', textContent: n.draining ? 'draining' : 'serving' })));
        for (const r of c.rooms.filter((x) => x.node === n.nodeId)) {
          rows.push(el('tr', { className: 'noderoom' },
            el('td', { textContent: r.roomId }), el('td', { textContent: r.mode }), el('td', { textContent: r.players + ' / ' + r.capacity }),
            el('td', { textContent: r.ageSec + ' s old' }), el('td', { textContent: r.locked ? 'locked' : 'open' })));
        }
      }
      $('cluster-rows').replaceChildren(...rows);
    }
  } catch (e) {
    $('cluster-summary').textContent = 'cannot load the cluster view: ' + e.message;
  } finally {
    setTimeout(pollCluster, 2000);
  }
}
$('drain').addEventListener('click', () => {
  const sec = Number($('drain-deadline').value);
  if (confirm('Drain this node? No new rooms or seats; in ' + sec + ' s its players are moved (close code 4017).')) void act('/admin/api/drain', { deadlineSec: sec }, 'drain');
});
$('undrain').addEventListener('click', () => void act('/admin/api/drain', { cancel: true }, 'serve again'));
void pollCluster();
`;
