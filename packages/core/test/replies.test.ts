import { describe, expect, it } from 'vitest';
import { handoffFence } from '../src/replies.js';

const a = 'a'.repeat(32);
const b = 'b'.repeat(32);

describe('handoffFence', () => {
  it('finds its token in a single or a batched message, and nothing else', () => {
    expect(handoffFence(`${a}:7`, a)).toBe(7);
    expect(handoffFence(`${a}:7,${b}:8`, b)).toBe(8);
    expect(handoffFence(`${b}:8,${a}:0`, a)).toBe(0);
    expect(handoffFence(`${b}:8`, a)).toBeUndefined();
    // A token that ends another's is not a match.
    expect(handoffFence(`x${a}:3`, a)).toBeUndefined();
    expect(handoffFence(`${a}:`, a)).toBeUndefined();
  });
});
