import { isDocument, LineCounter, parseDocument } from 'yaml';
import type { PolicyIssue } from '../errors/policy-validation-error.ts';
import type { SourceLocator } from './format-issues.ts';

/** A YAML / JSON text read for validation: its value, where each path starts, and syntax errors. */
export interface YamlSource {
  /** The document as plain data (aliases expanded, at most 100). */
  value: unknown;
  /** Line and column of a path; a missing key points at its parent. */
  locate: SourceLocator;
  /** Syntax errors (including duplicate keys), each with its line; empty when the text parsed. */
  errors: PolicyIssue[];
}

/**
 * Reads YAML (or JSON, a subset) keeping positions, so schema errors can name their line.
 *
 * @example
 * const { value, locate, errors } = readYamlSource(text);
 * if (errors.length === 0) schemaIssues(MySchema.safeParse(value).error?.issues ?? [], { locate });
 */
export function readYamlSource(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const errors = doc.errors.map((error) => {
    const position = lineCounter.linePos(error.pos[0]);
    return {
      path: '',
      message: `syntax error: ${error.message.split('\n')[0]}`,
      line: position.line,
      column: position.col,
    };
  });
  const locate: SourceLocator = (path) => {
    if (!isDocument(doc)) return undefined;
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true) as
        | { range?: [number, number, number] }
        | undefined;
      if (node?.range) {
        const position = lineCounter.linePos(node.range[0]);
        return { line: position.line, column: position.col };
      }
    }
    return undefined;
  };
  return { value: errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 100 }), locate, errors };
}
