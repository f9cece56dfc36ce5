// A guard server in its own process, so a test can kill it with SIGKILL mid-call.
import { hashApiKey } from '../api-keys.ts';
import { createGuardServer } from '../create-guard-server.ts';
import { AGENT_KEY, OPERATOR_KEY } from './test-server.ts';

const [policyPath, dataDir] = process.argv.slice(2);
const server = await createGuardServer({
  policyPath: policyPath as string,
  dataDir: dataDir as string,
  keys: [
    { name: 'bank-agent', hash: hashApiKey(AGENT_KEY), roles: ['agent'] },
    { name: 'ops', hash: hashApiKey(OPERATOR_KEY), roles: ['operator'] },
  ],
  watchIntervalMs: 0,
});
const { url } = await server.listen({ port: 0 });
process.stdout.write(`${JSON.stringify({ url })}\n`);
