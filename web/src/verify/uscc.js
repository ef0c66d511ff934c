// Unified social credit codes (GB 32100-2015): the check character, as src/core/uscc.cc
// checks it for draw pools (the GB 11714 organisation-code check is not required there).

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_ALPHABET.length; i++) VALUE[USCC_ALPHABET.charCodeAt(i)] = i;

/** True when `code` is 18 characters of the alphabet with a valid GB 32100 check character. */
export function isValidUscc(code) {
  if (typeof code !== 'string' || code.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 18; i++) {
    const c = code.charCodeAt(i);
    const v = c < 128 ? VALUE[c] : -1;
    if (v < 0) return false;
    if (i < 17) sum += v * WEIGHTS[i];
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31] === code[17];
}

/**
 * What a person typed, made into a code: surrounding blanks removed, full-width ASCII
 * (Chinese input methods) made half-width, letters upper-cased.
 */
export function normaliseCodeInput(text) {
  return String(text ?? '')
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '')
    .toUpperCase();
}
