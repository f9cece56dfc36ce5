import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { type GlobListOptions, matchesAnyGlob } from '../util/glob-list.ts';
import { type AddressBlockCode, classifyAddress } from './classify-address.ts';

/**
 * Why a URL was blocked. The address classes (`metadata`, `loopback`, `unspecified`, `private`,
 * `cgnat`, `link_local`, `multicast`, `reserved`) are those of the address classifier; an
 * IPv4-mapped, IPv4-compatible, NAT64 or 6to4 literal reports the class of the IPv4 address it
 * carries (its reason names the form). A URL with user info is judged by its host alone: the
 * user info is not a block reason, but the host is read as WHATWG reads it, so
 * `http://example.com@127.0.0.1/` is `loopback`. Host names that no public resolver answers
 * (single-label names such as `jenkins`, and names under `.internal`, `.local`, `.home.arpa`,
 * `.localdomain`, `.lan`, `.intranet`, `.corp`, `.home`, `.svc`, `.default` or `.kube-system`) are
 * `private`, and the loopback names of distributions' hosts files (`localhost4`, `ip6-localhost`)
 * are `loopback`.
 */
export type UrlBlockCode =
  | 'invalid_url'
  | 'scheme'
  | Exclude<AddressBlockCode, 'invalid_address'>
  | 'denied_domain'
  | 'not_allowed_domain'
  | 'resolves_internal'
  | 'dns_error'
  | 'dns_timeout';

/**
 * The verdict on a URL. `host` is normalised: lower case, no trailing dots, no IPv6 brackets.
 * `addresses` is present when {@link checkUrl} resolved the name; connect to one of them (pin
 * it) so a rebinding name cannot answer differently the second time.
 */
export type UrlClassification =
  | {
      /** The URL may be fetched. */
      safe: true;
      /** The normalised host. */
      host: string;
      /** The parsed URL. */
      url: URL;
      /** Every address the host resolved to (only from {@link checkUrl}). */
      addresses?: string[];
    }
  | {
      /** The URL is blocked. */
      safe: false;
      /** Why, as a sentence. */
      reason: string;
      /** Why, as a code. */
      code: UrlBlockCode;
      /** The normalised host, when the URL had one. */
      host?: string;
    };

/** Options for {@link classifyUrl}. */
export interface ClassifyUrlOptions {
  /** Schemes a URL may use, without the colon, case-insensitive. Default `['http', 'https']`. */
  allowSchemes?: readonly string[];
  /** micromatch globs on the host (`'*.example.com'`); when non-empty, only matching hosts pass. */
  allowDomains?: readonly string[];
  /** micromatch globs on the host that never pass, checked after the address classes. */
  denyDomains?: readonly string[];
  /** Let RFC 1918, unique-local and CGNAT addresses through, for intranet tools. Default false. */
  allowPrivate?: boolean;
  /** Let loopback addresses and `localhost` through, for local development servers. Default false. */
  allowLoopback?: boolean;
}

/** Resolves a host name to every address (A and AAAA) a connection might use. */
export type ResolveHost = (hostname: string, options: { signal: AbortSignal }) => Promise<string[]>;

/** Options for {@link checkUrl}: those of {@link classifyUrl} plus name resolution. */
export interface CheckUrlOptions extends ClassifyUrlOptions {
  /** Resolve host names and block when any address is internal. Default true. */
  resolveDns?: boolean;
  /** The resolver. Default: `dns.promises.lookup(host, { all: true })`, which also reads /etc/hosts. */
  resolve?: ResolveHost;
  /** How long resolution may take before the URL is blocked as `dns_timeout`. Default 250. */
  deadlineMs?: number;
  /** Abandons resolution (the URL is then blocked as `dns_error`). */
  signal?: AbortSignal;
}

const defaultSchemes = ['http', 'https'] as const;
// The longest host name DNS can carry, without its trailing dot.
const MAX_HOST_LENGTH = 253;
const hostGlobs: GlobListOptions = { nocase: true };
// WHATWG special schemes other than file: their hosts are parsed as domains or IP addresses.
const SPECIAL_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:']);

/**
 * Names that reach a metadata service without DNS help from outside: GCP's, AWS's, Tencent's and
 * IBM Cloud's names and the bare names that cloud resolvers or /etc/hosts answer with
 * 169.254.169.254.
 */
const metadataNames = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
  'rancher-metadata',
  'metadata.tencentyun.com',
  'api.metadata.cloud.ibm.com',
]);

