import { createLockClient, type LockClient } from '@mutex/core';
import { ioredisCommander } from '@mutex/ioredis';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  DataPointType,
  InMemoryMetricExporter,
  MeterProvider,
  type MetricData,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ACQUIRE_SPAN, lockTelemetry, METRIC } from '../src/index.js';

const url = inject('redisUrl');
const clients: Redis[] = [];
const inspector = new Redis(url);
const contextManager = new AsyncLocalStorageContextManager();
beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
});
afterAll(() => {
  context.disable();
  for (const client of clients) client.disconnect();
  inspector.disconnect();
});

/** The real SDK, with readers and exporters that keep everything in memory. */
function sdk() {
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spanExporter)],
  });
  return {
    providers: { meterProvider, tracerProvider },
    tracerProvider,
    spans: () => spanExporter.getFinishedSpans(),
    /** Every metric collected now, by name. */
    async metrics(): Promise<Map<string, MetricData>> {
      const { resourceMetrics } = await reader.collect();
      const all = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
      return new Map(all.map((metric) => [metric.descriptor.name, metric]));
    },
  };
}

/** A lock client over its own ioredis connection, as another process would have. */
function client(options: Parameters<typeof createLockClient>[1] = {}): LockClient {
  const redis = new Redis(url);
  clients.push(redis);
  return createLockClient(ioredisCommander(redis), options);
}

const unique = (label: string) => `${label}:${Math.random().toString(36).slice(2, 10)}`;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The sum or histogram count of `metric`'s data points whose attributes match `where`. */
function total(metric: MetricData | undefined, where: Record<string, unknown> = {}): number {
  if (metric === undefined) return 0;
  return metric.dataPoints
    .filter((point) => Object.entries(where).every(([k, v]) => point.attributes[k] === v))
    .reduce((sum, point) => {
      const value = point.value as number | { count: number };
      return sum + (typeof value === 'number' ? value : value.count);
    }, 0);
}

