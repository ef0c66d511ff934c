// The portable SHA-256 against WebCrypto and FIPS 180-4 vectors, at every length around the
// padding boundaries, and the batch interface of both engines.
import { describe, expect, it } from 'vitest';
import { portableEngine, sha256Sync, webCryptoEngine } from './sha256.js';
import { toHex } from './hex.js';

const utf8 = new TextEncoder();

describe('SHA-256', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
  ])('portable engine: SHA-256(%j)', (text, digest) => {
    expect(toHex(sha256Sync(utf8.encode(text)))).toBe(digest);
  });

  it('portable engine equals WebCrypto for lengths 0..300 and a long message', async () => {
    const web = webCryptoEngine();
    const lengths = [...Array(301).keys(), 4096, 100003];
    for (const n of lengths) {
      const m = new Uint8Array(n);
      for (let i = 0; i < n; i++) m[i] = (i * 131 + n) & 0xff;
      expect(toHex(sha256Sync(m)), `length ${n}`).toBe(toHex(await web.hash(m)));
    }
  });

  it.each([
    ['webcrypto', () => webCryptoEngine({ chunk: 7 })],
    ['portable', () => portableEngine({ chunk: 7 })],
  ])('%s engine: many() writes digest i at 32 i, in chunks, reporting progress', async (_, make) => {
    const engine = make();
    const messages = Array.from({ length: 30 }, (_, i) => utf8.encode('m'.repeat(i)));
    const out = new Uint8Array(32 * messages.length);
    const progress = [];
    await engine.many(messages.length, (i) => messages[i], out, (done, total) => progress.push([done, total]));
    for (let i = 0; i < messages.length; i++) {
      expect(toHex(out, 32 * i, 32)).toBe(toHex(sha256Sync(messages[i])));
    }
    expect(progress.at(-1)).toEqual([30, 30]);
    expect(progress).toHaveLength(5);
  });
});
