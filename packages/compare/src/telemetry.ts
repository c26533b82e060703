// What the bench's "with listener" rows listen with: a listener that does nothing (the cost of
// making and delivering events), and @mutex/opentelemetry over the real SDK (what a user pays).
import type { LockEventListener } from '@mutex/core';
import { lockTelemetry } from '@mutex/opentelemetry';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';

/** Drops what it is given: spans are made and batched as in production, then not sent. */
const discard: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: async () => {},
};

export const LISTENERS = {
  'event listener': (): LockEventListener => () => {},
  OpenTelemetry: (): LockEventListener => {
    const reader = new PeriodicExportingMetricReader({
      exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
      exportIntervalMillis: 60_000,
    });
    return lockTelemetry({
      meterProvider: new MeterProvider({ readers: [reader] }),
      tracerProvider: new BasicTracerProvider({
        spanProcessors: [new BatchSpanProcessor(discard)],
      }),
    });
  },
} as const;

export type ListenerKind = keyof typeof LISTENERS;
