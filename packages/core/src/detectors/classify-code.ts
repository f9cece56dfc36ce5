import { classifyJavaScript } from './classify-javascript.ts';
import { classifyPython } from './classify-python.ts';
import type { CodeClassification } from './code-findings.ts';

/** Languages the code classifier reads. */
export type CodeLanguage = 'javascript' | 'typescript' | 'python';

const names: Record<string, CodeLanguage> = {
  javascript: 'javascript',
  js: 'javascript',
  node: 'javascript',
  nodejs: 'javascript',
  mjs: 'javascript',
  typescript: 'typescript',
  ts: 'typescript',
  python: 'python',
  python3: 'python',
  py: 'python',
};

/** The language a `language` argument names, or undefined when it is not one we read. */
export function codeLanguage(name: string): CodeLanguage | undefined {
  const key = name.trim().toLowerCase();
  return Object.hasOwn(names, key) ? names[key] : undefined;
}

/**
 * Classifies code in a supported language with a real parser (acorn) or tokenizer (Python).
 *
 * @example
 * classifyCode('python', 'import os\nos.system("rm -rf /")')
 */
export function classifyCode(language: CodeLanguage, code: string): CodeClassification {
  if (language === 'python') return classifyPython(code);
  return classifyJavaScript(code, { typescript: language === 'typescript' });
}

/**
 * Classifies code as the named language, and also as the other languages it could run as: a tool
 * may ignore or mistake its `language` argument, so code that also reads as JavaScript (when Python
 * is named) or as Python (when JavaScript or TypeScript is named) adds what that reading finds,
 * each reason marked with the language. The named language must read; the others count only when
 * they read without error, and Python only when the code could be Python at all (no two plain
 * names in a row, as in `const x`), which keeps ordinary JavaScript from being judged as Python.
 *
 * @example
 * classifyCodeEveryWay('python', "require('child_process').execSync('id')") // processSpawn (read as JavaScript)
 */
export function classifyCodeEveryWay(language: CodeLanguage, code: string): CodeClassification {
  const named = classifyCode(language, code);
  if (!named.ok) return named;
  const other =
    language === 'python'
      ? { label: 'JavaScript', result: classifyJavaScript(code) }
      : { label: 'Python', result: classifyPython(code, { plausibleOnly: true }) };
  if (!other.result.ok) return named;
  const extra = other.result.findings
    .filter((finding) => !named.findings.some((known) => known.class === finding.class))
    .map((finding) => ({ ...finding, reason: `${finding.reason} (read as ${other.label})` }));
  return { ok: true, findings: [...named.findings, ...extra] };
}
