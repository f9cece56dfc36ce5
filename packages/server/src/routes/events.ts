import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { requireRole } from '../auth.ts';
import type { ServerDeps, ServerEnv } from '../server-deps.ts';

/** `GET /v1/events`: Server-Sent Events of verdicts, outcomes, approvals and policy changes. */
export function eventRoutes(app: Hono<ServerEnv>, deps: ServerDeps, keepAliveMs: number): void {
  app.get('/v1/events', requireRole('operator'), (c) =>
    streamSSE(c, async (stream) => {
      let queue = Promise.resolve();
      const unsubscribe = deps.events.subscribe((event, seq) => {
        // Writes are chained so events arrive in the order they happened.
        queue = queue.then(() =>
          stream.writeSSE({ event: event.type, id: String(seq), data: JSON.stringify(event) }),
        );
      });
      const keepAlive = setInterval(() => {
        queue = queue.then(() => stream.write(': keep-alive\n\n').then(() => {}));
      }, keepAliveMs);
      await stream.writeSSE({
        event: 'ready',
        data: JSON.stringify({ policyVersion: deps.policies.active.version }),
      });
      await new Promise<void>((resolve) => stream.onAbort(resolve));
      clearInterval(keepAlive);
      unsubscribe();
    }),
  );
}
