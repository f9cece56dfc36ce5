import type { CodeFinding } from './code-findings.ts';

// What names of Python's standard library and common packages reach, by their fully qualified
// name after aliases are applied (`sp.run` with `import subprocess as sp` is `subprocess.run`).
// subprocess's constants and exceptions (`stdout=subprocess.PIPE`, `except
// subprocess.CalledProcessError`) start nothing.
const SPAWN =
  /^(?!subprocess\.(PIPE|DEVNULL|STDOUT|CalledProcessError|TimeoutExpired|SubprocessError|CompletedProcess)$)(subprocess|_posixsubprocess|pty|plumbum|pexpect|ctypes|_ctypes|cffi)(\.|$)|^os\.(system|popen\d?|exec\w*|spawn\w*|fork\w*|posix_spawnp?|startfile)$|^asyncio\.create_subprocess_\w+$|^\.subprocess_(exec|shell)$|^distutils\.spawn\.spawn$/;
// Modules whose names are common words (`commands = [...]`) count only once imported.
const IMPORTED_SPAWN = /^(commands|sh)(\.|$)/;
const DELETE =
  /^(os\.(remove|unlink|rmdir|removedirs)|shutil\.rmtree|send2trash(\..*)?)$|^\.(unlink|rmdir|rmtree)$/;
const NETWORK =
  /^(socket|socketserver|urllib(?!\.parse(\.|$))|urllib2|urllib3|http\.client|http\.server|httplib|httpx|aiohttp|ftplib|smtplib|imaplib|poplib|nntplib|telnetlib|xmlrpc|webbrowser|paramiko|websocket|websockets|pycurl|wsgiref\.simple_server|multiprocessing\.connection)(\.|$)|^asyncio\.(open_connection|open_unix_connection|start_server|start_unix_server)$|^ssl\.get_server_certificate$|^nltk\.download$|^\.(create_connection|create_datagram_endpoint|create_unix_connection|sock_connect)$/;
// Clients, servers and drivers of common packages; their names are common words too
// (`redis = …`, `stripe = …`), so they count once imported.
const IMPORTED_NETWORK =
  /^(requests|openai|anthropic|boto3|botocore|google\.cloud|google\.generativeai|googleapiclient|azure|psycopg2|psycopg|pymysql|MySQLdb|mysql\.connector|pymongo|motor|redis|elasticsearch|cassandra|grpc|zmq|pika|kafka|confluent_kafka|paho|nats|flask|fastapi|uvicorn|tornado|sanic|starlette|scrapy|selenium|playwright|pyppeteer|mechanize|wget|gdown|yfinance|tweepy|slack_sdk|discord|telegram|twilio|stripe|huggingface_hub|transformers|datasets|smbclient|smbprotocol|scapy|ldap3|pysftp|fabric|dns\.resolver)(\.|$)/;
const EVAL =
  /^(eval|exec|compile|__import__|breakpoint|importlib\.(import_module|__import__)|runpy\.\w+|code\.(interact|InteractiveConsole|InteractiveInterpreter))$|(^|\.)__(getattribute|subclasses|globals|code|reduce|reduce_ex|loader)__$|^(pickle|_pickle|cPickle|dill|cloudpickle|marshal)\.(loads?|Unpickler)$|^(jsonpickle\.decode|yaml\.(unsafe_load|unsafe_load_all)|pandas\.read_pickle)$/;
// Debuggers run whatever code they are given; `pdb` is also a common word, so only once imported.
const IMPORTED_EVAL = /^(pdb|bdb|ipdb|pudb)(\.|$)/;
/**
 * Readers of data libraries that fetch their first argument when it is a URL
 * (`pd.read_csv('https://…')`, `np.genfromtxt(url)`).
 */
export const URL_READERS =
  /^(pandas|polars|dask\.dataframe|geopandas|xarray|numpy)\.(read_\w+|scan_\w+|open_\w+|loadtxt|genfromtxt|load)$/;
/** A URL a reader fetches over the network. */
export const REMOTE_URL = /^(https?|ftps?|s3|gs|gcs|az|abfss?|hdfs):\/\//i;
// Passing these around uncalled (`e = exec`, `map(eval, xs)`) is as good as calling them.
const EVAL_VALUES = new Set(['eval', 'exec', '__import__']);
export const IMPORTERS = new Set(['__import__', 'importlib.import_module', 'importlib.__import__']);
// The environment, a typed password, and the credentials cloud SDKs find for the account
// (`boto3.Session().get_credentials()`, `google.auth.default()`).
const CREDENTIALS =
  /^os\.(environ|environb|getenv|getenvb)(\.|$)|^getpass\.getpass$|^\.get_(frozen_)?credentials$|^google\.auth\.default$/;
