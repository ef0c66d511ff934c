// Lower-case hexadecimal for digests and byte strings: the only text form the draw record uses.

const HEX = '0123456789abcdef';
const BYTE_HEX = Array.from({ length: 256 }, (_, b) => HEX[b >> 4] + HEX[b & 15]);

/** Hex of `bytes[offset .. offset+length)`; the whole array by default. */
export function toHex(bytes, offset = 0, length = bytes.length - offset) {
  const parts = new Array(length);
  for (let i = 0; i < length; i++) parts[i] = BYTE_HEX[bytes[offset + i]];
  return parts.join('');
}

/**
 * Bytes of a lower-case hex string of exactly `2 * size` digits, or null when it is not one
 * (upper case is refused, as the record format requires lower case).
 */
export function fromHex(text, size) {
  if (typeof text !== 'string' || text.length !== 2 * size || !/^[0-9a-f]*$/.test(text)) {
    return null;
  }
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = parseInt(text.substr(2 * i, 2), 16);
  return out;
}

/** True when the two byte ranges are equal. */
export function bytesEqual(a, aOffset, b, bOffset, length) {
  for (let i = 0; i < length; i++) {
    if (a[aOffset + i] !== b[bOffset + i]) return false;
  }
  return true;
}

/** Bytewise comparison of two ranges of the same length: negative, zero or positive. */
export function compareBytes(a, aOffset, b, bOffset, length) {
  for (let i = 0; i < length; i++) {
    const d = a[aOffset + i] - b[bOffset + i];
    if (d !== 0) return d;
  }
  return 0;
}