/**
 * Judges a URL from its text alone, as the WHATWG parser (what `fetch` uses) reads it: the
 * scheme must be allowed, and the host must not be an internal address, `localhost`, or a
 * metadata name. Decimal, hex, octal and shortened IPv4 forms need no special handling because
 * the parser already turns them into dotted quads. Names that only resolve to internal
 * addresses (`*.nip.io`) pass here; {@link checkUrl} catches them. Metadata endpoints are
 * blocked whatever the options say.
 *
 * @example
 * classifyUrl('http://2130706433/') // { safe: false, code: 'loopback', host: '127.0.0.1', reason: 'loopback address 127.0.0.1' }
 * classifyUrl('https://example.com/a') // { safe: true, host: 'example.com', url: URL }
 */
export function classifyUrl(url: string, options: ClassifyUrlOptions = {}): UrlClassification {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // A URL our parser rejects may still be accepted by a laxer client: fail closed.
    return block('invalid_url', `${quote(url)} is not a valid URL`);
  }
  const scheme = parsed.protocol.slice(0, -1);
  const schemes = options.allowSchemes ?? defaultSchemes;
  if (!schemes.some((s) => s.toLowerCase().replace(/:$/, '') === scheme))
    return block('scheme', `scheme "${scheme}:" is not allowed`);
  const host = canonicalHost(parsed);
  if (host === undefined) return block('invalid_url', `${quote(url)} has no host that can be judged`);
  // No DNS name is longer (RFC 1035); a resolver or proxy that reads such a host reads it its own way.
  if (host.length > MAX_HOST_LENGTH)
    return block('invalid_url', `${quote(url)} has a host longer than ${MAX_HOST_LENGTH} characters`);
  const internal = classifyHost(host);
  if (internal && !tolerated(internal.code, options)) return block(internal.code, internal.reason, host);
  if (options.denyDomains?.length && matchesAnyGlob(host, options.denyDomains, hostGlobs)) {
    return block('denied_domain', `host "${host}" matches denyDomains`, host);
  }
  if (options.allowDomains?.length && !matchesAnyGlob(host, options.allowDomains, hostGlobs)) {
    return block('not_allowed_domain', `host "${host}" is not in allowDomains`, host);
  }
  return { safe: true, host, url: parsed };
}

/**
 * {@link classifyUrl}, then, for a host name, resolves it and blocks when any address is
 * internal. Resolution that fails, returns nothing, or outlives `deadlineMs` or `signal` blocks:
 * an unknown destination is never allowed. Checking is not enough against DNS rebinding (a name
 * that answers public now and internal on the next lookup): connect to the returned
 * `addresses`. The default resolver cannot be cancelled; the deadline only stops waiting for it.
 *
 * @example
 * await checkUrl('http://127.0.0.1.nip.io/', { resolve: async () => ['127.0.0.1'] })
 * // { safe: false, code: 'resolves_internal', host: '127.0.0.1.nip.io', reason: 'host "127.0.0.1.nip.io" resolves to 127.0.0.1: loopback address 127.0.0.1' }
 */
export async function checkUrl(url: string, options: CheckUrlOptions = {}): Promise<UrlClassification> {
  const verdict = classifyUrl(url, options);
  if (!verdict.safe || options.resolveDns === false || isAddressLiteral(verdict.host)) return verdict;
  const { host } = verdict;
  const answer = await resolveWithin(host, options);
  if (!answer.ok) return block(answer.code, answer.reason, host);
  if (answer.addresses.length === 0) return block('dns_error', `host "${host}" has no addresses`, host);
  for (const address of answer.addresses) {
    const verdictOnAddress = classifyAddress(address);
    if (!verdictOnAddress.internal || tolerated(verdictOnAddress.code, options)) continue;
    if (verdictOnAddress.code === 'invalid_address') {
      return block('dns_error', `resolver answered ${quote(address)} for "${host}", not an address`, host);
    }
    return block(
      'resolves_internal',
      `host "${host}" resolves to ${address}: ${verdictOnAddress.reason}`,
      host,
    );
  }
  return { ...verdict, addresses: answer.addresses };
}

type Resolution = { ok: true; addresses: string[] } | { ok: false; code: UrlBlockCode; reason: string };

