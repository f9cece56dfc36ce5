import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import { parsePolicy } from '../policy/parse-policy.ts';

/** A local OpenAI-compatible Chat Completions endpoint whose answer each test chooses. */
let answer: (body: { messages: { content: string }[] }) => {
  status?: number;
  content?: string;
  hang?: boolean;
};
const requests: {
  auth: string | undefined;
  body: { model: string; messages: { role: string; content: string }[] };
}[] = [];
let server: Server;
let baseURL: string;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const body = JSON.parse(raw);
      requests.push({ auth: req.headers.authorization, body });
      const reply = answer(body);
      if (reply.hang) return;
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ choices: [{ message: { role: 'assistant', content: reply.content ?? '' } }] }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  process.env['PORTCULLIS_TEST_JUDGE_KEY'] = 'sk-test-judge';
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests.length = 0;
});

const engineWith = (extra = '', deadlineMs = 3000) =>
  createEngine({
    policy: parsePolicy(`version: 1
guards:
  llmJudge:
    baseURL: ${baseURL}
    model: judge-1
    apiKeyEnv: PORTCULLIS_TEST_JUDGE_KEY
    deadlineMs: ${deadlineMs}
${extra}`),
  });
const transfer = (amount: number, intent: string | undefined = 'Pay my landlord $50 rent') => ({
  tool: 'transfer',
  args: { amount, to: 'landlord' },
  source: 'direct' as const,
  intent,
});
const json = (value: unknown) => JSON.stringify(value);

describe('llmJudge guard', () => {
  it('allows an aligned call and asks about a misaligned one [llm-judge.misaligned]', async () => {
    answer = (body) => {
      const user = JSON.parse(body.messages[1]?.content ?? '{}');
      const aligned = JSON.parse(user.arguments).amount === 50;
      return {
        content: json({
          aligned,
          risk: aligned ? 0.1 : 0.9,
          reason: aligned ? 'Matches the request' : 'Amount differs from the request',
        }),
      };
    };
    const engine = engineWith();
    expect((await engine.evaluate(transfer(50))).decisions).toEqual([
      { effect: 'allow', guard: 'llmJudge', reason: 'Judge: Matches the request' },
    ]);
    expect((await engine.evaluate(transfer(5000))).decisions).toEqual([
      { effect: 'ask', guard: 'llmJudge', reason: 'Judge: Amount differs from the request', risk: 0.9 },
    ]);
    expect(requests[0]?.auth).toBe('Bearer sk-test-judge');
    expect(requests[0]?.body.model).toBe('judge-1');
    expect(requests[0]?.body.messages[0]?.role).toBe('system');
  });

  it('denies a misaligned call with onMismatch: deny, and cannot lift another guard’s deny [llm-judge.misaligned]', async () => {
    answer = () => ({ content: json({ aligned: false, risk: 1, reason: 'Not asked for' }) });
    expect((await engineWith('    onMismatch: deny').evaluate(transfer(1))).decisions[0]).toMatchObject({
      effect: 'deny',
      code: 'intent_mismatch',
    });
    answer = () => ({ content: json({ aligned: true, risk: 0, reason: 'fine' }) });
    const engine = createEngine({
      policy: parsePolicy(
        `version: 1\nguards:\n  scope: { deny: [transfer] }\n  llmJudge: { baseURL: "${baseURL}", apiKeyEnv: PORTCULLIS_TEST_JUDGE_KEY }\n`,
      ),
    });
    expect((await engine.evaluate(transfer(50))).effect).toBe('deny');
  });

  it('reuses a cached answer for the same tool, arguments and intent', async () => {
    answer = () => ({ content: json({ aligned: true, risk: 0, reason: 'ok' }) });
    const engine = engineWith();
    await engine.evaluate(transfer(50));
    await engine.evaluate(transfer(50));
    await engine.evaluate(transfer(50, 'Something else'));
    expect(requests).toHaveLength(2);
  });

  it.each([
    ['not JSON', { content: 'Sure! It looks fine.' }, 'the judge did not answer with JSON'],
    ['the wrong shape', { content: json({ ok: true }) }, "the judge's answer does not match the schema"],
    ['an HTTP error', { status: 500 }, 'the judge answered HTTP 500'],
  ])('fails closed on %s [llm-judge.fail-closed]', async (_label, reply, message) => {
    answer = () => reply;
    const verdict = await engineWith().evaluate(transfer(50));
    expect(verdict.decisions[0]).toMatchObject({ effect: 'deny', code: 'guard_error' });
    expect(verdict.reason).toContain(message);
  });

  it('fails closed at its deadline, or open when configured [llm-judge.fail-closed]', async () => {
    answer = () => ({ hang: true });
    const closed = await engineWith('', 200).evaluate(transfer(50));
    expect(closed.decisions[0]).toMatchObject({ effect: 'deny', code: 'guard_timeout' });
    const open = await engineWith('    failMode: open', 200).evaluate(transfer(51));
    expect(open.decisions[0]).toMatchObject({ effect: 'allow', code: 'guard_timeout' });
  }, 10_000);

  it('does not judge calls without an intent, and explain never calls the model', async () => {
    answer = () => ({ content: json({ aligned: true, risk: 0, reason: 'ok' }) });
    const engine = engineWith();
    expect((await engine.evaluate({ ...transfer(50), intent: undefined })).decisions).toEqual([]);
    const explanation = await engine.explain(transfer(50));
    expect(explanation.guards[0]).toMatchObject({ guard: 'llmJudge', applied: false });
    expect(requests).toHaveLength(0);
  });

  it('rejects malformed configuration', () => {
    expect(() => parsePolicy('version: 1\nguards: { llmJudge: { baseURL: not a url } }')).toThrow(
      'guards.llmJudge.baseURL',
    );
  });
});
