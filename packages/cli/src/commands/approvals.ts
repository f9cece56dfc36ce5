import { join } from 'node:path';
import { type QueuedApproval, queueApprover, sqliteStore } from '@portcullis/core';
import { CliError, type CliIo, paint } from '../io.ts';

/** Where approvals are answered: a guard server (operator key) or the local SQLite store. */
export interface ApprovalTarget {
  /** Guard server URL (or PORTCULLIS_URL). */
  server?: string;
  /** Operator API key (or PORTCULLIS_API_KEY). */
  apiKey?: string;
  /** Local data directory holding state.db (default ./.portcullis). */
  dataDir?: string;
  /** Who answers, for the local store (default: the OS user). */
  approver?: string;
}

interface Answerer {
  list(status?: QueuedApproval['status']): Promise<QueuedApproval[]>;
  answer(
    id: string,
    decision: 'approve' | 'reject',
    extra: { role?: string; reason?: string },
  ): Promise<QueuedApproval>;
  close(): void;
}

function remote(url: string, apiKey: string): Answerer {
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(new URL(path, url.endsWith('/') ? url : `${url}/`), {
      ...init,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    });
    const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } } & Record<
      string,
      unknown
    >;
    if (!response.ok) throw new CliError(`${url}: ${body.error?.message ?? `HTTP ${response.status}`}`);
    return body;
  };
  return {
    async list(status) {
      return (await call(`v1/approvals${status ? `?status=${status}` : ''}`))[
        'approvals'
      ] as QueuedApproval[];
    },
    async answer(id, decision, extra) {
      const body = await call(`v1/approvals/${encodeURIComponent(id)}/${decision}`, {
        method: 'POST',
        body: JSON.stringify(extra),
      });
      return body['approval'] as QueuedApproval;
    },
    close() {},
  };
}

function local(dataDir: string, approver: string): Answerer {
  const store = sqliteStore({ path: join(dataDir, 'state.db') });
  const queue = queueApprover({ store });
  return {
    list: (status) => queue.list(status ? { status } : {}),
    answer: (id, decision, extra) =>
      decision === 'approve'
        ? queue.approve(id, { approver, ...(extra.role ? { role: extra.role } : {}) })
        : queue.reject(id, { approver, ...(extra.reason ? { reason: extra.reason } : {}) }),
    close: () => store.close(),
  };
}

function answerer(target: ApprovalTarget): Answerer {
  const server = target.server ?? process.env['PORTCULLIS_URL'];
  if (server) {
    const key = target.apiKey ?? process.env['PORTCULLIS_API_KEY'];
    if (!key)
      throw new CliError('An operator key is needed for --server (--api-key or PORTCULLIS_API_KEY)', 2);
    return remote(server, key);
  }
  return local(target.dataDir ?? './.portcullis', target.approver ?? process.env['USER'] ?? 'cli');
}

/** `portcullis approvals list`: one line per request. */
export async function approvalsListCommand(
  io: CliIo,
  target: ApprovalTarget & { status?: QueuedApproval['status'] | 'all' },
): Promise<number> {
  const c = paint(io);
  const source = answerer(target);
  try {
    const status = target.status === 'all' ? undefined : (target.status ?? 'pending');
    const approvals = await source.list(status);
    if (approvals.length === 0) io.out(c.dim(`no ${status ?? ''} approvals\n`.replace('  ', ' ')));
    for (const a of approvals) {
      const who = a.principal?.userId ?? a.principal?.agentId ?? '';
      const call = a.callId ? `  call ${a.callId}` : '';
      io.out(
        `${c.bold(a.id)}  ${a.status}  ${a.tool} ${JSON.stringify(a.args)}${who ? `  ${who}` : ''}${call}\n    ${a.reasons.join('; ')}${a.chain.length ? `  (chain: ${a.chain.join(' → ')}, ${a.levels.length} granted)` : ''}\n`,
      );
    }
    return 0;
  } finally {
    source.close();
  }
}

/** `portcullis approvals approve|reject <id>`. */
export async function approvalsAnswerCommand(
  io: CliIo,
  decision: 'approve' | 'reject',
  id: string,
  target: ApprovalTarget & { role?: string; reason?: string },
): Promise<number> {
  const c = paint(io);
  const source = answerer(target);
  try {
    const record = await source.answer(id, decision, {
      ...(target.role ? { role: target.role } : {}),
      ...(target.reason ? { reason: target.reason } : {}),
    });
    const mark = record.status === 'rejected' ? c.red('✘ rejected') : c.green(`✔ ${record.status}`);
    io.out(`${mark} ${record.id} (${record.tool})\n`);
    return 0;
  } finally {
    source.close();
  }
}
