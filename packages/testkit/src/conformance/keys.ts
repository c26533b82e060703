/** The key the suite expects for `name` under the default prefix: `mutex:{name}`. */
export const lockKey = (name: string) => `mutex:{${name}}`;
export const fenceKey = (name: string) => `${lockKey(name)}:fence`;
export const seedKey = (name: string) => `@simple-redis-mutex:lock-${name}`;

/** Redis Cluster's CRC16 (XMODEM) key slot, including hash tags. */
export function keySlot(key: string): number {
  const bytes = new TextEncoder().encode(key);
  let start = 0;
  let end = bytes.length;
  const open = bytes.indexOf(0x7b);
  if (open !== -1) {
    const close = bytes.indexOf(0x7d, open + 1);
    if (close > open + 1) {
      start = open + 1;
      end = close;
    }
  }
  let crc = 0;
  for (let i = start; i < end; i++) {
    crc ^= (bytes[i] as number) << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc % 16_384;
}
