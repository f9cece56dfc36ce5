import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkCitations, findTestFiles, readTestTitles } from './behaviours/check-citations.ts';
import { behavioursOf, loadManifest, parseManifest } from './behaviours/manifest.ts';
import { findTestTitles } from './behaviours/test-titles.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const manifestPath = fileURLToPath(new URL('../behaviours.yaml', import.meta.url));

describe('e2e/behaviours.yaml', () => {
  it('is a valid manifest: unique ids of the documented pattern, each with a one-sentence promise', () => {
    const behaviours = behavioursOf(loadManifest(manifestPath));
    expect(behaviours.length).toBeGreaterThanOrEqual(60);
    expect(new Set(behaviours.map((b) => b.id)).size).toBe(behaviours.length);
  });

  it('has a running test citing every behaviour, and every cited id is in it', () => {
    const behaviours = behavioursOf(loadManifest(manifestPath));
    expect(checkCitations({ behaviours, titles: readTestTitles(root) })).toEqual([]);
  });

  it('is checked against the tests of every package and of e2e', () => {
    const files = findTestFiles(root);
    for (const expected of [
      'e2e/src/behaviours.test.ts',
      'packages/core/src/engine/engine.test.ts',
      'packages/mcp/src/guard-proxy.test.ts',
      'packages/server/src/dashboard.test.ts',
    ]) {
      expect(files).toContain(expected);
    }
    expect(files.filter((file) => file.includes('node_modules'))).toEqual([]);
  });
});

const manifest = (ids: string[]) =>
  `areas:\n  - area: MCP\n    behaviours:\n${ids.map((id) => `      - { id: ${id}, promise: A promise. }\n`).join('')}`;

describe('the citation checker', () => {
  const behaviours = behavioursOf(parseManifest(manifest(['mcp.call.deny.isError', 'mcp.list.hides'])));

  it('reports a behaviour that no test cites', () => {
    const titles = findTestTitles('a.test.ts', "it('denies [mcp.call.deny.isError]', () => {});");
    expect(checkCitations({ behaviours, titles })).toEqual([
      'no running test cites [mcp.list.hides]: A promise.',
    ]);
  });

  it('reports a cited id that is not in the manifest', () => {
    const source = `
describe('proxy', () => {
  it('denies [mcp.call.deny.isError] [mcp.list.hides]', () => {});
  it('lists [mcp.list.hidden]', () => {});
});`;
    expect(checkCitations({ behaviours, titles: findTestTitles('b.test.ts', source) })).toEqual([
      'b.test.ts:4 "lists [mcp.list.hidden]" cites [mcp.list.hidden], which is not in the manifest',
    ]);
  });

  it('reports a citing test that is skipped, todo, only, conditional, or inside a skipped describe', () => {
    const source = `
it('denies [mcp.call.deny.isError]', () => {});
it.skip('hides [mcp.list.hides]', () => {});
it.todo('hides later [mcp.list.hides]');
test.only('hides now [mcp.list.hides]', () => {});
it.skipIf(process.env.CI)('hides locally [mcp.list.hides]', () => {});
describe.skip('when off', () => {
  describe('deeper', () => {
    it.each([1, 2])('hides %s [mcp.list.hides]', () => {});
  });
});
it('has no citation', () => {});`;
    expect(checkCitations({ behaviours, titles: findTestTitles('c.test.ts', source) })).toEqual([
      'c.test.ts:3 "hides [mcp.list.hides]" cites [mcp.list.hides] but does not always run (it.skip)',
      'c.test.ts:4 "hides later [mcp.list.hides]" cites [mcp.list.hides] but does not always run (it.todo)',
      'c.test.ts:5 "hides now [mcp.list.hides]" cites [mcp.list.hides] but does not always run (test.only)',
      'c.test.ts:6 "hides locally [mcp.list.hides]" cites [mcp.list.hides] but does not always run (it.skipIf)',
      'c.test.ts:9 "hides %s [mcp.list.hides]" cites [mcp.list.hides] but does not always run (describe.skip)',
      'no running test cites [mcp.list.hides]: A promise.',
    ]);
  });

  it('reads it, test, each and nested titles written as strings or templates, and only trailing cites', () => {
    const source = `
describe.each(['a'])('suite %s', () => {
  describe('inner', () => {
    test.each\`x\${1}\`('row $x [one.a]', () => {});
    it(\`template [two.b] [three.c]\`, () => {});
    it(\`with \${name} [four.d]\`, () => {});
  });
});
it('mentions [not.a-cite] in the middle', () => {});
it(dynamicTitle, () => {});
expect(/x/.test('no [five.e]')).toBe(true);`;
    expect(findTestTitles('d.test.ts', source).map(({ line, title, ids }) => ({ line, title, ids }))).toEqual(
      [
        { line: 4, title: 'row $x [one.a]', ids: ['one.a'] },
        { line: 5, title: 'template [two.b] [three.c]', ids: ['two.b', 'three.c'] },
        { line: 6, title: 'with … [four.d]', ids: ['four.d'] },
        { line: 9, title: 'mentions [not.a-cite] in the middle', ids: [] },
      ],
    );
  });

  it('refuses a manifest with a duplicate id, an id off the pattern, or an empty promise', () => {
    expect(() => parseManifest(manifest(['mcp.list.hides', 'mcp.list.hides']))).toThrow(
      'areas.0.behaviours.1.id: duplicate id mcp.list.hides',
    );
    expect(() => parseManifest(manifest(['MCP.List', 'single']))).toThrow(
      /areas\.0\.behaviours\.0\.id: expected lowercase.*\n {2}areas\.0\.behaviours\.1\.id: expected lowercase/,
    );
    expect(() =>
      parseManifest('areas:\n  - area: A\n    behaviours:\n      - { id: a.b, promise: "  " }\n'),
    ).toThrow('areas.0.behaviours.0.promise: the promise is empty');
  });
});
