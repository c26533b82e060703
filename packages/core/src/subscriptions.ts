/** A pub/sub connection an adapter opened for release notifications. */
export interface PubSubConnection {
  subscribe(channel: string): Promise<void>;
  unsubscribe(channel: string): Promise<void>;
  close(): Promise<void>;
}

/** Opens a connection that hands every message it receives to `deliver`. */
export type PubSubConnect = (
  deliver: (channel: string, message: string) => void,
) => Promise<PubSubConnection>;

interface Channel {
  readonly listeners: Set<(message: string) => void>;
  readonly live: Promise<void>;
}

/**
 * Shares one pub/sub connection among every waiter of a commander, for adapter authors. The
 * connection opens with the first subscription and closes with the last, so an idle commander
 * holds no extra connection and never keeps a process alive.
 */
export class ChannelSubscriptions {
  readonly #connect: PubSubConnect;
  readonly #channels = new Map<string, Channel>();
  /** Unsubscribes still in flight: a new subscription to the channel waits for its own. */
  readonly #leaving = new Map<string, Promise<void>>();
  #connection: Promise<PubSubConnection> | undefined;

  constructor(connect: PubSubConnect) {
    this.#connect = connect;
  }

  /** Implements `RedisCommander.subscribe`. */
  async subscribe(
    channel: string,
    onMessage: (message: string) => void,
  ): Promise<() => Promise<void>> {
    const connection = this.#open();
    let entry = this.#channels.get(channel);
    if (entry === undefined) {
      const left = this.#leaving.get(channel) ?? Promise.resolve();
      entry = {
        listeners: new Set(),
        live: left.then(() => connection).then((open) => open.subscribe(channel)),
      };
      this.#channels.set(channel, entry);
    }
    const listener = (message: string) => onMessage(message);
    entry.listeners.add(listener);
    const leave = () => this.#leave(channel, listener);
    try {
      await entry.live;
    } catch (error) {
      await leave();
      throw error;
    }
    let left = false;
    return async () => {
      if (left) return;
      left = true;
      await leave();
    };
  }

  /** Ends every subscription and closes the connection. */
  async close(): Promise<void> {
    this.#channels.clear();
    await this.#shut();
  }

  #open(): Promise<PubSubConnection> {
    if (this.#connection === undefined) {
      const opening = this.#connect((channel, message) => {
        for (const listener of this.#channels.get(channel)?.listeners ?? []) listener(message);
      });
      this.#connection = opening;
      opening.catch(() => {
        if (this.#connection === opening) this.#connection = undefined;
      });
    }
    return this.#connection;
  }

  async #leave(channel: string, listener: (message: string) => void): Promise<void> {
    const entry = this.#channels.get(channel);
    if (entry === undefined || !entry.listeners.delete(listener)) return;
    if (entry.listeners.size > 0) return;
    this.#channels.delete(channel);
    if (this.#channels.size === 0) return this.#shut();
    const leaving = (this.#connection ?? Promise.reject())
      .then((open) => open.unsubscribe(channel))
      .catch(() => {});
    this.#leaving.set(channel, leaving);
    await leaving;
    if (this.#leaving.get(channel) === leaving) this.#leaving.delete(channel);
  }

  async #shut(): Promise<void> {
    const connection = this.#connection;
    this.#connection = undefined;
    await connection?.then((open) => open.close()).catch(() => {});
  }
}
