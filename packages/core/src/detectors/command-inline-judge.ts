import { classifyJavaScript } from './classify-javascript.ts';
import { classifyPython } from './classify-python.ts';
import { classifySql } from './classify-sql.ts';
import type { CodeClassification } from './code-findings.ts';
import { checkRedirect, destructiveRemoval, literalArg } from './command-checks.ts';
import { type Context, deeper, type Flow, opaque, push, spend } from './command-context.ts';
import { CAPABILITIES, type InlineLanguage, type Scanned } from './command-inline-capabilities.ts';
import { literalCalls } from './command-inline-literals.ts';

export type { InlineLanguage };

// Modules that only compute (pragmas, data formats, text, time, maths): loading them is no reach.
const PERL_MODULES =
  /^(strict|warnings|utf8|feature|integer|bytes|constant|vars|lib|open|locale|sort|charnames|English|v?[\d._]+|List::(Util|MoreUtils)|Scalar::Util|Data::Dumper|JSON(::PP|::XS)?|Time::(Local|HiRes|Piece)|POSIX|Getopt::(Long|Std)|Text::(Wrap|Abbrev|ParseWords|Tabs)|MIME::Base64|Digest::(MD5|SHA)|Encode(::\w+)?|Term::ANSIColor|Math::\w+|Unicode::\w+)$/;
const RUBY_MODULES =
  /^(json|json\/pure|yaml|psych|set|date|time|csv|pp|prettyprint|securerandom|digest|digest\/\w+|base64|erb|bigdecimal|optparse|English|ostruct|strscan|stringio|zlib|benchmark|prime|matrix|abbrev|shellwords|uri)$/;
const LUA_MODULES = /^(string|table|math|utf8|coroutine)$/;

/**
 * Judges code an interpreter runs, given inline or on standard input, in the shell guard's
 * classes. Python and JavaScript are read by the code guard's own readers: network access and
 * credential reads keep their class, file deletion counts as destructive unless the path is
 * written out and `rm -r` of it would not be, and code that spawns processes or evaluates code it builds runs commands nobody can
 * read first, so it gets every class, as does code that does not parse. Perl, Ruby, PHP, Lua, R
 * and AppleScript are read for the words that reach those capabilities; a word that runs
 * commands, evaluates code or loads a module beyond plain data and text ones gives every class.
 *
 * @example
 * judgeInline('python', 'python3', { text: 'import shutil; shutil.rmtree("/")' }, [], ctx); // destructive
 */
export function judgeInline(
  language: InlineLanguage,
  via: string,
  flow: Flow,
  modules: readonly string[],
  ctx: Context,
  { typescript = false } = {},
): void {
  if (flow.download !== undefined) {
    push(ctx, 'downloadExec', `${via} runs the output of ${flow.download} as code`);
    return;
  }
  if (flow.hidden || flow.text === undefined) {
    opaque(ctx, `${via} runs code that cannot be read before it runs`);
    return;
  }
  const code = flow.text;
  if (!spend(ctx, code.length)) return;
  if (language === 'python' || language === 'javascript') {
    judgeRead(
      language === 'python' ? classifyPython(code) : classifyJavaScript(code, { typescript }),
      via,
      ctx,
    );
    return;
  }
  const loaded = modules.map((m) => m.split('=')[0]?.trim() ?? m).find((m) => !knownModule(language, m));
  if (loaded !== undefined) opaque(ctx, `${via} loads ${loaded}, which could do anything`);
  const rest = followLiterals(language, via, code, ctx);
  // `php -d auto_prepend_file=…` loads code through a setting: settings are read with the code.
  const text = withoutKnownLoads(language, language === 'php' ? [...modules, rest].join('\n') : rest);
  for (const [words, reach] of CAPABILITIES[language]) {
    const word = words.exec(text)?.[0]?.trim();
    if (word === undefined) continue;
    if (reach === 'all')
      opaque(ctx, `${via} runs ${language} code that uses ${word}, which could do anything`);
    else push(ctx, reach, `${via} runs ${language} code that uses ${word}`);
  }
}

/**
 * Judges the calls written out in literals (`system("ls -l")`, `open(F, "<", "/etc/shadow")`) as
 * what they run, open or delete, and returns the code left for the capability words.
 */