async function resolveWithin(host: string, options: CheckUrlOptions): Promise<Resolution> {
  const { signal } = options;
  const aborted: Resolution = { ok: false, code: 'dns_error', reason: `resolving "${host}" was aborted` };
  if (signal?.aborted) return aborted;
  const deadlineMs = options.deadlineMs ?? 250;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort = () => {};
  const stopped = new Promise<Resolution>((settle) => {
    timer = setTimeout(() => {
      controller.abort();
      settle({ ok: false, code: 'dns_timeout', reason: `resolving "${host}" took over ${deadlineMs} ms` });
    }, deadlineMs);
    onAbort = () => {
      controller.abort();
      settle(aborted);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  const resolve = options.resolve ?? lookupAll;
  const resolved = Promise.resolve()
    .then(() => resolve(host, { signal: controller.signal }))
    .then(
      (addresses): Resolution =>
        Array.isArray(addresses) && addresses.every((a) => typeof a === 'string')
          ? { ok: true, addresses }
          : { ok: false, code: 'dns_error', reason: `resolver gave no address list for "${host}"` },
      (error: unknown): Resolution => ({
        ok: false,
        code: 'dns_error',
        reason: `resolving "${host}" failed: ${error instanceof Error ? error.message : String(error)}`,
      }),
    );
  try {
    return await Promise.race([resolved, stopped]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

async function lookupAll(hostname: string): Promise<string[]> {
  const answers = await lookup(hostname, { all: true, order: 'verbatim' });
  return answers.map((answer) => answer.address);
}

/**
 * The host as a connection would use it. Non-special schemes (`gopher:`, `foo:`) keep an
 * opaque host such as `0x7f000001`; reading it again as an http host applies the same IPv4
 * and percent-decoding rules a fetch would.
 */
function canonicalHost(url: URL): string | undefined {
  if (url.hostname === '') return undefined;
  let hostname = url.hostname;
  // A special scheme's host has been read that way already.
  if (!SPECIAL_SCHEMES.has(url.protocol)) {
    try {
      hostname = new URL(`http://${hostname}`).hostname;
    } catch {
      return undefined;
    }
  }
  // Trailing dots dropped with a loop: `/\.+$/` is tried from every dot of a long run.
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  let end = host.length;
  while (end > 0 && host[end - 1] === '.') end -= 1;
  return end === 0 ? undefined : host.slice(0, end);
}

function classifyHost(host: string): { code: UrlBlockCode; reason: string } | undefined {
  if (isAddressLiteral(host)) {
    const verdict = classifyAddress(host);
    if (!verdict.internal) return undefined;
    return {
      code: verdict.code === 'invalid_address' ? 'invalid_url' : verdict.code,
      reason: verdict.reason,
    };
  }
  // RFC 6761: resolvers answer every *.localhost name with loopback.
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return { code: 'loopback', reason: `"${host}" is a loopback name` };
  }
  if (metadataNames.has(host)) return { code: 'metadata', reason: `"${host}" is a cloud metadata name` };
  if (loopbackNames.has(host)) return { code: 'loopback', reason: `"${host}" is a loopback name` };
  // Names no public resolver answers reach only what an internal resolver, a search domain or a
  // hosts file points them at: judged as private, so allowPrivate lets intranet names through.
  if (!host.includes('.')) {
    return {
      code: 'private',
      reason: `"${host}" is a single-label name, which only internal resolvers answer`,
    };
  }
  const suffix = privateSuffixes.find((name) => host.endsWith(`.${name}`));
  if (suffix !== undefined) {
    return { code: 'private', reason: `"${host}" is under .${suffix}, which is not in the public DNS` };
  }
  return undefined;
}

/**
 * Top-level names outside the public DNS that networks use for their own hosts: `.internal`
 * (reserved by ICANN for private use), `.local` (mDNS, RFC 6762), `.home.arpa` (RFC 8375),
 * `.svc` (Kubernetes services, `kubernetes.default.svc`) and the namespaces a cluster's search
 * domains complete (`kubernetes.default`, `kube-dns.kube-system`), and `.localdomain`, `.lan`,
 * `.intranet`, `.corp` and `.home` by convention (ICANN will not delegate the last two).
 */
const privateSuffixes = [
  'internal',
  'local',
  'home.arpa',
  'localdomain',
  'lan',
  'intranet',
  'corp',
  'home',
  'svc',
  'default',
  'kube-system',
];

/** Loopback names of the hosts files Linux distributions ship (Debian, RHEL, Fedora). */
const loopbackNames = new Set([
  'localhost.localdomain',
  'localhost4',
  'localhost4.localdomain4',
  'localhost6',
  'localhost6.localdomain6',
  'ip6-localhost',
  'ip6-loopback',
]);

function isAddressLiteral(host: string): boolean {
  // WHATWG has already turned every IPv4 spelling into dotted decimal, and IPv6 literals hold a
  // colon: a name with letters is neither, and skipping the parsers keeps names cheap.
  if (host.includes(':')) return ipaddr.IPv6.isValid(host);
  return /^[\d.]+$/.test(host) && ipaddr.IPv4.isValidFourPartDecimal(host);
}

function tolerated(code: string, options: ClassifyUrlOptions): boolean {
  if (code === 'private' || code === 'cgnat') return options.allowPrivate === true;
  if (code === 'loopback') return options.allowLoopback === true;
  return false;
}

function block(code: UrlBlockCode, reason: string, host?: string): UrlClassification {
  return host === undefined ? { safe: false, code, reason } : { safe: false, code, reason, host };
}

function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
