import ts from 'typescript';

/** A test found in a source file: its title, the ids it cites, and whether it is set not to run. */
export interface TestTitle {
  /** The file, as given to {@link findTestTitles}. */
  file: string;
  /** 1-based line of the call. */
  line: number;
  /** The title as written (`…` where a template has a substitution). */
  title: string;
  /** The ids in the `[…]` groups that end the title. */
  ids: string[];
  /** Why the test does not run as an ordinary test (`it.skip`, `describe.only` around it…), if so. */
  disabledBy?: string;
}

const TESTS = new Set(['it', 'test']);
const SUITES = new Set(['describe', 'suite']);
/**
 * Modifiers after which a test cannot prove anything on every run: skipped, a placeholder,
 * conditional, expected to fail, or (`only`) silencing every other test of its file.
 */
const DISABLING = new Set(['skip', 'todo', 'only', 'skipIf', 'runIf', 'fails']);

/** The `[id]` groups at the end of a title, in order. */
export function citedIds(title: string): string[] {
  const tail = /(?:\s*\[[^[\]]*\])+\s*$/.exec(title)?.[0] ?? '';
  return [...tail.matchAll(/\[([^[\]]*)\]/g)].map((match) => match[1]?.trim() ?? '');
}

/**
 * The root and modifiers of a test call's callee: `it.skip.each(table)` → it, [skip, each].
 * A call or tagged template in the chain (`it.each(rows)`, `it.skipIf(ci)`) is read through.
 */
function calleeChain(expression: ts.Expression): { root: string; modifiers: string[] } | undefined {
  if (ts.isIdentifier(expression)) return { root: expression.text, modifiers: [] };
  if (ts.isPropertyAccessExpression(expression)) {
    const inner = calleeChain(expression.expression);
    return inner && { root: inner.root, modifiers: [...inner.modifiers, expression.name.text] };
  }
  if (ts.isCallExpression(expression)) return calleeChain(expression.expression);
  if (ts.isTaggedTemplateExpression(expression)) return calleeChain(expression.tag);
  return undefined;
}

/** The title text of a test call's first argument, when it is written in place. */
function titleText(argument: ts.Expression | undefined): string | undefined {
  if (!argument) return undefined;
  if (ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument)) return argument.text;
  // A template with substitutions still ends in literal text, which is where cites go.
  if (ts.isTemplateExpression(argument)) {
    return argument.head.text + argument.templateSpans.map((span) => `…${span.literal.text}`).join('');
  }
  return undefined;
}

/**
 * Every `it`/`test` call of a TypeScript source whose title is written in place, with its cited ids
 * and whether it (or a `describe` around it) is skipped, todo, only or conditional.
 *
 * @example
 * findTestTitles('a.test.ts', "it.skip('runs [x.y]', () => {})");
 * // [{ file: 'a.test.ts', line: 1, title: 'runs [x.y]', ids: ['x.y'], disabledBy: 'it.skip' }]
 */
export function findTestTitles(file: string, source: string): TestTitle[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const titles: TestTitle[] = [];

  const visit = (node: ts.Node, disabledBy: string | undefined): void => {
    let inner = disabledBy;
    if (ts.isCallExpression(node)) {
      const chain = calleeChain(node.expression);
      const disabling = chain?.modifiers.find((modifier) => DISABLING.has(modifier));
      const own = chain && disabling ? `${chain.root}.${disabling}` : undefined;
      if (chain && SUITES.has(chain.root)) inner = disabledBy ?? own;
      const title = titleText(node.arguments[0]);
      if (chain && TESTS.has(chain.root) && title !== undefined) {
        const by = disabledBy ?? own;
        titles.push({
          file,
          line: sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1,
          title,
          ids: citedIds(title),
          ...(by ? { disabledBy: by } : {}),
        });
      }
    }
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(sourceFile, undefined);
  return titles;
}