function followLiterals(language: Scanned, via: string, code: string, ctx: Context): string {
  const calls = literalCalls(language, code);
  const said = `${via} runs ${language} code that`;
  for (const command of calls.commands) ctx.runScript(command, deeper(ctx));
  for (const file of calls.files)
    checkRedirect(
      file.op,
      literalArg(file.path),
      (cls, reason) => push(ctx, cls, `${said} ${reason}`),
      ctx.budget,
    );
  for (const path of calls.deletes)
    if (destructiveRemoval(path, ctx.cwd)) push(ctx, 'destructive', `${said} deletes ${path}`);
  return calls.rest;
}

function knownModule(language: Scanned, module: string): boolean {
  if (language === 'perl') return PERL_MODULES.test(module);
  if (language === 'ruby') return RUBY_MODULES.test(module);
  if (language === 'lua') return LUA_MODULES.test(module);
  // `php -d setting=value`: the settings that load code are among the words above.
  return language === 'php';
}

/** The code with its loads of computing-only modules taken out (`use strict;`, `require "json"`). */
function withoutKnownLoads(language: Scanned, code: string): string {
  if (language === 'perl')
    return code.replace(/\b(use|no)\s+([\w:.]+)[^;]*;?/g, (all, _verb, module: string) =>
      PERL_MODULES.test(module) ? ' ' : all,
    );
  if (language === 'ruby')
    return code.replace(/\brequire\s*\(?\s*(["'])([\w/]+)\1\s*\)?/g, (all, _quote, module: string) =>
      RUBY_MODULES.test(module) ? ' ' : all,
    );
  return code;
}

/**
 * Judges SQL a database client is given (`psql -c`, `mysql -e`, piped in) in the shell guard's
 * classes, as the code guard reads it: data destroyed is destructive, network and credentials
 * keep their class, a command a server or client runs (`COPY … PROGRAM 'cmd'`, `\! cmd`) is
 * judged as that command line, and SQL built at run time or that does not read gets every class.
 *
 * @example
 * judgeSql('psql', "COPY t FROM PROGRAM 'curl -s x | sh'", ctx); // downloadExec
 */
export function judgeSql(via: string, sql: string, ctx: Context): void {
  if (spend(ctx, sql.length)) judgeRead(classifySql(sql), via, ctx, (reason) => `${via}: ${reason}`);
}

function judgeRead(
  read: CodeClassification,
  via: string,
  ctx: Context,
  describe = (reason: string) => `${via} runs code that ${reason}`,
): void {
  if (!read.ok) {
    opaque(ctx, describe(`could not be read (${read.error})`));
    return;
  }
  for (const finding of read.findings) {
    const reason = describe(finding.reason);
    switch (finding.class) {
      case 'network':
      case 'credentials':
        push(ctx, finding.class, reason);
        break;
      case 'dataLoss':
        push(ctx, 'destructive', reason);
        break;
      case 'fileDelete':
        // A path written out is judged as `rm -r` of it would be (`shutil.rmtree('build')` is not
        // destructive); a deletion of files the code does not name is.
        if (finding.target === undefined || destructiveRemoval(finding.target, ctx.cwd))
          push(
            ctx,
            'destructive',
            finding.target === undefined || reason.includes(finding.target)
              ? reason
              : `${reason} on ${finding.target}`,
          );
        break;
      case 'processSpawn':
        // A command written out is judged as the shell line it is (`os.system('ls -l')`).
        if (finding.command !== undefined) ctx.runScript(finding.command, deeper(ctx));
        else opaque(ctx, reason);
        break;
      default:
        opaque(ctx, reason);
    }
  }
}

/** The code pieces of an interpreter joined as one program (several `-e`s are lines of one). */
export function inlineFlow(code: readonly Flow[]): Flow {
  const download = code.find((f) => f.download !== undefined)?.download;
  if (download !== undefined) return { download };
  // A piece with no text is the output of a command (`-c "$(cat x.py)"`): code nobody can read.
  if (code.some((f) => f.hidden || f.text === undefined)) return { hidden: true };
  return { text: code.map((f) => f.text).join('\n') };
}
