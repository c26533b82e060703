/**
 * Commands sent for one token whose outcome is not known yet. A command that timed out or
 * lost its connection may still run in Redis later (a slow network, EVAL sent only after a
 * NOSCRIPT reply, an HTTP request still on its way), so a clean-up for that token must also
 * run once every such command has settled, or it can land first and do nothing.
 */
export class InFlight {
  #pending = 0;
  #onSettled: (() => void)[] = [];

  /** Counts `sent` until it settles, whatever its outcome. */
  track(sent: Promise<unknown>): void {
    this.#pending++;
    const settled = () => {
      this.#pending--;
      if (this.#pending > 0) return;
      const waiting = this.#onSettled;
      this.#onSettled = [];
      for (const run of waiting) run();
    };
    sent.then(settled, settled);
  }

  /** Whether some command's outcome is still unknown. */
  get busy(): boolean {
    return this.#pending > 0;
  }

  /** Runs `work` once nothing tracked is pending: at once if nothing is. */
  whenSettled(work: () => void): void {
    if (this.#pending === 0) work();
    else this.#onSettled.push(work);
  }
}
