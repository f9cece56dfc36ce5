/**
 * Environment variables that describe the machine or the run rather than hold secrets. Code that
 * reads one of these by name (`process.env.NODE_ENV`, `os.environ["HOME"]`) is not reading
 * credentials; reading the whole environment, or a variable named any other way, still is.
 */
const PLAIN_VARIABLES = new Set([
  'NODE_ENV',
  'HOME',
  'USER',
  'USERNAME',
  'LOGNAME',
  'PATH',
  'PWD',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'LC_ALL',
  'TZ',
  'TERM',
  'TMPDIR',
  'TEMP',
  'TMP',
  'CI',
  'DEBUG',
  'PORT',
  'HOST',
  'HOSTNAME',
  'LOG_LEVEL',
  'NO_COLOR',
  'FORCE_COLOR',
  'PYTHONPATH',
  'VIRTUAL_ENV',
  'PYTHONUNBUFFERED',
  'PYTHONHASHSEED',
  'PYTHONDONTWRITEBYTECODE',
  'PYTHONIOENCODING',
  'NODE_PATH',
  'CUDA_VISIBLE_DEVICES',
  'TF_CPP_MIN_LOG_LEVEL',
  'OMP_NUM_THREADS',
  'MKL_NUM_THREADS',
  'TOKENIZERS_PARALLELISM',
  'HF_HOME',
  'TRANSFORMERS_CACHE',
  'TORCH_HOME',
  'MPLBACKEND',
  'XDG_CONFIG_HOME',
  'XDG_CACHE_HOME',
  'XDG_DATA_HOME',
  'XDG_RUNTIME_DIR',
  'EDITOR',
  'VISUAL',
  'PAGER',
  'DISPLAY',
  'COLUMNS',
  'LINES',
  'SHLVL',
  'OLDPWD',
  'JAVA_HOME',
  'GOPATH',
  'CARGO_HOME',
  'CONDA_PREFIX',
  'CONDA_DEFAULT_ENV',
  'RUST_LOG',
  'RUST_BACKTRACE',
  'GOMAXPROCS',
  'UV_THREADPOOL_SIZE',
]);

/**
 * Whether reading the environment variable `name` is harmless: one of a short list of variables
 * that never hold secrets. Unknown names are treated as possible secrets.
 *
 * @example
 * isPlainVariable('NODE_ENV') // true
 * isPlainVariable('API_KEY') // false
 */
export function isPlainVariable(name: string): boolean {
  // What npm sets for a script: the package's fields and the script's name (not its config,
  // which can hold a registry token).
  return PLAIN_VARIABLES.has(name) || /^npm_(package|lifecycle)_\w+$/.test(name);
}
