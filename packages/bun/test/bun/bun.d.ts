// What these Bun-run tests use of Bun's own API, declared here as Bun documents it, so that
// `tsc` checks them without Bun's type package. The adapter itself declares none of this: it
// describes the client structurally (src/index.ts), and these declarations check that Bun's
// `RedisClient`, overloads and all, fits that description.
declare module 'bun' {
  export interface RedisOptions {
    autoReconnect?: boolean;
    maxRetries?: number;
    connectionTimeout?: number;
    enableOfflineQueue?: boolean;
  }
  type PubSubListener = (message: string, channel: string) => void;
  export class RedisClient {
    constructor(url?: string, options?: RedisOptions);
    readonly connected: boolean;
    onconnect: ((this: RedisClient) => void) | null;
    onclose: ((this: RedisClient, error: Error) => void) | null;
    connect(): Promise<void>;
    close(): void;
    // biome-ignore lint/suspicious/noExplicitAny: Bun declares its raw replies so
    send(command: string, args: string[]): Promise<any>;
    get(key: string): Promise<string | null>;
    set(key: string, value: string): Promise<'OK'>;
    subscribe(channel: string, listener: PubSubListener): Promise<number>;
    subscribe(channels: string[], listener: PubSubListener): Promise<number>;
    unsubscribe(channel: string): Promise<void>;
    unsubscribe(channel: string, listener: PubSubListener): Promise<void>;
    unsubscribe(): Promise<void>;
    unsubscribe(channels: string[]): Promise<void>;
    duplicate(): Promise<RedisClient>;
  }
  export const redis: RedisClient;
}
