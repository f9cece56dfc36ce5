import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestId } from '@modelcontextprotocol/sdk/types.js';

/** Where a server-initiated request goes: a client session, and the call it belongs to when known. */
export type RelayRoute =
  | {
      /** The client session to ask. */
      session: Server;
      /** The session's `tools/call` the request belongs to (Streamable HTTP answers on its stream). */
      relatedRequestId?: RequestId;
    }
  | {
      /** Why no session can be chosen. */
      refused: string;
    };

/**
 * The `tools/call` requests in flight to one downstream server, by client session: a request the
 * server sends meanwhile belongs to the session that is waiting on it. Only kept for servers that
 * relay something, so the call path of every other server does no bookkeeping at all.
 */
export class InFlightCalls {
  // A session's ids in arrival order; a session with nothing in flight has no entry.
  private readonly calls = new Map<Server, RequestId[]>();

  /** Records a call the session sent to this server. */
  add(session: Server, id: RequestId): void {
    const ids = this.calls.get(session);
    if (ids === undefined) this.calls.set(session, [id]);
    else ids.push(id);
  }

  /** Forgets a call once it settled (in a `finally`). */
  delete(session: Server, id: RequestId): void {
    const ids = this.calls.get(session);
    if (ids === undefined) return;
    const at = ids.lastIndexOf(id);
    if (at !== -1) ids.splice(at, 1);
    if (ids.length === 0) this.calls.delete(session);
  }

  /**
   * The session a request from this server belongs to: the one session with a call in flight to
   * it; with none, the only open session. Anything else cannot be told apart, so it is refused.
   */
  route(server: string, sessions: ReadonlySet<Server>): RelayRoute {
    if (this.calls.size === 1) {
      const [session, ids] = this.calls.entries().next().value as [Server, RequestId[]];
      const relatedRequestId = ids[ids.length - 1];
      return relatedRequestId === undefined ? { session } : { session, relatedRequestId };
    }
    if (this.calls.size > 1) {
      return {
        refused: `${this.calls.size} client sessions have a tools/call in flight to server "${server}", so the request cannot be routed to one of them`,
      };
    }
    if (sessions.size === 1) return { session: sessions.values().next().value as Server };
    return {
      refused:
        sessions.size === 0
          ? 'no client session is connected'
          : `no tools/call is in flight to server "${server}" and ${sessions.size} client sessions are open, so the request cannot be routed to one of them`,
    };
  }
}
