import { classifyJavaScript } from './classify-javascript.ts';
import { classifyPython } from './classify-python.ts';
import { classifySql } from './classify-sql.ts';
import type { CodeClassification } from './code-findings.ts';

/** Languages the code classifier reads. */
export type CodeLanguage = 'javascript' | 'typescript' | 'python' | 'sql';

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
  sql: 'sql',
  postgres: 'sql',
  postgresql: 'sql',
  psql: 'sql',
  plpgsql: 'sql',
  mysql: 'sql',
  mariadb: 'sql',
  sqlite: 'sql',
  sqlite3: 'sql',
  tsql: 'sql',
  't-sql': 'sql',
  mssql: 'sql',
  sqlserver: 'sql',
};

/** The language a `language` argument names, or undefined when it is not one we read. */
export function codeLanguage(name: string): CodeLanguage | undefined {
  const key = name.trim().toLowerCase();
  return Object.hasOwn(names, key) ? names[key] : undefined;
}

/**
 * Classifies code in a supported language with a real parser (acorn) or tokenizer (Python, and
 * SQL as each major dialect tokenizes it).
 *
 * @example
 * classifyCode('python', 'import os\nos.system("rm -rf /")')
 */
export function classifyCode(language: CodeLanguage, code: string): CodeClassification {
  if (language === 'python') return classifyPython(code);
  if (language === 'sql') return classifySql(code);
  return classifyJavaScript(code, { typescript: language === 'typescript' });
}

/**
 * Classifies code as the named language, and also as the other languages it could run as: a tool
 * may ignore or mistake its `language` argument, so code that also reads as JavaScript (when Python
 * or SQL is named) or as Python (when JavaScript, TypeScript or SQL is named) adds what that
 * reading finds, each reason marked with the language. The named language must read; the others
 * count only when they read without error, and Python only when the code could be Python at all
 * (no two plain names in a row, as in `const x` or `DROP TABLE`), which keeps ordinary JavaScript
 * and SQL from being judged as Python.
 *
 * @example
 * classifyCodeEveryWay('python', "require('child_process').execSync('id')") // processSpawn (read as JavaScript)
 */
export function classifyCodeEveryWay(language: CodeLanguage, code: string): CodeClassification {
  const named = classifyCode(language, code);
  if (!named.ok) return named;
  const readings = [
    ...(language === 'python' || language === 'sql'
      ? [{ label: 'JavaScript', read: () => classifyJavaScript(code) }]
      : []),
    ...(language === 'python'
      ? []
      : [{ label: 'Python', read: () => classifyPython(code, { plausibleOnly: true }) }]),
  ];
  const findings = [...named.findings];
  for (const { label, read } of readings) {
    const result = read();
    if (!result.ok) continue;
    for (const finding of result.findings)
      if (!findings.some((known) => known.class === finding.class))
        findings.push({ ...finding, reason: `${finding.reason} (read as ${label})` });
  }
  return { ok: true, findings };
}
