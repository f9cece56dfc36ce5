import type { CommandClass } from './command-context.ts';

/** A language whose code an interpreter on the command line runs. */
export type InlineLanguage =
  | 'python'
  | 'javascript'
  | 'perl'
  | 'ruby'
  | 'php'
  | 'lua'
  | 'r'
  | 'applescript'
  | 'tcl'
  | 'julia'
  | 'octave'
  | 'gnuplot'
  | 'scheme'
  | 'lisp'
  | 'erlang'
  | 'elixir'
  | 'haskell'
  | 'slang'
  | 'jvm';

export type Scanned = Exclude<InlineLanguage, 'python' | 'javascript'>;
export type Reach = CommandClass | 'all';

// Languages read without a parser: the words that reach a capability, and what each reaches.
// `all` is for what runs commands, evaluates code it builds, or loads code: anything can follow.
export const CAPABILITIES: Record<Scanned, [RegExp, Reach][]> = {
  perl: [
    [
      /\b(system|exec|qx|fork|eval|require|use|do|pipe|syscall|readpipe|dump|CORE|open|sysopen|socket|connect|kill|chmod|chown)\b|`|&\s*[{$]|->\s*\(|@ARGV\s*=|\b(unshift|push|splice)\s*\(?\s*@ARGV/,
      'all',
    ],
    // The `ee` flags evaluate the result of the replacement as code.
    [/[^\w\s]\s*[msixpodualngcr]*e[msixpodualngcr]*e[msixpodualngcre]*\s*([;})]|$)/, 'all'],
    [/\b(unlink|rmdir|rmtree|remove_tree|truncate|rename|symlink|link)\b/, 'destructive'],
    [/\b(LWP|HTTP|Net|Socket)\b/, 'network'],
    [/\bENV\b/, 'credentials'],
  ],
  ruby: [
    [
      /\b(system|exec|spawn|fork|popen\w*|Open3|PTY|Process|Kernel|eval|\w+_eval|send|__send__|public_send|method|const_get|require\w*|load|autoload|syscall|trap|ObjectSpace|binding|open|Fiddle|exit!)\b|`|%x/,
      'all',
    ],
    [/\bFileUtils\b|\brm_r\w*|\b(File|Dir|Pathname)\s*\.\s*(delete|unlink|rmdir|rmtree)\b/, 'destructive'],
    [/\b(Net|Socket|TCPSocket|UDPSocket|HTTP|Faraday|RestClient)\b|\bURI\s*\.\s*open\b/, 'network'],
    [/\bENV\b/, 'credentials'],
  ],
  // PHP's function names and keywords are case-insensitive (`SYSTEM('id')` runs).
  php: [
    [
      /\b(system|exec|shell_exec|passthru|proc_open|popen|pcntl_\w+|eval|assert|create_function|include\w*|require\w*|call_user_func\w*|forward_static_call\w*|array_map|array_filter|array_walk\w*|array_reduce|u[ak]?sort|ob_start|register_\w+|set_\w+_handler|iterator_apply|preg_replace\w*|spl_autoload_register|dl|FFI|ReflectionFunction|mail|putenv|unserialize|auto_prepend_file|auto_append_file)\b|`|\$\w+\s*\(|\$\{|new\s+\$|["']\s*\.\s*["'$]|\$\w+\s*\.\s*["']|\b(expect|phar):\/\//i,
      'all',
    ],
    [
      /\b(unlink|rmdir|rename|copy|chmod|chown|symlink|link|file_put_contents|fwrite|ftruncate)\b/i,
      'destructive',
    ],
    [
      /\b(fsockopen|pfsockopen|stream_socket_\w+|socket_\w+|curl_\w+|get_headers|dns_get_record|gethostbyname)\b|\(\s*["']https?:/i,
      'network',
    ],
    [/\bgetenv\b|\$_(ENV|SERVER)\b/i, 'credentials'],
  ],
  lua: [
    [
      /\bos\s*\.\s*execute\b|\bio\s*\.\s*(popen|open)\b|\b(load|loadstring|loadfile|dofile|require|package|debug|getfenv|setfenv|rawget|_G|_ENV)\b|\bstring\s*\.\s*dump\b/,
      'all',
    ],
    [/\bos\s*\.\s*(remove|rename)\b/, 'destructive'],
    [/\bsocket\b/, 'network'],
    [/\bos\s*\.\s*getenv\b/, 'credentials'],
  ],
  r: [
    [
      /\b(system2?|shell|pipe|processx|callr|eval|evalq|parse|source|sys\.source|do\.call|get|match\.fun|Sys\.setenv|dyn\.load|Recall)\b|\.(Call|C|External|Internal)\s*\(/,
      'all',
    ],
    [/\b(unlink|file\.remove|file\.rename)\b/, 'destructive'],
    [/\b(download\.file|url|socketConnection|httr2?|curl\w*|RCurl)\b|\(\s*["']https?:/, 'network'],
    [/\bSys\.getenv\b/, 'credentials'],
  ],
  applescript: [
    [
      /do\s+shell\s+script|doShellScript|do\s+script|doScript|run\s+script|runScript|load\s+script|keystroke|key\s+code|ObjC|current\s+application|currentApplication|\$\.|NSTask|NSAppleScript|«\s*event|\b(Terminal|iTerm2?)\b/i,
      'all',
    ],
    [/\bdelete\b|\berase\b|\bempty\s+(the\s+)?trash\b/i, 'destructive'],
  ],
  tcl: [
    [
      /\b(exec|spawn|open|eval|source|uplevel|interp|load|subst|after|package\s+require|namespace\s+eval|apply)\b/,
      'all',
    ],
    [/\bfile\s+(delete|rename)\b/, 'destructive'],
    [/\b(socket|http)\b/, 'network'],
    [/\benv\b/, 'credentials'],
  ],
  // A backtick is a command literal (`run(\`ls\`)`, `read(\`ls\`, String)`).
  julia: [
    [
      /`|\b(run|pipeline|spawn|Cmd|ccall|cglobal|eval|include|include_string|invokelatest|Meta|Libdl|using|import|addenv|detach)\b|@(eval|ccall|cmd)\b/,
      'all',
    ],
    [/\b(rm|mv|chmod|chown)\s*\(/, 'destructive'],
    [/\b(download|Downloads|Sockets|HTTP|connect|listen)\b/, 'network'],
    [/\bENV\b/, 'credentials'],
  ],
  octave: [
    [
      /\b(system|shell_cmd|unix|dos|popen2?|exec|fork|eval|evalin|evalc|feval|source|run|str2func|builtin|pkg|dlopen|javaMethod|javaObject|py\w*|perl)\b|^\s*!|[;,]\s*!/m,
      'all',
    ],
    [/\b(delete|unlink|rmdir|rename|confirm_recursive_rmdir)\b/, 'destructive'],
    [/\b(urlread|urlwrite|webread|websave|webwrite|web|ftp|socket)\b/, 'network'],
    [/\bgetenv\b/, 'credentials'],
  ],
  // `set output "|cmd"`, `plot "< cmd"` and `!cmd` run commands too.
  gnuplot: [[/\b(system|shell|load|call|eval|import)\b|`|["']\s*[<|]|^\s*!|;\s*!/m, 'all']],
  scheme: [
    [
      /\b(system\*?|process\*?|subprocess|shell-execute|open-(input-|output-)?pipe|open-process|execlp?|execle|primitive-fork|spawn|eval|load|primitive-load|require|dynamic-require|use-modules|load-extension|ffi-lib|get-ffi-obj)\b/,
      'all',
    ],
    [/\b(delete-file|delete-directory(\/files)?|rename-file(-or-directory)?|rmdir)\b/, 'destructive'],
    [/\b(tcp-connect|socket|http-\w+|get-pure-port|udp-open-socket)\b/, 'network'],
    [/\b(getenv|environment-variables-ref)\b/, 'credentials'],
  ],
  lisp: [
    [
      /\b(run-shell-command|run-program|launch-program|shell|execute|make-pipe-\w+|eval|load|compile|compile-file|require|asdf|ql|quicklisp|ffi|cffi|alien|foreign-funcall|posix-fork)\b|\b(ext|si|sb-ext|sb-impl|uiop|ccl):(run-[\w-]+|shell|system|execute|launch-program|make-pipe-[\w-]+|spawn|fork|exec\w*)\b|\bsb-alien\b/i,
      'all',
    ],
    [/\b(delete-file|delete-directory|rename-file)\b/i, 'destructive'],
    [/\b(socket|usocket|sb-bsd-sockets|drakma|dexador)\b/i, 'network'],
    [/\b(getenv|posix-getenv)\b/i, 'credentials'],
  ],
  erlang: [
    [
      /\b(os:cmd|open_port|spawn\w*|apply|erl_eval|compile|code:load\w*|file:eval|file:script|rpc|erlang:load_nif|list_to_atom|binary_to_term)\b/,
      'all',
    ],
    [/\bfile:(delete|del_dir\w*|rename)\b/, 'destructive'],
    [/\b(gen_tcp|gen_udp|httpc|inets|ssl|gen_sctp)\b/, 'network'],
    [/\bos:(getenv|env)\b/, 'credentials'],
  ],
  elixir: [
    [
      /\bSystem\s*\.\s*(cmd|shell)\b|\b(Port|Code|Mix|Kernel)\s*\.|:(os|erlang|rpc|open_port)\b|\b(spawn\w*|apply|send|exec|eval_string|String\s*\.\s*to_atom)\b/,
      'all',
    ],
    [/\bFile\s*\.\s*(rm|rm_rf|rmdir|rename|write)/, 'destructive'],
    [/\b(HTTPoison|Req|Finch|Mint|Tesla|:httpc|:gen_tcp|:gen_udp|:ssl)\b/, 'network'],
    [/\bSystem\s*\.\s*(get_env|fetch_env)/, 'credentials'],
  ],
  // GHC's `-e` and GHCi: `:!` runs a shell command.
  haskell: [
    [
      /\b(System\.Process|System\.Cmd|System\.Posix|callCommand|callProcess|readProcess\w*|readCreateProcess\w*|createProcess|spawn\w*|system|rawSystem|runCommand|runProcess|runInteractive\w*|executeFile|forkProcess|unsafePerformIO|Foreign|Language\.Haskell|hint)\b|:!|:(def|load|module|m|add|script)\b/,
      'all',
    ],
    [/\b(removeFile|removeDirectory\w*|removePathForcibly|renameFile|renameDirectory)\b/, 'destructive'],
    [/\b(Network\.\w+|http\w*|connectTo|socket)\b/, 'network'],
    [/\b(getEnv|lookupEnv|getEnvironment)\b/, 'credentials'],
  ],
  slang: [
    [/\b(system|popen|exec\w*|fork|eval|evalfile|require|import|autoload|slsh_\w+)\b/, 'all'],
    [/\b(remove|rmdir|rename)\b/, 'destructive'],
    [/\bsocket\b/, 'network'],
    [/\bgetenv\b/, 'credentials'],
  ],
  // Groovy, Kotlin, Scala and jrunscript's JavaScript: what the JVM runs commands and loads code with.
  jvm: [
    [
      /\b(Runtime|ProcessBuilder|Process|execute|exec|sys\.process|GroovyShell|Eval|evaluate|ScriptEngine\w*|Class\.forName|ClassLoader|\w*ClassLoader|reflect|invoke\w*|loadLibrary|System\.load|Java\.type|JavaImporter|Packages|importPackage|importClass|load|eval)\b|"\s*\.\s*!|\)\s*\.\s*!|\.!!?/,
      'all',
    ],
    [
      /\b(delete|deleteDir|deleteRecursively|deleteIfExists|rmdir|renameTo|Files\s*\.\s*(move|write|delete\w*))\b/,
      'destructive',
    ],
    [/\b(URL|URI|Socket|HttpClient|HttpURLConnection|openConnection|toURL|ServerSocket)\b/, 'network'],
    [/\b(getenv|getProperties)\b|\bSystem\s*\.\s*env\b/, 'credentials'],
  ],
};