// `.env` loaders and keychains hold secrets; their names are also words, so they count once imported.
const IMPORTED_CREDENTIALS = /^(dotenv|keyring)(\.|$)/;
// Writing the environment reads nothing (`os.environ.update(…)`, `os.putenv`).
const ENVIRONMENT_WRITES = /^os\.environb?\.(update|clear|__setitem__)$/;
export const ENVIRONMENT_ITEM = /^os\.environb?\.(\w+)$/;
export const ENVIRONMENT_GETTERS = new Set([
  'os.getenv',
  'os.getenvb',
  'os.environ.get',
  'os.environb.get',
  'os.environ.setdefault',
  'os.environb.setdefault',
  'os.environ.pop',
  'os.environb.pop',
]);
// Modules other modules re-export (`shutil.os`, `asyncio.subprocess`, `sys.modules['os']`).
export const REEXPORTED = new Set(['os', 'posix', 'nt', 'sys', 'subprocess', 'socket', 'builtins', 'ctypes']);
// A computed getattr on these could reach anything above.
export const DYNAMIC_ROOTS = new Set([
  'os',
  'sys',
  'subprocess',
  'shutil',
  'socket',
  'builtins',
  '__builtins__',
  'ctypes',
  'importlib',
  'pty',
]);
/** Modules that, passed around as values (`[os]`, `f(os)`), could be used out of sight. */
export const SENSITIVE_MODULES = new Set([...DYNAMIC_ROOTS, 'runpy', '_posixsubprocess']);
/** Builtins that only look at a module passed to them: `hasattr(os, 'fork')`, `dir(os)`. */
export const INSPECTORS = new Set(['hasattr', 'dir', 'isinstance', 'type', 'id', 'repr', 'str', 'print']);
/** Whether any rule above could match a name: a cheap first test. */
export const ANY_RULE = new RegExp(
  [
    SPAWN,
    IMPORTED_SPAWN,
    DELETE,
    NETWORK,
    IMPORTED_NETWORK,
    EVAL,
    IMPORTED_EVAL,
    CREDENTIALS,
    IMPORTED_CREDENTIALS,
  ]
    .map((r) => `(?:${r.source})`)
    .join('|'),
);

/**
 * What a fully qualified name shows: `os.system` spawns processes, `shutil.rmtree` deletes files,
 * `requests` reaches the network, `exec` evaluates code, `os.environ` reads credentials. `used`
 * is false for a name an import statement only names; `fromImport` for a name bound by an import,
 * which is what makes common words (`commands`, `pdb`) count.
 *
 * @example
 * capabilitiesOf('shutil.rmtree', { fromImport: false, called: true, used: true });
 * // [{ class: 'fileDelete', reason: 'calls shutil.rmtree' }]
 */
export function capabilitiesOf(
  qualified: string,
  { fromImport, called, used }: { fromImport: boolean; called: boolean; used: boolean },
): CodeFinding[] {
  const found: CodeFinding[] = [];
  const verb = called ? 'calls' : 'uses';
  if (SPAWN.test(qualified) || (fromImport && IMPORTED_SPAWN.test(qualified)))
    found.push({ class: 'processSpawn', reason: `uses ${qualified}` });
  if (used && DELETE.test(qualified)) found.push({ class: 'fileDelete', reason: `${verb} ${qualified}` });
  if (NETWORK.test(qualified) || (fromImport && IMPORTED_NETWORK.test(qualified)))
    found.push({ class: 'network', reason: `uses ${qualified}` });
  if (
    (used && EVAL.test(qualified)) ||
    EVAL_VALUES.has(qualified) ||
    (fromImport && IMPORTED_EVAL.test(qualified))
  )
    found.push({ class: 'dynamicEval', reason: `${verb} ${qualified}` });
  if (
    (CREDENTIALS.test(qualified) || (fromImport && IMPORTED_CREDENTIALS.test(qualified))) &&
    !ENVIRONMENT_WRITES.test(qualified)
  )
    found.push({ class: 'credentials', reason: `reads ${qualified}` });
  return found;
}
