import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { corpusUrl, readCorpus, scoreBlocking } from '../../test/corpus.ts';
import { checkUrl, classifyUrl, type ResolveHost } from './classify-url.ts';

interface SsrfRow {
  url: string;
  expect: 'block' | 'allow';
  needsDns: boolean;
  category: string;
}

const rows = readCorpus<SsrfRow>('ssrf.jsonl');

/**
 * This sandbox has no network, so names are answered by what they stand for, derived from the
 * name rather than listed per row: *.nip.io embeds its address; 1u.ms rebinding names embed
 * the addresses they alternate between, and the stub returns both, as a rebinding resolver
 * would over time (a single real lookup would see only the first: the caller must pin the
 * addresses checkUrl returns); the loopback names of test services and /etc/hosts answer
 * loopback; bare metadata names answer the metadata address. Everything else is public.
 */
const stubResolve: ResolveHost = async (hostname) => {
  const dotted = (text: string) => text.replaceAll('-', '.');
  const rebinding = /^make-(.+?)-rebind-(.+?)-rr\.1u\.ms$/.exec(hostname);
  if (rebinding?.[1] && rebinding[2]) return [dotted(rebinding[1]), dotted(rebinding[2])];
  const nip = /(?:^|[.-])(\d{1,3}(?:[.-]\d{1,3}){3})\.nip\.io$/.exec(hostname);
  if (nip?.[1]) return [dotted(nip[1])];
  if (['localtest.me', 'localh.st'].includes(hostname) || hostname.endsWith('.localtest.me'))
    return ['127.0.0.1'];
  if (['ip6-localhost', 'ip6-loopback'].includes(hostname)) return ['::1'];
  if (['metadata', 'instance-data', 'rancher-metadata'].includes(hostname)) return ['169.254.169.254'];
  return ['93.184.216.34'];
};

describe('the SSRF corpus', () => {
  it('is read from the shared corpora directory beside the clone', () => {
    expect(fileURLToPath(corpusUrl('ssrf.jsonl')).endsWith('/shared/corpora/ssrf.jsonl')).toBe(true);
    expect(rows.length).toBe(290);
  });

  it('blocks at least 99% of block rows and no allow row [detectors.corpora]', async () => {
    const judged = await Promise.all(
      rows.map(async (row) => {
        const verdict = row.needsDns
          ? await checkUrl(row.url, { resolve: stubResolve })
          : classifyUrl(row.url);
        return { row, blocked: !verdict.safe };
      }),
    );
    const score = scoreBlocking('SSRF corpus', judged, (row) => row.url);
    console.log(score.table);
    expect(score.recall, `missed: ${JSON.stringify(score.missed)}`).toBeGreaterThanOrEqual(0.99);
    expect(score.falsePositives).toEqual([]);
  });
});
