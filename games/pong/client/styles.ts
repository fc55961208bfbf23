/** Pong's HUD styles (scores, phase line, feed), installed once when its view is created. */
const CSS = `
.pong-scores { top: 10px; right: 10px; min-width: 170px; font-size: 14px; }
.pong-scores .row { display: flex; gap: 10px; align-items: baseline; }
.pong-scores .side { opacity: 0.55; font-size: 11px; width: 44px; text-transform: uppercase; }
.pong-scores .name { flex: 1; max-width: 130px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.pong-scores .score { font-weight: 700; font-variant-numeric: tabular-nums; }
.pong-scores .me { color: #6ff0c0; }
.pong-scores .held { opacity: 0.5; }
.pong-phase { position: absolute; left: 50%; top: 42%; transform: translate(-50%, -50%); font-size: 26px; font-weight: 600;
  padding: 10px 22px; border-radius: 8px; background: rgba(10, 14, 22, 0.72); text-shadow: 0 1px 2px #000; white-space: nowrap; }
.pong-feed { position: absolute; top: 84px; right: 10px; max-width: 240px; text-align: right; font-size: 14px; text-shadow: 0 1px 2px #000; }
.pong-feed div { background: rgba(10, 14, 22, 0.6); border-radius: 4px; padding: 1px 10px; margin-bottom: 3px; }
.pong-feed .won { color: #ffd28a; font-weight: 600; }
`;

export function installPongStyles(): void {
  if (document.getElementById('pong-styles')) return;
  const style = document.createElement('style');
  style.id = 'pong-styles';
  style.textContent = CSS;
  document.head.append(style);
}
