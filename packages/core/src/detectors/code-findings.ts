/** What a piece of code can do that a policy may care about. */
export type CodeClass =
  | 'processSpawn'
  | 'fileDelete'
  | 'network'
  | 'dynamicEval'
  | 'credentials'
  | 'dataLoss';

/** One capability found in code, with where it shows. */
export interface CodeFinding {
  /** What kind of capability it is. */
  class: CodeClass;
  /** A sentence naming the construct that shows it (e.g. the call). */
  reason: string;
  /**
   * For `fileDelete`: the path the call names, when the code writes it as a string literal
   * (`shutil.rmtree('build')` → `build`); absent when which files go is not written out.
   */
  target?: string;
  /**
   * For `processSpawn`: the command line the call starts, when the code writes it out in
   * literals (`os.system('ls -l')` → `ls -l`; `subprocess.run(['git', 'status'])` → `git status`,
   * words quoted as a POSIX shell reads them); absent when it is built at run time.
   */
  command?: string;
}

/** The result of analysing code: what it can do, or why it could not be read. */
export type CodeClassification =
  | {
      /** The code was parsed. */
      ok: true;
      /** What it can do, one finding per class and reason; empty when nothing of note. */
      findings: CodeFinding[];
    }
  | {
      /** The code could not be parsed (a guard treats it as the policy's `unreadable` says). */
      ok: false;
      /** The parser's message. */
      error: string;
    };

/**
 * What makes two findings the same: class, reason, and target or command (each path a deletion
 * names, and each command a call starts, counts).
 */
export function findingKey(finding: CodeFinding): string {
  return `${finding.class}:${finding.reason}:${finding.target ?? ''}:${finding.command ?? ''}`;
}

/** Keeps the first finding per class, reason, and target or command. */
export function uniqueFindings(findings: CodeFinding[]): CodeFinding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = findingKey(finding);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
