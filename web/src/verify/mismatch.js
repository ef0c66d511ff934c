// The verifier's one answer for "this is not right": which field, what the record (or file)
// has, what recomputation gives, and an English sentence. The UI translates by `field`.

/**
 * @typedef {object} Mismatch
 * @property {string} field     what differs: 'record', 'pool', 'protocol', 'pool_size',
 *   'pool_root', 'strata', 'params', 'randomness', 'commitment', 'seed', 'entry',
 *   'entry_count' or 'entry_order'
 * @property {string} message   one English sentence naming the field, found and expected
 * @property {string} [found]    the value in the record (or the file), as text
 * @property {string} [expected] the value recomputed from the published inputs, as text
 * @property {object} [at]       where: {row, column} in the pool CSV; {role, stratum,
 *   position, index} for an entry (position 1-based within its stratum and role, index the
 *   0-based place in record.entries)
 */

/** A Mismatch; `extra` may carry found, expected and at. */
export function mismatch(field, message, extra = {}) {
  return { field, message, ...extra };
}

/** Thrown inside the verifier to stop at the first mismatch; caught by verifyDraw. */
export class MismatchError extends Error {
  constructor(m) {
    super(m.message);
    this.name = 'MismatchError';
    this.mismatch = m;
  }
}

export function fail(field, message, extra) {
  throw new MismatchError(mismatch(field, message, extra));
}

/** A label as shown in messages: '(unstratified)' for the empty label. */
export function labelName(label) {
  return label === '' ? '(unstratified)' : label;
}
