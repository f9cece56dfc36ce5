import type { CallContext } from '../context.ts';
import type { Decision } from '../decision.ts';
import {
  type CheckUrlOptions,
  type ClassifyUrlOptions,
  checkUrl,
  classifyUrl,
  type UrlClassification,
} from '../detectors/classify-url.ts';
import type { Guard, GuardEnv } from '../guard.ts';
import type { NetworkGuardConfig } from '../policy/network-schema.ts';
import { leafPath, MAX_ARGUMENT_DEPTH, walkStrings } from '../util/walk-strings.ts';
import { argValues } from './arg-reader.ts';
import { compileToolMatcher } from './tool-matcher.ts';

/**
 * A whole string that is a URL in a scheme a fetcher may follow (mailto:, tel:, urn: are not);
 * `unix:` names a socket. A blank after the colon reads as prose (`Data: 5`), not a URL.
 */
const WHOLE_URL =
  /^(?:[a-z][a-z0-9+.-]*:\/\/|(?:file|data|jar|netdoc|javascript|gopher|dict|ldaps?|ftp|sftp|tftp|smb|ws|wss|https?|unix):(?=\S))/i;
/**
 * Where a URL starts inside longer text: any scheme followed by `//`; the WHATWG special
 * schemes with any run of slashes or backslashes, none included (`http:\\host`, `http:host`);
 * and `file:` or `unix:` followed by a path. A scheme starts where a run of scheme characters
 * does, so each run is read once (linear time on `a.a.a.a…`).
 */
