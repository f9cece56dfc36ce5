import type { Attributes, Tracer } from '@opentelemetry/api';
import type { AuditRecord, AuditSink } from './audit-sink.ts';

/** Options of {@link otelSink}. */
export interface OtelSinkOptions {
  /** The tracer (default: `trace.getTracer('portcullis')` from the global provider). */
  tracer?: Tracer;
}

/**
 * Audit records as OpenTelemetry spans, named and attributed per the GenAI semantic conventions
 * for tool execution (`execute_tool <tool>`, `gen_ai.operation.name`, `gen_ai.tool.name`,
 * `gen_ai.tool.call.id`), with the verdict as `portcullis.*` attributes. The span covers the call
 * from evaluation to settlement. `@opentelemetry/api` is an optional peer dependency: install it
 * to use this sink.
 *
 * @example
 * const audit = await otelSink();
 * const engine = createEngine({ policy, audit });
 */
export async function otelSink(options: OtelSinkOptions = {}): Promise<AuditSink> {
  let api: typeof import('@opentelemetry/api');
  try {
    api = await import('@opentelemetry/api');
  } catch (error) {
    throw new Error(
      'otelSink needs the optional peer dependency @opentelemetry/api: install it next to @portcullis/core',
      {
        cause: error,
      },
    );
  }
  const tracer = options.tracer ?? api.trace.getTracer('portcullis');
  return {
    name: 'otel',
    write(record: AuditRecord) {
      const start = Date.parse(record.time);
      const span = tracer.startSpan(`execute_tool ${record.tool}`, {
        kind: api.SpanKind.INTERNAL,
        startTime: start,
        attributes: attributesOf(record),
      });
      if (record.outcome !== 'executed') {
        span.setStatus({ code: api.SpanStatusCode.ERROR, message: record.error ?? record.reason });
      }
      span.end(start + record.elapsedMs);
    },
  };
}

function attributesOf(record: AuditRecord): Attributes {
  const denying = record.decisions.find((d) => d.effect === 'deny');
  const attributes: Attributes = {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': record.tool,
    'portcullis.verdict.id': record.id,
    'portcullis.trace_id': record.traceId,
    'portcullis.source': record.source,
    'portcullis.effect': record.effect,
    'portcullis.outcome': record.outcome,
    'portcullis.reason': record.reason,
    'portcullis.guards': record.decisions.map((d) => d.guard),
    'portcullis.args_hash': record.argsHash,
    'portcullis.duration_ms': record.durationMs,
  };
  if (record.callId !== undefined) attributes['gen_ai.tool.call.id'] = record.callId;
  if (record.server !== undefined) attributes['portcullis.server'] = record.server;
  if (denying) {
    attributes['portcullis.deny.guard'] = denying.guard;
    if ('code' in denying) attributes['portcullis.deny.code'] = denying.code;
  }
  if (record.approver !== undefined) attributes['portcullis.approver'] = record.approver;
  if (record.principal?.userId !== undefined) attributes['enduser.id'] = record.principal.userId;
  if (record.principal?.agentId !== undefined) attributes['gen_ai.agent.id'] = record.principal.agentId;
  if (record.error !== undefined) attributes['error.type'] = 'tool_error';
  return attributes;
}