describe('lockTelemetry: metrics from the real SDK', () => {
  it('acquisitions, handoffs, timeouts, losses, wait and hold time, locks held and waiting', async () => {
    const otel = sdk();
    const locks = client({ onEvent: lockTelemetry(otel.providers) });
    const holderSide = client();
    const name = unique('otel-metrics');

    // 1. Uncontended: held 50 ms, released.
    const first = await locks.acquire(name);
    expect(total((await otel.metrics()).get(METRIC.held))).toBe(1);
    await sleep(50);
    await first.release();

    // 2. Waits behind another process's holder, then is handed the lock.
    const holder = await holderSide.acquire(name);
    const waiting = locks.acquire(name, { acquireTimeout: 5000 });
    await sleep(100);
    const during = await otel.metrics();
    expect(total(during.get(METRIC.waiting))).toBe(1);
    await holder.release();
    await (await waiting).release();

    // 3. Times out behind a holder.
    const blocker = await holderSide.acquire(name);
    await locks.acquire(name, { acquireTimeout: 100 }).catch(() => {});
    await blocker.release();

    // 4. Lost: deleted behind its back.
    const doomed = await locks.acquire(name, { ttl: 300 });
    await inspector.del(`mutex:{${name}}`);
    await new Promise((resolve) => doomed.signal.addEventListener('abort', resolve));

    const m = await otel.metrics();
    const common = { 'mutex.primitive': 'mutex', 'mutex.adapter': 'ioredis' };
    expect(m.get(METRIC.acquisitions)?.dataPointType).toBe(DataPointType.SUM);
    expect(total(m.get(METRIC.acquisitions), common)).toBe(3);
    expect(total(m.get(METRIC.acquisitions), { 'mutex.lock.handed_over': true })).toBe(1);
    expect(total(m.get(METRIC.handoffs))).toBe(1);
    expect(total(m.get(METRIC.timeouts))).toBe(1);
    expect(total(m.get(METRIC.losses), { 'mutex.lock.loss_reason': 'not-held' })).toBe(1);
    expect(total(m.get(METRIC.held))).toBe(0);
    expect(total(m.get(METRIC.waiting))).toBe(0);

    const waits = m.get(METRIC.acquireDuration);
    expect(waits?.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(waits?.descriptor.unit).toBe('s');
    expect(total(waits, { 'mutex.lock.outcome': 'acquired' })).toBe(3);
    expect(total(waits, { 'mutex.lock.outcome': 'timed_out' })).toBe(1);
    const handedWait = waits?.dataPoints.find(
      (point) => point.attributes['mutex.lock.handed_over'] === true,
    )?.value as { sum: number };
    expect(handedWait.sum).toBeGreaterThanOrEqual(0.09); // waited ~100 ms, in seconds

    const holds = m.get(METRIC.holdDuration);
    expect(total(holds, { 'mutex.lock.end': 'released' })).toBe(2);
    expect(total(holds, { 'mutex.lock.end': 'lost' })).toBe(1);
    const released = holds?.dataPoints.find(
      (point) => point.attributes['mutex.lock.end'] === 'released',
    )?.value as { min: number; max: number };
    expect(released.max).toBeGreaterThanOrEqual(0.045);
    // No lock name unless asked for: one series per name would be unbounded.
    for (const metric of m.values()) {
      for (const point of metric.dataPoints)
        expect(point.attributes).not.toHaveProperty('mutex.lock.name');
    }
  });

  it('records the lock name only with lockNames: true', async () => {
    const otel = sdk();
    const locks = client({ onEvent: lockTelemetry({ ...otel.providers, lockNames: true }) });
    const name = unique('otel-named');
    await (await locks.acquire(name)).release();
    const m = await otel.metrics();
    expect(total(m.get(METRIC.acquisitions), { 'mutex.lock.name': name })).toBe(1);
    expect(otel.spans()[0]?.attributes['mutex.lock.name']).toBe(name);
  });

  it('Redis errors are counted by operation and error code', async () => {
    const otel = sdk();
    const redis = new Redis(url);
    const locks = createLockClient(ioredisCommander(redis), {
      onEvent: lockTelemetry(otel.providers),
    });
    const lock = await locks.acquire(unique('otel-errors'), { ttl: 2000 });
    redis.disconnect();
    await lock.extend().catch(() => {});
    await locks.acquire(unique('otel-errors')).catch(() => {});
    const errors = (await otel.metrics()).get(METRIC.errors);
    expect(total(errors, { 'mutex.lock.operation': 'extend', 'error.type': 'MUTEX_REDIS' })).toBe(
      1,
    );
    expect(total(errors, { 'mutex.lock.operation': 'acquire', 'error.type': 'MUTEX_REDIS' })).toBe(
      1,
    );
    await inspector.del(`mutex:{${lock.name}}`);
  });
});

describe('lockTelemetry: spans from the real SDK', () => {
  it('one span per acquire call, a child of the caller, with its outcome', async () => {
    const otel = sdk();
    const locks = client({ onEvent: lockTelemetry(otel.providers) });
    const name = unique('otel-spans');
    const tracer = otel.tracerProvider.getTracer('test');
    const holder = await client().acquire(name);

    await tracer.startActiveSpan('job', async (parent) => {
      await locks.acquire(name, { acquireTimeout: 100 }).catch(() => {});
      expect(await locks.tryAcquire(name)).toBeNull();
      parent.end();
    });
    await holder.release();
    await (await locks.acquire(name, { fencing: true })).release();

    const spans = otel.spans().filter((span) => span.name === ACQUIRE_SPAN);
    const job = otel.spans().find((span) => span.name === 'job');
    expect(spans.map((span) => span.attributes['mutex.lock.outcome'])).toEqual([
      'timed_out',
      'busy',
      'acquired',
    ]);
    const [timedOut, busy, acquired] = spans;
    expect(timedOut?.parentSpanContext?.spanId).toBe(job?.spanContext().spanId);
    expect(busy?.parentSpanContext?.spanId).toBe(job?.spanContext().spanId);
    expect(timedOut?.status.code).toBe(SpanStatusCode.ERROR);
    expect(timedOut?.attributes['error.type']).toBe('MUTEX_TIMEOUT');
    expect(timedOut?.events.map((event) => event.name)).toEqual(['queued']);
    expect(busy?.status.code).toBe(SpanStatusCode.UNSET);
    expect(acquired?.attributes).toMatchObject({
      'mutex.adapter': 'ioredis',
      'mutex.lock.attempts': 1,
      'mutex.lock.handed_over': false,
    });
    expect(acquired?.attributes['mutex.lock.fence']).toEqual(expect.any(Number));
    expect(acquired?.parentSpanContext).toBeUndefined();
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it('metrics or spans can be turned off; bad options get a typed error', () => {
    const otel = sdk();
    expect(() => lockTelemetry({ ...otel.providers, spans: false, metrics: true })).not.toThrow();
    expect(() => lockTelemetry({ lockName: true } as never)).toThrow(
      /Unknown option "lockName".*lockNames/,
    );
    expect(() => lockTelemetry({ spans: 'no' } as never)).toThrow(TypeError);
    expect(() => lockTelemetry({ spans: 'no' } as never)).toThrow(/"spans".*no/);
  });

  it('with spans: false no span is made', async () => {
    const otel = sdk();
    const locks = client({ onEvent: lockTelemetry({ ...otel.providers, spans: false }) });
    await (await locks.acquire(unique('otel-no-spans'))).release();
    expect(otel.spans()).toEqual([]);
    expect(total((await otel.metrics()).get(METRIC.acquisitions))).toBe(1);
  });
});
