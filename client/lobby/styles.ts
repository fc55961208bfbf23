/** The lobby's and the room panel's styles, installed once (no CSS import: plain TS for tsc and Vite alike). */
const CSS = `
.lobby { position: fixed; inset: 0; display: flex; flex-direction: column; align-items: center; gap: 10px;
  padding: 6vh 16px; box-sizing: border-box; overflow-y: auto; background: radial-gradient(circle at 50% 20%, #1d2636, #10141c 70%); }
.lobby h1 { margin: 0 0 6px; font-size: 34px; letter-spacing: 2px; }
.lobby-about { margin: 0 0 6px; max-width: 460px; text-align: center; opacity: 0.8; }
.lobby h2 { margin: 14px 0 0; font-size: 15px; font-weight: 600; opacity: 0.8; }
.lobby label { display: flex; gap: 8px; align-items: center; }
.lobby input, .room-panel input { background: #0b0f17; color: #e8ecf3; border: 1px solid #3a4558; border-radius: 5px; padding: 7px 9px; font: inherit; }
.lobby input.code { width: 8ch; text-transform: uppercase; letter-spacing: 2px; font-family: ui-monospace, monospace; }
.lobby button, .room-panel button { background: #2a3446; color: #e8ecf3; border: 1px solid #4a5670; border-radius: 5px; padding: 7px 14px; font: inherit; cursor: pointer; }
.lobby button.primary { background: #2f6fdf; border-color: #4f8af0; }
.lobby button:disabled { opacity: 0.5; cursor: default; }
.lobby button.small, .room-panel button.small { padding: 2px 10px; }
.lobby-actions { display: flex; gap: 8px; }
.lobby-picker { display: flex; flex-direction: column; align-items: center; gap: 8px; }
.lobby-games { display: flex; gap: 6px; flex-wrap: wrap; justify-content: center; }
.lobby select { background: #0b0f17; color: #e8ecf3; border: 1px solid #3a4558; border-radius: 5px; padding: 6px 8px; font: inherit; }
.lobby-message { min-height: 1.4em; margin: 2px 0; color: #ffcf6e; max-width: 460px; text-align: center; }
.lobby-rooms { width: min(460px, 100%); }
.lobby-rooms table { width: 100%; border-collapse: collapse; }
.lobby-rooms th { text-align: left; font-weight: 600; opacity: 0.6; padding: 4px 6px; }
.lobby-rooms td { padding: 5px 6px; border-top: 1px solid rgba(255,255,255,0.08); }
.lobby-rooms .num { text-align: right; }
.lobby-rooms .act { text-align: right; width: 1%; }
.lobby-full { opacity: 0.6; font-style: italic; }
.lobby-empty { opacity: 0.6; text-align: center; }
.room-panel { position: fixed; left: 10px; bottom: 10px; width: min(340px, 60vw); background: rgba(10,14,22,0.78);
  border: 1px solid rgba(255,255,255,0.12); border-radius: 6px; padding: 6px 8px; font-size: 13px; z-index: 5; }
.room-title { display: flex; align-items: center; gap: 6px; }
.room-title strong { font-family: ui-monospace, monospace; letter-spacing: 2px; color: #8fc1ff; }
.room-title button { margin-left: auto; }
.room-status { color: #ffcf6e; margin-top: 4px; }
.room-log { max-height: 150px; overflow-y: auto; margin: 6px 0; word-wrap: break-word; }
.room-log .sys { opacity: 0.65; font-style: italic; }
.room-log .who { color: #8fc1ff; }
.room-chat input { width: 100%; box-sizing: border-box; }
`;

export function installLobbyStyles(): void {
  if (document.getElementById('lobby-styles')) return;
  const style = document.createElement('style');
  style.id = 'lobby-styles';
  style.textContent = CSS;
  document.head.append(style);
}
