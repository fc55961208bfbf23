/**
 * Where a NetSession's states come from: a copy of the server state (a ClientView) and an event
 * after each State has been applied to it. A live GameClient is one; a replay's recorded states
 * are another (client/replay/RecordedStates.ts), which never reconnects and gets no input timing
 * reports. Inputs go out only through a live GameClient (NetSession.sendInput requires one).
 */
import type { AnyGame } from '../../shared/game/GameDefinition.ts';
import type { InputTimingReport, WelcomeInfo } from '../../shared/protocol.ts';
import type { StateInfo } from '../../shared/sdk/GameClient.ts';
import type { ClientView } from '../../shared/sync/clientView.ts';

export type StateSourceEvents = {
  /** A State was applied to the view. */
  state: [StateInfo];
  /** The connection came back as the same player (live only). */
  reconnected: [WelcomeInfo];
  /** The server's report on how the inputs arrive (live only). */
  inputTiming: [InputTimingReport];
};

export interface StateSource {
  readonly game: AnyGame;
  readonly view: ClientView;
  /** The newest input sequence the server has applied (0 for a source that sends none). */
  readonly ackSeq: number;
  on<K extends keyof StateSourceEvents>(event: K, fn: (...args: StateSourceEvents[K]) => void): () => void;
}
