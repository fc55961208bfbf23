/**
 * The admin page's recordings section (docs/operations.md): the server's recordings
 * (GET /admin/api/recordings, polled every 5 s and after a room's recording is started or
 * stopped) with, per file, a download (fetched with the token, saved from the page) and a watch
 * link: the replay viewer's deep link, the token in its fragment (`#token=`, never sent to the
 * server). The rooms table's Record / Stop recording buttons are adminPage.ts's. A piece of the
 * page's one HTML document (markup, style, script); the script uses the page's `$`, `el`, `auth`,
 * `token` and `fmtBytes`, and puts every value in the DOM as text.
 */

export const RECORDINGS_STYLE = `
#recordings { margin-top: 20px; }
#recordings h2 { font-size: 15px; margin: 8px 0; display: flex; gap: 12px; align-items: baseline; }
#recordings-summary { color: #8a97a8; font-weight: 400; font-size: 13px; }
#recording-rows td.file { font-family: ui-monospace, monospace; font-size: 12px; }
#recording-rows td.open, .rec-on { color: #f0b35a; }
#recording-rows a { color: #6cb6ff; margin-right: 10px; }
.rec-on { margin-right: 8px; }
button.record { margin-right: 6px; }
`;

export const RECORDINGS_HTML = `
  <section id="recordings">
    <h2>recordings <span id="recordings-summary">loading…</span> <button id="recordings-refresh">Refresh</button></h2>
    <table>
      <thead><tr><th>file</th><th>game</th><th>mode</th><th>room</th><th>started</th><th>part</th><th>size</th><th>state</th><th></th></tr></thead>
      <tbody id="recording-rows"></tbody>
    </table>
  </section>
`;

export const RECORDINGS_SCRIPT = `
let recordingsTimer = null;
function recordingRow(r) {
  const name = encodeURIComponent(r.file);
  const watch = '/replay?file=' + name + (token ? '#token=' + encodeURIComponent(token) : '');
  return el('tr', { className: 'recording', dataset: { file: r.file } },
    el('td', { className: 'file', textContent: r.file }), el('td', { textContent: r.game }), el('td', { textContent: r.mode }),
    el('td', { textContent: r.roomId }), el('td', { textContent: new Date(r.startedAtMs).toLocaleString() }),
    el('td', { textContent: String(r.part) }), el('td', { textContent: fmtBytes(r.bytes) }),
    el('td', { className: r.closed ? 'state' : 'state open', textContent: r.closed ? 'closed' : 'being written' }),
    el('td', {},
      el('a', { className: 'download', href: '/admin/api/recordings/file?name=' + name, download: r.file, textContent: 'download', dataset: { file: r.file } }),
      el('a', { className: 'watch', href: watch, target: '_blank', rel: 'noopener', textContent: 'watch' })));
}
async function loadRecordings() {
  clearTimeout(recordingsTimer);
  try {
    const res = await fetch('/admin/api/recordings', { headers: auth, cache: 'no-store' });
    if (!res.ok) throw new Error('HTTP ' + res.status);
    const body = await res.json();
    const list = Array.isArray(body.recordings) ? body.recordings : [];
    $('recordings-summary').textContent = !body.enabled ? 'off on this server (start it with --record DIR, or --recordings DIR)'
      : list.length + ' file' + (list.length === 1 ? '' : 's') + ', newest first' + (body.recordingAll ? ' · every room is recorded' : '');
    $('recording-rows').replaceChildren(...list.map(recordingRow));
  } catch (e) {
    $('recordings-summary').textContent = 'cannot load the recordings: ' + e.message;
  } finally {
    recordingsTimer = setTimeout(loadRecordings, 5000);
  }
}
async function downloadRecording(file) {
  try {
    const res = await fetch('/admin/api/recordings/file?name=' + encodeURIComponent(file), { headers: auth, cache: 'no-store' });
    if (!res.ok) throw new Error('HTTP ' + res.status);
    const url = URL.createObjectURL(await res.blob());
    const a = el('a', { href: url, download: file });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    $('notice').textContent = 'download ' + file + ': done';
  } catch (e) {
    $('notice').textContent = 'download ' + file + ': ' + e.message;
  }
}
$('recording-rows').addEventListener('click', (ev) => {
  const a = ev.target instanceof Element ? ev.target.closest('a.download') : null;
  if (!a) return;
  ev.preventDefault();
  void downloadRecording(a.dataset.file);
});
$('recordings-refresh').addEventListener('click', () => void loadRecordings());
void loadRecordings();
`;
