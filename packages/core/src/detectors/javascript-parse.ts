import { type Node, type Options, parse } from 'acorn';

const common: Options = {
  ecmaVersion: 'latest',
  allowReturnOutsideFunction: true,
  allowHashBang: true,
};

/**
 * The ways a runtime may read the same text: Node runs `.js` files and `node -e` as a CommonJS
 * script (`await` is a plain name there, so `await /2; … /g` is a division, not a regex), REPLs and
 * async wrappers as a script with top-level await, and `.mjs` files and bundlers as a module.
 */
const readings: Options[] = [
  { ...common, sourceType: 'script' },
  { ...common, sourceType: 'script', allowAwaitOutsideFunction: true },
  { ...common, sourceType: 'module', allowAwaitOutsideFunction: true, allowImportExportEverywhere: true },
];

/**
 * Text without which the other readings parse the same tree as the plain script, when it parses:
 * `await` (an operator only in the later readings), HTML-like comments (comments only in a
 * script), and `import` / `export` (kept as a precaution, though a script that parses has no
 * import or export declarations). Strict mode otherwise only rejects code, never reads it another way.
 */
const READS_DIFFERENTLY = /await|import|export|<!--|-->/;

/** Every syntax tree the code has, or why it has none. */
export type JavaScriptTrees = { ok: true; trees: Node[] } | { ok: false; error: string };

/**
 * Parses JavaScript every way a runtime could read it (see `readings`) and returns each tree that
 * parses, so an analysis of all of them sees whatever any runtime would run. Code that parses no
 * way is an error, so unreadable code still fails closed. When the plain script parses and the
 * code has nothing another reading would read differently, that one tree stands for all of them.
 *
 * @example
 * parseJavaScriptEveryWay('await /2; f(); 1 /g').trees.length // 3: the script reads f() as code
 */
export function parseJavaScriptEveryWay(code: string): JavaScriptTrees {
  const trees: Node[] = [];
  let firstError: string | undefined;
  for (const [index, options] of readings.entries()) {
    if (index > 0 && trees.length > 0 && !READS_DIFFERENTLY.test(code)) break;
    try {
      trees.push(parse(code, options));
    } catch (error) {
      firstError ??= (error as Error).message;
    }
  }
  return trees.length > 0 ? { ok: true, trees } : { ok: false, error: firstError ?? 'no parse' };
}
