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
