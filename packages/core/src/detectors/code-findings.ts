/** What a piece of code can do that a policy may care about. */
export type CodeClass = 'processSpawn' | 'fileDelete' | 'network' | 'dynamicEval' | 'credentials';

/** One capability found in code, with where it shows. */
export interface CodeFinding {
  class: CodeClass;
  reason: string;
}

/** The result of analysing code: what it can do, or why it could not be read. */
export type CodeClassification = { ok: true; findings: CodeFinding[] } | { ok: false; error: string };

/** Keeps the first finding per class and reason. */
export function uniqueFindings(findings: CodeFinding[]): CodeFinding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.class}:${finding.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
