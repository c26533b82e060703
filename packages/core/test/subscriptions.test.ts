import { describe, expect, it } from 'vitest';
import { ChannelSubscriptions, type PubSubConnection } from '../src/adapter.js';

/** A pub/sub connection that records the order of what it was asked, and can deliver. */
function recorder() {
  const log: string[] = [];
  const live = new Set<string>();
  let deliver: (channel: string, message: string) => void = () => {};
  let opened = 0;
  const hub = new ChannelSubscriptions(async (handler) => {
    deliver = handler;
    opened++;
    const connection: PubSubConnection = {
      subscribe: async (channel) => {
        log.push(`+${channel}`);
        live.add(channel);
      },
      unsubscribe: async (channel) => {
        await new Promise((resolve) => setTimeout(resolve, 5)); // a slow UNSUBSCRIBE
        log.push(`-${channel}`);
        live.delete(channel);
      },
      close: async () => {
        log.push('close');
        live.clear();
      },
    };
    return connection;
  });
  return { hub, log, live, publish: (c: string) => deliver(c, '1'), opened: () => opened };
}

describe('ChannelSubscriptions', () => {
  it('shares one connection, opened with the first subscription and closed with the last', async () => {
    const { hub, log, opened } = recorder();
    const leaveA = await hub.subscribe('a', () => {});
    const leaveB = await hub.subscribe('b', () => {});
    expect(opened()).toBe(1);
    await leaveA();
    await leaveB();
    expect(log).toEqual(['+a', '+b', '-a', 'close']);
  });

  it('delivers to every listener of a channel, and only to them', async () => {
    const { hub, publish } = recorder();
    const got: string[] = [];
    await hub.subscribe('a', () => got.push('a1'));
    await hub.subscribe('a', () => got.push('a2'));
    await hub.subscribe('b', () => got.push('b'));
    publish('a');
    expect(got).toEqual(['a1', 'a2']);
  });

  it('a resubscription never loses to the unsubscribe still in flight before it', async () => {
    const { hub, log, live } = recorder();
    const keepOpen = await hub.subscribe('other', () => {});
    const leave = await hub.subscribe('a', () => {});
    const leaving = leave(); // UNSUBSCRIBE a, slow
    const again = await hub.subscribe('a', () => {}); // SUBSCRIBE a again at once
    await leaving;
    expect(live.has('a')).toBe(true);
    expect(log).toEqual(['+other', '+a', '-a', '+a']);
    await again();
    await keepOpen();
  });
});
