// SHA-256 engines for the verifier. The default is WebCrypto (crypto.subtle.digest), batched:
// a pool of 100 000 members needs about 300 000 digests, and one awaited call at a time would
// spend most of its time waiting, so each chunk of calls is issued at once and awaited with
// Promise.all. Browsers expose crypto.subtle only in secure contexts (https, localhost); an
// intranet server reached over plain http has none, so a portable JavaScript engine (FIPS
// 180-4, tested against WebCrypto) is the fallback there.
//
// An engine is { name, hash(bytes) -> Promise<Uint8Array>, many(count, message, out, onProgress) }
// where many() hashes message(0) … message(count-1) (each a Uint8Array) and writes digest i
// to out[32 i .. 32 i + 32).

const DEFAULT_CHUNK = 4096;

/** The WebCrypto engine, or null when this context has no crypto.subtle. */
export function webCryptoEngine({ chunk = DEFAULT_CHUNK } = {}) {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  return {
    name: 'webcrypto',
    async hash(bytes) {
      return new Uint8Array(await subtle.digest('SHA-256', bytes));
    },
    async many(count, message, out, onProgress) {
      for (let begin = 0; begin < count; begin += chunk) {
        const end = Math.min(count, begin + chunk);
        const pending = new Array(end - begin);
        for (let i = begin; i < end; i++) pending[i - begin] = subtle.digest('SHA-256', message(i));
        const digests = await Promise.all(pending);
        for (let j = 0; j < digests.length; j++) out.set(new Uint8Array(digests[j]), (begin + j) * 32);
        if (onProgress) onProgress(end, count);
      }
    },
  };
}

// ---- The portable engine ----

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const H0 = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

const W = new Int32Array(64);

/** SHA-256 of `bytes`, synchronously, in plain JavaScript; written to out[offset ..]. */
export function sha256Sync(bytes, out = new Uint8Array(32), offset = 0) {
  const length = bytes.length;
  const blocks = Math.ceil((length + 9) / 64);
  const padded = new Uint8Array(blocks * 64);
  padded.set(bytes);
  padded[length] = 0x80;
  const bits = length * 8;
  const tail = padded.length - 8;
  const high = Math.floor(bits / 0x100000000);
  padded[tail] = high >>> 24;
  padded[tail + 1] = high >>> 16;
  padded[tail + 2] = high >>> 8;
  padded[tail + 3] = high;
  padded[tail + 4] = bits >>> 24;
  padded[tail + 5] = bits >>> 16;
  padded[tail + 6] = bits >>> 8;
  padded[tail + 7] = bits;

  let [h0, h1, h2, h3, h4, h5, h6, h7] = H0;
  for (let p = 0; p < padded.length; p += 64) {
    for (let t = 0; t < 16; t++) {
      const q = p + 4 * t;
      W[t] = (padded[q] << 24) | (padded[q + 1] << 16) | (padded[q + 2] << 8) | padded[q + 3];
    }
    for (let t = 16; t < 64; t++) {
      const w15 = W[t - 15];
      const w2 = W[t - 2];
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
      W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[t] + W[t]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  const hs = [h0, h1, h2, h3, h4, h5, h6, h7];
  for (let i = 0; i < 8; i++) {
    out[offset + 4 * i] = hs[i] >>> 24;
    out[offset + 4 * i + 1] = hs[i] >>> 16;
    out[offset + 4 * i + 2] = hs[i] >>> 8;
    out[offset + 4 * i + 3] = hs[i];
  }
  return out;
}

const yieldToEventLoop = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The portable engine: synchronous hashing, yielding to the event loop between chunks. */
export function portableEngine({ chunk = 8192 } = {}) {
  return {
    name: 'portable',
    async hash(bytes) {
      return sha256Sync(bytes);
    },
    async many(count, message, out, onProgress) {
      for (let begin = 0; begin < count; begin += chunk) {
        const end = Math.min(count, begin + chunk);
        for (let i = begin; i < end; i++) sha256Sync(message(i), out, 32 * i);
        if (onProgress) onProgress(end, count);
        if (end < count) await yieldToEventLoop();
      }
    },
  };
}

/** WebCrypto where the context has it, else the portable engine. */
export function defaultEngine() {
  return webCryptoEngine() ?? portableEngine();
}
