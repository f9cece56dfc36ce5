// The engines compared on each peer case, and the check that they all decide every input alike.
import { type CallContext, createEngine, type Verdict } from '@portcullis/core';
import { agtDecider } from './peer-agt.ts';
import { type Outcome, type PeerCase, peerCases } from './peer-cases.ts';
import { cedarDecider } from './peer-cedar.ts';

/** One engine on one case: how it is timed, and what it decides. */
export interface Contender {
  /** Row label. */
  name: string;
  /** The timed call, exactly as a user would make it (Portcullis's returns a Promise). */
  run(call: CallContext): unknown;
  /** The outcome of a call, for the agreement check. */
  decide(call: CallContext): Promise<Outcome>;
}

const outcome = (verdict: Verdict): Outcome => (verdict.effect === 'modify' ? 'allow' : verdict.effect);

/** Portcullis, the agent-governance SDK and Cedar on one case, Portcullis first. */
export function contenders(peerCase: PeerCase): Contender[] {
  const engine = createEngine({ policy: peerCase.policy });
  const agt = agtDecider(peerCase);
  const cedar = cedarDecider(peerCase);
  return [
    {
      name: 'Portcullis createEngine',
      run: (call) => engine.evaluate(call),
      decide: async (call) => outcome(await engine.evaluate(call)),
    },
    { name: '@microsoft/agent-governance-sdk PolicyEngine', run: agt, decide: async (call) => agt(call) },
    { name: '@cedar-policy/cedar-wasm', run: cedar, decide: async (call) => cedar(call) },
  ];
}

/** One input's outcome under every engine. */
export interface AgreementRow {
  peerCase: PeerCase;
  call: CallContext;
  outcomes: Outcome[];
  agree: boolean;
}

/** Every engine's outcome on every input of every case. */
export async function agreement(
  cases: readonly PeerCase[] = peerCases,
): Promise<{ names: string[]; rows: AgreementRow[] }> {
  const rows: AgreementRow[] = [];
  let names: string[] = [];
  for (const peerCase of cases) {
    const engines = contenders(peerCase);
    names = engines.map((e) => e.name);
    for (const call of peerCase.calls) {
      const outcomes = await Promise.all(engines.map((e) => e.decide(call)));
      rows.push({ peerCase, call, outcomes, agree: outcomes.every((o) => o === outcomes[0]) });
    }
  }
  return { names, rows };
}
