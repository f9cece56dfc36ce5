import type { AuditRecord, AuditVerification } from '@portcullis/core';

/** Options of {@link htmlReport}. */
export interface HtmlReportOptions {
  /** Audit records, in any order (they are sorted by time). */
  records: readonly (AuditRecord & {
    /** The policy version that made the decision (records from the guard server carry it). */
    policyVersion?: string;
  })[];
  /** The result of `verifyAuditLog` on the same log. */
  verification: AuditVerification;
  /** The log's path, shown in the header. */
  source: string;
  /** The page title (default "Portcullis audit report"). */
  title?: string;
  /** When the report was made (default now). */
  generatedAt?: Date;
}

const EFFECTS = ['allow', 'deny', 'ask', 'modify'] as const;
const COLORS: Record<string, string> = {
  allow: '#1f7a3f',
  deny: '#b42318',
  ask: '#9a6700',
  modify: '#3451b2',
};

const escapeHtml = (text: unknown) => String(text).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const count = <T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
};

const who = (r: AuditRecord) => r.principal?.userId ?? r.principal?.agentId ?? r.principal?.sessionId ?? '';

/**
 * A self-contained HTML report of an audit log for an auditor: chain verification status,
 * timeline, decisions by effect and guard, top denied tools, approvals with their approvers,
 * budget use, and every record. One file: inline CSS and SVG, no script, nothing fetched.
 *
 * @example
 * writeFileSync('report.html', htmlReport({ records: sink.query({ limit: 10_000 }), verification, source }));
 */
export function htmlReport(options: HtmlReportOptions): string {
  const records = [...options.records].sort((a, b) => a.time.localeCompare(b.time));
  const title = options.title ?? 'Portcullis audit report';
  const v = options.verification;
  const chain = v.ok
    ? `<p class="ok" data-chain="ok">✔ Hash chain intact: ${v.records} records verified${v.tornTail ? ' (the last line was torn and is ignored)' : ''}. Last hash <code>${escapeHtml(v.lastHash)}</code></p>`
    : `<p class="bad" data-chain="broken">✘ Hash chain BROKEN at record ${v.line}: ${escapeHtml(v.reason)} (${v.records} records verified before it)</p>`;

  const byEffect = count(records, (r) => r.effect);
  const byOutcome = count(records, (r) => r.outcome);
  const guards = [...new Set(records.flatMap((r) => r.decisions.map((d) => d.guard)))].sort();
  const guardRows = guards
    .map((guard) => {
      const cells = EFFECTS.map(
        (effect) =>
          records.flatMap((r) => r.decisions).filter((d) => d.guard === guard && d.effect === effect).length,
      );
      return `<tr><td>${escapeHtml(guard)}</td>${cells.map((n) => `<td>${n}</td>`).join('')}</tr>`;
    })
    .join('');
  const denied = [
    ...count(
      records.filter((r) => r.effect === 'deny'),
      (r) => r.tool,
    ),
  ]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10);
  const approvals = records.filter((r) => r.approver !== undefined);
  const budget = records.flatMap((r) =>
    r.decisions
      .filter((d) => d.guard === 'budget')
      .map((d) => ({ time: r.time, tool: r.tool, effect: d.effect, reason: d.reason ?? '' })),
  );

  const card = (label: string, value: number, color?: string) =>
    `<div class="card"><strong${color ? ` style="color:${color}"` : ''}>${value}</strong><span>${escapeHtml(label)}</span></div>`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1.5rem;color:#1d1f21;background:#fff}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.05rem;margin:1.75rem 0 .5rem;border-bottom:1px solid #ddd;padding-bottom:.25rem}
