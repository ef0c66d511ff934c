// P and K: canonical forms, the parser's refusals, and k_h for both quota kinds.
import { describe, expect, it } from 'vitest';
import { paramsString, parseParams, parseRandomness, randomnessString, selectionSize } from './canonical.js';
import { MismatchError } from './mismatch.js';

const failure = (fn) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof MismatchError) return e.mismatch;
    throw e;
  }
  return null;
};

describe('P, the parameters', () => {
  it('round-trips the worked example and the empty label', () => {
    expect(parseParams('A:count:1;B:bp:2500;#1')).toEqual({
      quotas: [
        { stratum: 'A', kind: 'count', value: 1n },
        { stratum: 'B', kind: 'bp', value: 2500n },
      ],
      reserve: 1n,
    });
    expect(paramsString([{ stratum: 'B', kind: 'bp', value: 2500n }, { stratum: 'A', kind: 'count', value: 1n }], 1n)).toBe(
      'A:count:1;B:bp:2500;#1',
    );
    expect(parseParams(':count:20;#0').quotas[0].stratum).toBe('');
    expect(parseParams('#5')).toEqual({ quotas: [], reserve: 5n });
  });

  it.each([
    ['B:bp:1;A:bp:1;#0', 'not in canonical form'],
    ['A:count:01;#0', 'not in canonical form'],
    ['A:bp:10001;#0', 'basis points must be between 0 and 10000'],
    ['A:pct:5;#0', "unknown quota kind 'pct'"],
    ['A:count:1;A:count:2;#0', 'is given twice'],
    ['A:count:1;', "expected '#' and the reserve"],
    ['A:count:x;#0', 'a quota value is not a decimal number'],
    ['A!:count:1;#0', 'the label must be'],
    ['#', 'the reserve is not a decimal number'],
  ])('refuses %j (%s)', (p, why) => {
    const m = failure(() => parseParams(p));
    expect(m.field).toBe('params');
    expect(m.message).toContain(why);
  });
});

describe('K, the public randomness', () => {
  it('writes sources as RFC 3797 §4 does', () => {
    expect(randomnessString([[9319n], [2n, 5n, 12n, 8n, 10n], [9n, 18n, 26n, 34n, 41n, 45n]])).toBe(
      '9319./2.5.8.10.12./9.18.26.34.41.45./',
    );
    expect(parseRandomness('0.18446744073709551615./')).toEqual([[0n, 18446744073709551615n]]);
  });

  it.each([
    ['5.2./', 'not in canonical form'],
    ['05./', 'not in canonical form'],
    ['5.', "the last source does not end with '/'"],
    ['/', 'a source has no numbers'],
    ['', 'no sources'],
    ['18446744073709551616./', 'expected a decimal number'],
    ['5/', "expected '.' after a number"],
  ])('refuses %j (%s)', (k, why) => {
    const m = failure(() => parseRandomness(k));
    expect(m.field).toBe('randomness');
    expect(m.message).toContain(why);
  });
});

describe('k_h, the number selected', () => {
  it.each([
    [8, { kind: 'bp', value: 2500n }, 2],
    [9, { kind: 'bp', value: 2500n }, 3], // ceil(2.25)
    [558, { kind: 'bp', value: 200n }, 12], // ceil(11.16)
    [4, { kind: 'bp', value: 10000n }, 4],
    [4, { kind: 'bp', value: 0n }, 0],
    [4, { kind: 'count', value: 1n }, 1],
    [4, { kind: 'count', value: 9223372036854775807n }, 4],
    [4, undefined, 0],
  ])('n = %i, quota %o: %i', (n, q, k) => {
    expect(selectionSize(n, q)).toBe(k);
  });
});
