/**
 * How long a command to Redis has taken lately, for bounding how early a request may have
 * reached it. A decaying maximum: one slow reply raises it at once, and it drifts back down
 * over the next replies.
 */
export class RoundTrips {
  #estimate = 0;

  observe(ms: number): void {
    this.#estimate = Math.max(ms, this.#estimate * 0.9);
  }

  /** In milliseconds; 0 before any reply. */
  get estimate(): number {
    return this.#estimate;
  }
}
