import type { Decision } from '../decision.ts';
import { classifyCodeEveryWay, codeLanguage } from '../detectors/classify-code.ts';
import type { CodeFinding } from '../detectors/code-findings.ts';
import type { Guard } from '../guard.ts';
import type { CodeGuardConfig } from '../policy/code-schema.ts';
import { argReader } from './arg-reader.ts';
import { compileToolMatcher } from './tool-matcher.ts';

/**
 * The code guard: for tools that execute code, parses it (acorn for JavaScript / TypeScript, a
 * tokenizer for Python) and decides per capability: spawning processes, deleting files, network,
 * dynamic evaluation, reading credentials. Code that cannot be read is denied (or asked about).
 *
 * JavaScript is parsed every way a runtime reads it (CommonJS script, script with top-level await,
 * module) and Python as CPython tokenizes it, and every reading's findings count. The `language`
 * argument is not trusted alone: a tool may run the code as another language, so code that also
 * reads as JavaScript (when Python is named) or plausibly as Python (when JavaScript or
 * TypeScript is named) is judged by that reading too. The named language must read, or the code
 * is unreadable.
 *
 * @example
 * codeGuard({ classes: { processSpawn: 'deny', fileDelete: 'ask', network: 'ask', dynamicEval: 'deny', credentials: 'deny' }, ... })
 */
export function codeGuard(config: CodeGuardConfig): Guard {
  const tools = compileToolMatcher(config.tools);
  const languageOf = argReader(config.languageArg);
  const codeOf = argReader(config.codeArg);

  const unreadable = (reason: string): Decision =>
    config.unreadable === 'ask'
      ? { effect: 'ask', guard: 'code', reason: `Code: ${reason}` }
      : { effect: 'deny', guard: 'code', code: 'unreadable_code', reason: `Code: ${reason}` };

  return {
    name: 'code',
    deadlineMs: config.deadlineMs,
    failMode: config.failMode,
    appliesTo: (ctx) => tools(ctx.tool) !== undefined,
    evaluate(ctx): Decision {
      const code = codeOf(ctx.args);
      if (typeof code !== 'string') return unreadable(`no code found in ${config.codeArg}`);
      const named = languageOf(ctx.args);
      const language = typeof named === 'string' ? codeLanguage(named) : config.defaultLanguage;
      if (language === undefined) {
        return unreadable(
          named === undefined ? 'the call names no language' : `cannot analyse ${JSON.stringify(named)}`,
        );
      }
      const result = classifyCodeEveryWay(language, code);
      if (!result.ok) return unreadable(result.error);
      let ask: CodeFinding | undefined;
      for (const finding of result.findings) {
        const effect = config.classes[finding.class];
        if (effect === 'deny') {
          return {
            effect: 'deny',
            guard: 'code',
            code: `code_${finding.class}`,
            reason: `Code: ${label[finding.class]}: ${finding.reason}`,
          };
        }
        if (effect === 'ask') ask ??= finding;
      }
      if (ask) return { effect: 'ask', guard: 'code', reason: `Code: ${label[ask.class]}: ${ask.reason}` };
      return { effect: 'allow', guard: 'code', reason: `Code: nothing dangerous found in ${language}` };
    },
  };
}

const label: Record<CodeFinding['class'], string> = {
  processSpawn: 'spawns processes',
  fileDelete: 'deletes files',
  network: 'uses the network',
  dynamicEval: 'evaluates code dynamically',
  credentials: 'reads credentials',
  dataLoss: 'destroys data',
};
