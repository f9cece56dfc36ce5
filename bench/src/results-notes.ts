/** How the figures in RESULTS.md were made, and what they do and do not show. */
export const methodNotes = `## How these were measured

Every table comes from one run of \`pnpm bench\` on the machine above. Each benchmark is its own
Node process, run one after another; within a table every contender gets the same inputs and is
timed the same way, by [tinybench](https://github.com/tinylibs/tinybench) (warm-up first, then one
sample per call: p50 / p99 are per call, ops/s is the mean rate). The engines are each timed in a
fresh process of their own, so none runs on code the JIT shaped for another (and because Node
22's V8 aborted, "unreachable code" in its deoptimizer, when Portcullis's Promise-returning task
and cedar-wasm's synchronous one shared a process); the other contenders share their table's
process. On two cores other
processes can take the CPU mid-run: the load average is noted per section, and p99 is the figure
it moves most. The load includes the benchmarks' own processes (the MCP and store benchmarks run
several at once), which lifts the one-minute figure for the sections after them. A virtual
machine's speed also moves with its host, which no load average shows: the "machine speed" line
times one fixed piece of JavaScript at the start and the end, so runs can be compared through it
(a run whose fixed work took 1.5 times as long ran on a machine 1.5 times slower), and the peers'
rows in the same tables move with it.

**Engine vs peers.** Portcullis \`createEngine\`, \`@microsoft/agent-governance-sdk\` 4.0.0
(\`PolicyEngine.evaluatePolicy\` with a rich policy document) and \`@cedar-policy/cedar-wasm\`
4.13.0 (Node build, \`statefulIsAuthorized\` on a pre-parsed policy set) judge the same calls
under the same two policies: the scope of 20 globs plus 10 argument rules (\`smallPolicy\` in
\`src/policies.ts\`) and the 100-rule policy. Each peer's policy is written by hand in its own
language (\`src/peer-agt.ts\`, \`src/peer-cedar.ts\`); the correctness table printed first shows
every engine's outcome on every input, and any disagreement stops the run before timing. Where a
peer's language cannot express a condition, the harness computes that fact in JavaScript inside
the timed call (\`src/peer-facts.ts\`): tool-name prefixes for the SDK (no glob or prefix
operator), regex, substring and "any list element" facts for the SDK and lower-casing and "any
list element" for Cedar. Ask is the SDK's \`require_approval\`; in Cedar it is a permit policy
named \`ask-…\`, read from the determining policies, and the 100-rule policy's first-match order
is read from them too. Portcullis's \`evaluate\` returns a Promise (its guards may be async); the
peers answer synchronously, and the timing includes that difference. Most of the gap is design:
Portcullis compiles globs and conditions once and remembers per tool name which rules can apply;
the SDK re-parses every rule's condition string on every call; Cedar converts each request's
JSON across the wasm boundary and evaluates every policy. OPA is not measured (see the section).

**Engine evaluate(): the two floors.** The hand-written if/else makes the small policy's
decisions with nothing but code written for it. The lower bound for ~1 KB arguments judges
nothing: it serialises and hashes each call's arguments once (what identical-call detection
needs, without even sorting keys) and reads every character of their strings once (what a secret
and PII scan needs). No engine running the all-guards policy can take less per call on the same
machine; the distance between the two rows is what the guards themselves cost.

**Detectors vs peers.** All rows of \`shared/corpora/pii.jsonl\` and \`secrets.jsonl\`. These are
the corpora Portcullis's detectors were developed and tested against, so Portcullis's accuracy
here is on data it was tuned for, not a held-out score; the peers see it for the first time.
\`@openai/guardrails\` 0.2.1 runs only its deterministic checks (\`pii\`, restricted to the
corpus's seven types, encoded-PII decoding off; \`secretKeysCheck\` at each threshold): no LLM,
no network. LangChain's \`piiMiddleware\` detectors (\`detectEmail\`, \`detectCreditCard\`,
\`detectIP\` from \`langchain\`) cover three of the seven PII types and no secrets. MB/s is the
corpus's bytes over the p50 time of one pass over all its rows.

**MCP proxies.** \`mcp-proxy\` 6.7.19 bridges transports (a stdio server out over Streamable
HTTP/SSE, or the reverse); the one topology both it and \`portcullis-mcp\` serve is an HTTP client
in front, server-everything over stdio behind, so that is what is compared. \`mcp-proxy\` judges
nothing, so \`portcullis-mcp\` is measured with an empty policy too.

**Shared state.** Four worker processes (\`src/store-worker.ts\`) each keep 16 calls in flight
against one shared store; every call is judged by budget (a daily limit) and rateLimit (per minute
and per tool per minute), three counters taken atomically at evaluation, and is settled as run,
which writes nothing more. The workers start evaluating as soon as they are loaded and all count
the calls that finish in the same 5-second window, opened 3 s after launch, so loading and JIT
warm-up are outside it. The Redis server (or the SQLite file's writers) run on the same two
cores as the four workers, so the figure is what one small machine does with its store beside it,
not the store's own ceiling.`;