.meta{color:#666;margin:0}.ok{color:#1f7a3f;font-weight:600}.bad{color:#b42318;font-weight:700}
.cards{display:flex;flex-wrap:wrap;gap:.75rem}.card{border:1px solid #ddd;border-radius:8px;padding:.5rem 1rem;min-width:6rem;text-align:center}
.card strong{display:block;font-size:1.5rem}.card span{color:#666}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #eee;vertical-align:top}
th{color:#555}code{font-size:.85em}.e-allow{color:#1f7a3f}.e-deny{color:#b42318}.e-ask{color:#9a6700}.e-modify{color:#3451b2}
svg{width:100%;height:70px;border:1px solid #eee;border-radius:6px}.empty{color:#777}
@media print{h2{break-after:avoid}}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">Source <code>${escapeHtml(options.source)}</code> · ${records.length} records · generated ${escapeHtml((options.generatedAt ?? new Date()).toISOString())}</p>
${chain}
<h2>Decisions by effect</h2>
<div class="cards" id="effects">${EFFECTS.map((e) => card(e, byEffect.get(e) ?? 0, COLORS[e])).join('')}</div>
<h2>Outcomes</h2>
<div class="cards" id="outcomes">${['executed', 'failed', 'blocked', 'rejected', 'expired'].map((o) => card(o, byOutcome.get(o) ?? 0)).join('')}</div>
<h2>Timeline</h2>
${timeline(records)}
<h2>Decisions by guard</h2>
${guards.length ? `<table id="guards"><thead><tr><th>Guard</th>${EFFECTS.map((e) => `<th>${e}</th>`).join('')}</tr></thead><tbody>${guardRows}</tbody></table>` : '<p class="empty">No decisions.</p>'}
<h2>Top denied tools</h2>
${denied.length ? `<table id="denied"><thead><tr><th>Tool</th><th>Denied calls</th></tr></thead><tbody>${denied.map(([tool, n]) => `<tr><td>${escapeHtml(tool)}</td><td>${n}</td></tr>`).join('')}</tbody></table>` : '<p class="empty">No call was denied.</p>'}
<h2>Approvals</h2>
${approvals.length ? `<table id="approvals"><thead><tr><th>Time</th><th>Tool</th><th>Principal</th><th>Approver</th><th>Levels</th><th>Outcome</th></tr></thead><tbody>${approvals.map((r) => `<tr><td>${escapeHtml(r.time)}</td><td>${escapeHtml(r.tool)}</td><td>${escapeHtml(who(r))}</td><td>${escapeHtml(r.approver)}</td><td>${escapeHtml((r.approvals ?? []).map((l) => `${l.role ? `${l.role}: ` : ''}${l.approver} at ${l.at}`).join('; '))}</td><td class="e-${r.effect}">${escapeHtml(r.outcome)}</td></tr>`).join('')}</tbody></table>` : '<p class="empty">No call was approved or rejected by a person.</p>'}
<h2>Budget use</h2>
${budget.length ? `<table id="budget"><thead><tr><th>Time</th><th>Tool</th><th>Effect</th><th>Budget</th></tr></thead><tbody>${budget.map((b) => `<tr><td>${escapeHtml(b.time)}</td><td>${escapeHtml(b.tool)}</td><td class="e-${b.effect}">${b.effect}</td><td>${escapeHtml(b.reason)}</td></tr>`).join('')}</tbody></table>` : '<p class="empty">No budget decisions.</p>'}
<h2>All records</h2>
<table id="records"><thead><tr><th>Time</th><th>Tool</th><th>Principal</th><th>Effect</th><th>Outcome</th><th>Reason</th><th>Policy</th></tr></thead><tbody>
${records.map((r) => `<tr><td>${escapeHtml(r.time)}</td><td>${escapeHtml(r.tool)}</td><td>${escapeHtml(who(r))}</td><td class="e-${r.effect}">${r.effect}</td><td>${escapeHtml(r.outcome)}</td><td>${escapeHtml(r.reason)}</td><td><code>${escapeHtml(r.policyVersion ?? '')}</code></td></tr>`).join('\n')}
</tbody></table>
</body>
</html>
`;
}

/** One mark per call along the time axis, coloured by effect. */
function timeline(records: readonly AuditRecord[]): string {
  if (records.length === 0) return '<p class="empty">No records.</p>';
  const times = records.map((r) => Date.parse(r.time));
  const start = Math.min(...times);
  const span = Math.max(1, Math.max(...times) - start);
  const marks = records
    .map((r, i) => {
      const x = 10 + (((times[i] ?? start) - start) / span) * 980;
      return `<rect x="${x.toFixed(1)}" y="12" width="4" height="40" fill="${COLORS[r.effect] ?? '#888'}"><title>${escapeHtml(`${r.time} ${r.tool}: ${r.effect} / ${r.outcome}`)}</title></rect>`;
    })
    .join('');
  return `<svg id="timeline" viewBox="0 0 1000 70" preserveAspectRatio="none" role="img" aria-label="Calls over time">${marks}<text x="10" y="66" font-size="9">${escapeHtml(new Date(start).toISOString())}</text><text x="990" y="66" font-size="9" text-anchor="end">${escapeHtml(new Date(start + span).toISOString())}</text></svg>`;
}
