// CRC-32C (Castagnoli), the checksum of Kafka's record batch v2. A 256-entry table is all it takes;
// a dependency would cost the app more module memory than these lines (see docs/decisions.md).
const TABLE = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  TABLE[n] = c;
}

/** CRC-32C of `buf`; pass the result of a previous call as `crc` to continue over a second buffer. */
export function crc32c(buf: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < buf.length; i++) c = (TABLE[(c ^ (buf[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}
