import type { Json } from './tracked.ts';
import { untracked } from './tracked.ts';

/** A tool: gets the arguments the guard server handed back, returns what the model is told. */
export type Tool = (args: Record<string, Json>) => string;

const PAYEES = ['landlord', 'savings'];

/**
 * The bank's tools (stand-ins), as in `agent.py`. Each call is written to `ran`, so the scenario
 * can assert which tools ran, with which arguments — and that the others never did.
 *
 * @example
 * const ran: { tool: string; args: unknown }[] = [];
 * bankTools(ran)['get_balance']?.({ account: 'checking' }); // 'balance of checking: $4200'
 */
export function bankTools(ran: { tool: string; args: unknown }[]): Record<string, Tool> {
  const logged =
    (tool: string, run: Tool): Tool =>
    (args) => {
      ran.push({ tool, args: untracked(args) });
      return run(args);
    };
  return {
    get_balance: logged('get_balance', (args) => `balance of ${String(args['account'])}: $4200`),
    transfer_funds: logged('transfer_funds', (args) => {
      if (!PAYEES.includes(String(args['to']))) throw new Error(`unknown payee ${String(args['to'])}`);
      return `moved $${String(args['amount'])} to ${String(args['to'])}`;
    }),
    send_email: logged('send_email', (args) => `sent to ${String(args['to'])}: ${String(args['body'])}`),
    // The policy denies this tool, so the agent never runs it.
    close_account: logged('close_account', (args) => `closed ${String(args['account'])}`),
  };
}
