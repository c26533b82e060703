import type { LockEvent } from '@mutex/core';
import {
  type Attributes,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
} from '@opentelemetry/api';
import { ATTR, baseAttributes } from './attributes.js';

/** The span name of an acquire call: low-cardinality, the lock name is an attribute. */
export const ACQUIRE_SPAN = 'mutex.lock.acquire';

/**
 * One span per acquire call, from `acquire-started` to its outcome, as a child of the context
 * active where `acquire` was called (the listener runs synchronously inside that call).
 */
export class LockSpans {
  readonly #tracer: Tracer;
  readonly #withName: boolean;
  readonly #open = new Map<number, Span>();

  constructor(tracer: Tracer, withName: boolean) {
    this.#tracer = tracer;
    this.#withName = withName;
  }

  record(event: LockEvent): void {
    if (event.type === 'acquire-started') {
      const span = this.#tracer.startSpan(ACQUIRE_SPAN, {
        kind: SpanKind.INTERNAL,
        attributes: baseAttributes(event, this.#withName),
      });
      this.#open.set(event.id, span);
      return;
    }
    const span = this.#open.get(event.id);
    if (span === undefined) return;
    if (event.type === 'queued') {
      span.addEvent('queued');
      return;
    }
    const outcome = outcomeOf(event);
    if (outcome === undefined) return;
    span.setAttributes(outcome.attributes);
    if (outcome.error !== undefined) {
      const { type, message, exception } = outcome.error;
      if (exception) span.recordException(exception);
      span.setAttribute(ATTR.errorType, type);
      span.setStatus({ code: SpanStatusCode.ERROR, message });
    }
    span.end();
    this.#open.delete(event.id);
  }
}

interface Outcome {
  attributes: Attributes;
  error?: { type: string; message: string; exception?: Error };
}

/** What ends an acquire span, or undefined for events that do not. */
function outcomeOf(event: LockEvent): Outcome | undefined {
  switch (event.type) {
    case 'acquired': {
      const attributes: Attributes = {
        [ATTR.outcome]: 'acquired',
        [ATTR.handedOver]: event.handedOver,
        [ATTR.attempts]: event.attempts,
      };
      if (event.fence !== undefined) attributes[ATTR.fence] = event.fence;
      return { attributes };
    }
    case 'busy':
      return { attributes: { [ATTR.outcome]: 'busy' } };
    case 'timed-out':
      return {
        attributes: { [ATTR.outcome]: 'timed_out', [ATTR.attempts]: event.attempts },
        error: { type: 'MUTEX_TIMEOUT', message: 'acquireTimeout reached' },
      };
    case 'aborted':
      // The caller chose to stop waiting: an outcome, not a failure.
      return { attributes: { [ATTR.outcome]: 'aborted' } };
    case 'redis-error':
      if (event.operation !== 'acquire') return undefined;
      return {
        attributes: { [ATTR.outcome]: 'error' },
        error: { type: event.error.code, message: event.error.message, exception: event.error },
      };
    default:
      return undefined;
  }
}
