/** The arena's HUD styles (scoreboard, kill feed, edge arrows, banner, minimap), installed once when its view is created. */
const CSS = `
.hud-scoreboard {
  top: 10px;
  right: 10px;
  min-width: 150px;
  max-width: 220px;
  font-size: 13px;
}
.hud-scoreboard td.name {
  max-width: 120px;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}
.hud-scoreboard .more {
  opacity: 0.55;
  font-size: 11px;
  margin-top: 2px;
}
.hud-killfeed {
  position: absolute;
  top: 10px;
  right: 240px;
  text-align: right;
  font-size: 13px;
  text-shadow: 0 1px 2px #000;
}
.hud-killfeed div {
  background: rgba(10, 14, 22, 0.6);
  border-radius: 4px;
  padding: 1px 8px;
  margin-bottom: 3px;
  transition: opacity 0.2s linear;
}
.hud-killfeed .mine {
  color: #6ff0c0;
}
.hud-killfeed .me-hit {
  color: #ff9b9b;
}
.hud-edge-arrow {
  position: absolute;
  left: 0;
  top: 0;
  width: 0;
  height: 0;
  margin: -9px 0 0 -7px;
  border-top: 9px solid transparent;
  border-bottom: 9px solid transparent;
  border-left: 16px solid #ffb347;
  filter: drop-shadow(0 0 2px #000);
  transform-origin: 7px 9px;
}
.hud-scoreboard table {
  border-collapse: collapse;
  width: 100%;
}
.hud-scoreboard th {
  text-align: left;
  font-weight: 600;
  opacity: 0.7;
  padding-right: 10px;
}
.hud-scoreboard td {
  padding: 1px 10px 1px 0;
}
.hud-scoreboard td.num,
.hud-scoreboard th.num {
  text-align: right;
  padding-right: 0;
  padding-left: 8px;
}
.hud-scoreboard tr.me td {
  color: #6ff0c0;
  font-weight: 600;
}
.hud-scoreboard tr.dead td {
  opacity: 0.5;
}
.hud-banner {
  left: 50%;
  top: 38%;
  transform: translate(-50%, -50%);
  font-size: 22px;
  padding: 12px 22px;
  text-align: center;
}
.hud-minimap {
  right: 10px;
  bottom: 10px;
  padding: 0;
}
.hud-scoreboard tr > :first-child {
  padding-left: 0;
  padding-right: 8px;
  opacity: 0.55;
}
`;

export function installArenaStyles(): void {
  if (document.getElementById('arena-styles')) return;
  const style = document.createElement('style');
  style.id = 'arena-styles';
  style.textContent = CSS;
  document.head.append(style);
}