const URL_START =
  /(?<![a-z0-9+.-])(?:(?:https?|wss?|ftp)[\t\n\r]*:[/\\\t\n\r]*(?=[^\s"'<>`/\\])|(?:file|unix):[/\\]|[a-z][a-z0-9+.-]*:\/\/)/gi;
/** What ends a URL in text. */
const URL_END = /[\s"'<>`]/g;
/** `host:port` with an optional path, which curl and many clients read as `http://host:port/…`. */
const HOST_PORT = /^(\[[0-9a-f:.]+\]|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?):\d{1,5}(?=$|[/?#\\])/i;
/** What the WHATWG parser removes anywhere (C0 controls and space go from both ends). */
const TAB_NEWLINE = /[\t\n\r]/g;
/** JSON escapes, HTML character references and percent-encoding that can hide `:` or `/`. */
const ENCODED = /\\[u/]|&(?:#|colon;|sol;|bsol;)|%(?:3a|2f|5c)/i;
const ESCAPES =
  /\\u([0-9a-f]{4})|\\([/\\"])|&#x([0-9a-f]{1,6});?|&#(\d{1,7});?|&(colon|sol|bsol|period|commat|quest|num|equals|amp|quot|apos|lt|gt);|%([0-9a-f]{2})/gi;
const NAMED_REFERENCES: Record<string, string> = {
  colon: ':',
  sol: '/',
  bsol: '\\',
  period: '.',
  commat: '@',
  quest: '?',
  num: '#',
  equals: '=',
  amp: '&',
  quot: '"',
  apos: "'",
  lt: '<',
  gt: '>',
};

/**
 * A URL found in the arguments. A `direct` one is what a tool may be asked to fetch and is
 * judged by every rule. An indirect one sits inside another URL (`?next=http://…`, a redirect
 * target the first fetch may lead to), only appears once tabs and newlines inside text are
 * removed, or is a schemeless `host:port`: it is denied only for an internal target or a
 * denied domain, so prose that merely looks like a URL costs no false positive.
 */
interface Candidate {
  url: string;
  where: string;
  direct: boolean;
}

type AddUrl = (url: string, direct: boolean) => void;

/** Whether a string may hold a URL: a few scans for one character, so most strings cost no more. */
function mayHoldUrl(value: string): boolean {
  return value.includes(':') || mayBeEncoded(value);
}

function mayBeEncoded(value: string): boolean {
  return (value.includes('\\') || value.includes('&') || value.includes('%')) && ENCODED.test(value);
}

/**
 * Feeds every URL a string holds to `add`, read the way the WHATWG parser (what `fetch` uses)
 * reads them: the whole string, each URL in it including those inside other URLs, and the
 * same again after decoding JSON escapes, HTML character references and percent-encoding.
 */
function findUrls(value: string, add: AddUrl): void {
  if (value.includes(':')) scanText(value, add);
  if (mayBeEncoded(value)) {
    let decoded = value;
    // Twice-encoded text (`%253A`) takes a second pass; a third is not worth its cost.
    for (let pass = 0; pass < 2 && ENCODED.test(decoded); pass++) decoded = decode(decoded);
    if (decoded !== value && decoded.includes(':')) scanText(decoded, add);
  }
}

function scanText(text: string, add: AddUrl): void {
  const whole = stripEdges(text).replace(TAB_NEWLINE, '');
  if (WHOLE_URL.test(whole)) add(whole, true);
  else if (schemelessHost(whole)) add(`http://${whole}`, false);
  scanEmbedded(text, add, true);
  // A tab or newline inside a URL in text (`http://169.254.\n169.254/`) is dropped by the parser
  // but ends the URL for a reader of text; read both ways, the joined reading as indirect.
  if (text.includes('\n') || text.includes('\t') || text.includes('\r')) {
    scanEmbedded(text.replace(TAB_NEWLINE, ''), add, false);
  }
}

function scanEmbedded(text: string, add: AddUrl, direct: boolean): void {
  // Each URL runs to the next one or to the end of its token, so a token of many nested URLs
  // (`a://a://a://…`) is still read in linear time; only scheme and host are judged anyway.
  let at = -1;
  let atDirect = direct;
  let tokenEnd = -1;
  for (const start of text.matchAll(URL_START)) {
    const next = start.index;
    const matchEnd = next + start[0].length;
    // Inside another URL (its query or path) unless a list separator comes just before it.
    const nested = next < tokenEnd && !',;|'.includes(text[next - 1] ?? ',');
    if (at >= 0) add(text.slice(at, Math.min(next, tokenEnd)).replace(TAB_NEWLINE, ''), atDirect);
    if (matchEnd > tokenEnd) {
      URL_END.lastIndex = matchEnd;
      tokenEnd = URL_END.exec(text)?.index ?? text.length;
    }
    at = next;
    atDirect = direct && !nested;
  }
  if (at >= 0) add(text.slice(at, tokenEnd).replace(TAB_NEWLINE, ''), atDirect);
}

/** Without the C0 controls and spaces the WHATWG parser strips from both ends. */
function stripEdges(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * `localhost:3000/admin`, `10.0.0.5:8080`, `[::1]:80`, `metadata.google.internal:80/…`. Times
 * (`12:30`), ratios and labels (`id:42`) are not: a host needs a dot and a letter, four
 * numbers, brackets, or, for a single label, a path or the name `localhost`.
 */
function schemelessHost(text: string): boolean {
  const match = HOST_PORT.exec(text);
  const host = match?.[1];
  if (!match || host === undefined) return false;
  if (host.startsWith('[')) return true;
  if (!host.includes('.')) {
    return /[a-z]/i.test(host) && (host.toLowerCase() === 'localhost' || text.length > match[0].length);
  }
  return /[a-z]/i.test(host) || /^\d+\.\d+\.\d+\.\d+$/.test(host);
}

function decode(text: string): string {
  return text.replace(ESCAPES, (all, u, json, hex, dec, name, percent) => {
    if (json !== undefined) return json;
    if (name !== undefined) return NAMED_REFERENCES[String(name).toLowerCase()] ?? all;
    const code =
      u !== undefined || hex !== undefined || percent !== undefined
        ? Number.parseInt(u ?? hex ?? percent, 16)
        : Number.parseInt(dec, 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

/** A named URL argument without a scheme is read the way HTTP clients read it. */
function namedUrl(value: string): string {
  const url = stripEdges(value).replace(TAB_NEWLINE, '');
  return /^[a-z][a-z0-9+.-]*:/i.test(url) && !HOST_PORT.test(url) ? url : `http://${url}`;
}

function join(base: string, path: readonly (string | number)[]): string {
  const rest = leafPath(path);
  return rest === '' || rest.startsWith('[') || base === '' ? base + rest : `${base}.${rest}`;
}

interface Found {
  candidates: Candidate[];
  /** A decision reached while finding, before any URL is judged. */
  refusal?: Decision;
}

/**
 * The network guard (SSRF): finds URLs in the arguments — every string or object key that is
 * or contains one, also JSON-escaped, HTML-encoded or percent-encoded, and schemeless
 * `host:port` strings; or the named arguments, whose strings, arrays and objects are read —
 * and blocks schemes other than the allowed ones, loopback, private, link-local, CGNAT,
 * unspecified and multicast addresses in every notation, cloud metadata hosts, and domains
 * outside the allow-list. A URL inside another URL (`?next=http://127.0.0.1/`), which an open
 * redirect may lead the fetch to, is blocked when it is internal or in denyDomains. With
 * `resolveDns`, every A and AAAA answer must be public too; a DNS failure or timeout denies.
 * Arguments nested deeper than can be read are denied.
 *
 * @example
 * networkGuard({ urlArgs: 'auto', denyPrivate: true, allowDomains: ['*.example.com'], resolveDns: true, ... })
 */
export function networkGuard(config: NetworkGuardConfig): Guard {
  const tools = config.tools ? compileToolMatcher(config.tools) : undefined;
  const named =
    config.urlArgs === 'auto' ? undefined : config.urlArgs.map((path) => [path, argValues(path)] as const);
  const options: ClassifyUrlOptions = {
    allowSchemes: config.allowSchemes,
    allowPrivate: !config.denyPrivate,
    ...(config.allowDomains ? { allowDomains: config.allowDomains } : {}),
    ...(config.denyDomains ? { denyDomains: config.denyDomains } : {}),
  };
  // An indirect URL is judged on its host alone, whatever the allow-list; a scheme a fetch
  // would not follow (`myapp://callback` in an OAuth redirect) makes it no destination at all.
  const indirectOptions: ClassifyUrlOptions = {
    allowSchemes: config.allowSchemes,
    allowPrivate: !config.denyPrivate,
    ...(config.denyDomains ? { denyDomains: config.denyDomains } : {}),
  };
  const indirectMisses = new Set(['invalid_url', 'scheme', 'dns_error', 'dns_timeout']);

  // What one call's search has found. The search is synchronous, so this guard-wide state is
  // never shared between calls: each search hands it over and clears it, even when it throws.
  let byUrl: Map<string, Candidate> | undefined;
  let refusal: Decision | undefined;
  const collect = (where: () => string) => (url: string, direct: boolean) => {
    byUrl ??= new Map();
    const seen = byUrl.get(url);
    if (seen) seen.direct ||= direct;
    else byUrl.set(url, { url, where: where(), direct });
  };
  // Fail closed: what lies deeper than the walk reads may hold a URL.
  const tooDeep = (base: string) => (path: readonly (string | number)[]) => {
    refusal ??= {
      effect: 'deny',
      guard: 'network',
      code: 'ssrf_too_deep',
      reason: `Network: the arguments nest too deep to check for URLs at ${join(base, path) || 'the top'}`,
    };
  };
  const visit =
    (base: string) =>
    (value: string, path: readonly (string | number)[], isKey: boolean): void => {
      if (!mayHoldUrl(value)) return;
      findUrls(
        value,
        collect(() =>
          isKey ? `a key of ${join(base, path.slice(0, -1)) || 'the arguments'}` : join(base, path),
        ),
      );
    };
  const visitArgs = visit('');
  const tooDeepArgs = tooDeep('');
  const readNamed = (value: unknown, where: string, depth: number): void => {
    if (typeof value === 'string') {
      const add = collect(() => where);
      add(namedUrl(value), true);
      if (mayHoldUrl(value)) findUrls(value, add);
    } else if (Array.isArray(value)) {
      if (depth >= MAX_ARGUMENT_DEPTH) tooDeep(where)([]);
      else for (let i = 0; i < value.length; i++) readNamed(value[i], `${where}[${i}]`, depth + 1);
    } else if (value !== null && typeof value === 'object') {
      walkStrings(value, visit(where), tooDeep(where));
    } else if (value !== undefined && value !== null) {
      // A number or boolean may still be turned into a URL by the tool (`2130706433`).
      refusal ??= {
        effect: 'deny',
        guard: 'network',
        code: 'ssrf_invalid_url',
        reason: `Network: ${where} holds a ${typeof value}, not a URL`,
      };
    }
  };
  const find = (ctx: CallContext): Found => {
    try {
      if (named) {
        for (const [path, read] of named) for (const value of read(ctx.args)) readNamed(value, path, 0);
      } else {
        walkStrings(ctx.args, visitArgs, tooDeepArgs);
      }
      const found: Found = { candidates: byUrl ? [...byUrl.values()] : [] };
      if (refusal) found.refusal = refusal;
      return found;
    } finally {
      byUrl = undefined;
      refusal = undefined;
    }
  };

  const judge = (candidate: Candidate, result: UrlClassification): Decision | undefined => {
    if (result.safe || (!candidate.direct && indirectMisses.has(result.code))) return undefined;
    return {
      effect: 'deny',
      guard: 'network',
      code: `ssrf_${result.code}`,
      reason: `Network: the URL in ${candidate.where || 'the arguments'}${candidate.direct ? '' : ' (inside other text or another URL)'} is blocked: ${result.reason}`,
    };
  };
  const verdict = (results: readonly (readonly [Candidate, UrlClassification])[]): Decision => {
    for (const [candidate, result] of results) {
      const denied = judge(candidate, result);
      if (denied) return denied;
    }
    return { effect: 'allow', guard: 'network', reason: `Network: ${results.length} URL(s) checked` };
  };

  const guard: Guard = {
    name: 'network',
    deadlineMs: config.deadlineMs,
    failMode: config.failMode,
    evaluate(ctx: CallContext, env: GuardEnv) {
      const { candidates, refusal } = find(ctx);
      if (refusal) return refusal;
      if (candidates.length === 0)
        return { effect: 'allow', guard: 'network', reason: 'Network: no URL in the arguments' };
      const optionsFor = (candidate: Candidate) => (candidate.direct ? options : indirectOptions);
      const statics = candidates.map(
        (candidate) => [candidate, classifyUrl(candidate.url, optionsFor(candidate))] as const,
      );
      const blocked = verdict(statics);
      if (blocked.effect === 'deny' || !config.resolveDns) return blocked;
      return Promise.all(
        candidates.map(async (candidate) => {
          const dns: CheckUrlOptions = {
            ...optionsFor(candidate),
            resolveDns: true,
            resolve: env.resolve,
            signal: env.signal,
            deadlineMs: config.deadlineMs ?? 250,
          };
          return [candidate, await checkUrl(candidate.url, dns)] as const;
        }),
      ).then(verdict);
    },
  };
  if (tools) guard.appliesTo = (ctx) => tools(ctx.tool) !== undefined;
  return guard;
}
