// @mutex/opentelemetry: lock events as OpenTelemetry metrics and spans.
import type { LockEvent, LockEventListener } from '@mutex/core';
import { type MeterProvider, metrics, type TracerProvider, trace } from '@opentelemetry/api';
import { LockMetrics } from './metrics.js';
import { LockSpans } from './spans.js';

export { ATTR } from './attributes.js';
export { METRIC } from './metrics.js';
export { ACQUIRE_SPAN } from './spans.js';

/** Where measurements and spans go, and what they carry. */
export interface LockTelemetryOptions {
  /**
   * Where the instruments are made.
   * @default metrics.getMeterProvider() (the global one, which the Node SDK sets)
   */
  meterProvider?: MeterProvider;
  /**
   * Where acquire spans are made.
   * @default trace.getTracerProvider() (the global one)
   */
  tracerProvider?: TracerProvider;
  /**
   * Record the lock name as the `mutex.lock.name` attribute. Off by default: every distinct
   * name becomes its own time series, so turn it on only for a small, fixed set of names
   * (never for names built from ids).
   * @default false
   * @example
   * lockTelemetry({ lockNames: true }) // names like 'nightly-report', 'billing-run'
   */
  lockNames?: boolean;
  /**
   * Make metrics.
   * @default true
   */
  metrics?: boolean;
  /**
   * Make a span per acquire call.
   * @default true
   */
  spans?: boolean;
}

const OPTIONS = ['meterProvider', 'tracerProvider', 'lockNames', 'metrics', 'spans'];
const SCOPE = '@mutex/opentelemetry';

const describe = (value: unknown) =>
  typeof value === 'string'
    ? `${JSON.stringify(value)} (string)`
    : typeof value === 'function'
      ? 'a function'
      : String(value);

function checkOptions(options: unknown): LockTelemetryOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`lockTelemetry options must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTIONS.includes(key)) {
      throw new TypeError(`Unknown option "${key}"; known options: ${OPTIONS.join(', ')}`);
    }
  }
  for (const key of ['lockNames', 'metrics', 'spans'] as const) {
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined && typeof value !== 'boolean') {
      throw new TypeError(`Option "${key}" must be a boolean, got ${describe(value)}`);
    }
  }
  return options as LockTelemetryOptions;
}

/**
 * A lock-event listener that records OpenTelemetry metrics and acquire spans. Pass it as a
 * lock client's `onEvent`; one listener may serve several clients.
 * @example
 * import { lockTelemetry } from '@mutex/opentelemetry';
 * const locks = createLockClient(ioredisCommander(redis), { onEvent: lockTelemetry() });
 */
export function lockTelemetry(options: LockTelemetryOptions = {}): LockEventListener {
  const {
    meterProvider = metrics.getMeterProvider(),
    tracerProvider = trace.getTracerProvider(),
    lockNames = false,
    metrics: withMetrics = true,
    spans: withSpans = true,
  } = checkOptions(options);
  const recorders: { record(event: LockEvent): void }[] = [];
  if (withMetrics) recorders.push(new LockMetrics(meterProvider.getMeter(SCOPE), lockNames));
  if (withSpans) recorders.push(new LockSpans(tracerProvider.getTracer(SCOPE), lockNames));
  return (event) => {
    for (const recorder of recorders) recorder.record(event);
  };
}
