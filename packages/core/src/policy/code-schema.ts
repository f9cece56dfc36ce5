import { z } from 'zod';
import { ArgPathSchema, DenyOrAskSchema, GuardOptionsShape, ToolGlobsSchema } from './common-schema.ts';

const ClassEffect = z.enum(['allow', 'ask', 'deny']);

/** Tools that execute code: what the code can do decides. */
export const CodeGuardSchema = z
  .strictObject({
    tools: ToolGlobsSchema.default([
      '*run_code*',
      '*execute_code*',
      '*code_interpreter*',
      'run_python',
      'run_javascript',
      'eval_*',
      'run_script',
    ]).describe('Tools that execute code (SQL tools too, with `defaultLanguage: sql`).'),
    languageArg: ArgPathSchema.default('language').describe('Argument path holding the language.'),
    codeArg: ArgPathSchema.default('code').describe('Argument path holding the code.'),
    defaultLanguage: z
      .enum(['javascript', 'typescript', 'python', 'sql'])
      .optional()
      .describe('Language when the call names none (`sql` for a tool that runs queries).'),
    classes: z
      .strictObject({
        processSpawn: ClassEffect.default('deny').describe(
          'child_process, subprocess, os.system…, and packages that run commands (execa, zx, shelljs); in SQL, COPY … PROGRAM, xp_cmdshell, sys_exec, functions in untrusted languages (plpython3u, plperlu, C) and client shell escapes (\\!, .shell).',
        ),
        fileDelete: ClassEffect.default('ask').describe(
          'fs.rm, os.remove, shutil.rmtree…, the fs module handed to code out of sight, and writing over, moving away or unpacking over a system file or a disk (open("/etc/passwd", "w"), extractall("/")); in SQL, files written or removed on the server (INTO OUTFILE, COPY … TO a file, lo_export, VACUUM INTO).',
        ),
        network: ClassEffect.default('ask').describe(
          'fetch, http, sockets, requests…, clients, servers and drivers of common packages once imported (openai, boto3, express, pg), and data readers given a URL (pd.read_csv("https://…")); in SQL, dblink, foreign servers, OPENROWSET, xp_dirtree and HTTP functions.',
        ),
        dynamicEval: ClassEffect.default('deny').describe(
          'eval, new Function, exec, __import__, computed, decoded or remote imports, timers given strings, pickle-style loaders, the global object reached as `this`, dunder escapes (__subclasses__, __getattribute__); in SQL, statements built at run time (EXECUTE format(…), EXEC(@sql), PREPARE … FROM @v, \\gexec) and native extensions loaded.',
        ),
        credentials: ClassEffect.default('deny').describe(
          'process.env, os.environ, credential files (also when their paths are decoded from base64 or hex), .env loaders (dotenv), keychains, and the credentials cloud SDKs find (get_credentials(), google.auth.default()); in SQL, password tables (pg_shadow, mysql.user) and credential files read on the server.',
        ),
        dataLoss: ClassEffect.default('deny').describe(
          'SQL that destroys stored data: DROP DATABASE/SCHEMA/TABLE, TRUNCATE, ALTER TABLE … DROP COLUMN, DELETE or UPDATE without WHERE or with one that names no column (WHERE 1=1), also inside WITH, EXPLAIN ANALYZE, DO blocks, function bodies and EXECUTE of a literal; and the same SQL written out in JavaScript or Python for a driver to run (cur.execute("DROP TABLE t"), db.query(…), prisma.$executeRaw`…`).',
        ),
      })
      .default({
        processSpawn: 'deny',
        fileDelete: 'ask',
        network: 'ask',
        dynamicEval: 'deny',
        credentials: 'deny',
        dataLoss: 'deny',
      })
      .describe('Effect per class of behaviour (`allow`, `ask` or `deny`).'),
    unreadable: DenyOrAskSchema.default('deny').describe(
      'Code in an unsupported language, or that does not parse.',
    ),
    ...GuardOptionsShape,
  })
  .meta({
    description:
      'Tools that execute code: JavaScript/TypeScript is parsed (acorn) as a CommonJS script and as a module, Python tokenized as CPython tokenizes it (raw and f-strings, f-string fields as code, NFKC names), SQL tokenized as PostgreSQL, MySQL, SQLite and SQL Server each read it (comments, quotes, escapes, MySQL /*! */ code), and what any reading can do decides. `require`, `eval` and the Function constructor are followed through aliases, destructuring, `.call`/`.apply`/`Reflect` and `process.getBuiltinModule`; `getattr`, `sys.modules` and `from x import *` in Python. The `language` argument is not trusted alone: code that also reads as the other language is judged by that reading too. Reading one plain environment variable by name (`NODE_ENV`, `HOME`, `PATH`…) is not a credential read; the whole environment or any other variable is.',
    examples: [
      {
        tools: ['run_code'],
        languageArg: 'language',
        codeArg: 'code',
        classes: {
          processSpawn: 'deny',
          fileDelete: 'ask',
          network: 'ask',
          dynamicEval: 'deny',
          credentials: 'deny',
          dataLoss: 'deny',
        },
        unreadable: 'deny',
      },
      {
        tools: ['run_sql', 'query_database'],
        codeArg: 'query',
        defaultLanguage: 'sql',
        classes: { dataLoss: 'ask', fileDelete: 'deny', network: 'deny' },
      },
    ],
  });

export type CodeGuardConfig = z.infer<typeof CodeGuardSchema>;
