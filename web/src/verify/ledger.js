// The transparency log's checks in the browser (docs/ledger.md): a checkpoint's Ed25519
// signature, the key id, an event's leaf hash and its RFC 9162 inclusion path up to the
// signed root. Pure: no DOM, no network; SHA-256 from the verifier's engines, Ed25519 from
// WebCrypto (crypto.subtle, current Chromium and Node.js ≥ 18.4).
import { fromHex, toHex, bytesEqual } from './hex.js';
import { leafHash, verifyInclusion } from './merkle.js';
import { defaultEngine } from './sha256.js';

const utf8 = (s) => new TextEncoder().encode(s);

/** The bytes a checkpoint's signature covers: "sunlit-ledger-checkpoint-v1\n" size \n root \n at \n. */
export function checkpointMessage(cp) {
  return utf8(`sunlit-ledger-checkpoint-v1\n${cp.size}\n${cp.root}\n${cp.at}\n`);
}

/** The bytes of event `seq` hashed into the log: "sunlit-ledger-v1\n" seq \n at \n kind \n subject \n body. */
export function eventLeaf(seq, event) {
  return utf8(`sunlit-ledger-v1\n${seq}\n${event.at}\n${event.kind}\n${event.subject}\n${event.body}`);
}

/** The key id: hex of the first 8 bytes of SHA-256(public key). */
export async function keyId(publicKeyHex, engine = defaultEngine()) {
  const key = fromHex(publicKeyHex, 32);
  if (!key) return null;
  const d = await engine.hash(key);
  return toHex(d, 0, 8);
}

/** The WebCrypto SubtleCrypto with Ed25519, or null when this browser has none. */
async function ed25519(subtle) {
  if (!subtle?.importKey) return null;
  return subtle;
}

/**
 * Checks a checkpoint's signature with `publicKeyHex` (the key the bureau published).
 * Resolves to { ok: true } | { ok: false, reason } where reason is 'malformed', 'key_id'
 * (signed by another key) or 'signature'; or { ok: null, reason: 'unsupported' } when the
 * browser has no Ed25519.
 */
export async function verifyCheckpoint(cp, publicKeyHex, { subtle = globalThis.crypto?.subtle, engine = defaultEngine() } = {}) {
  const key = fromHex(publicKeyHex, 32);
  const sig = fromHex(cp?.signature, 64);
  const root = fromHex(cp?.root, 32);
  if (!key || !sig || !root || !Number.isSafeInteger(cp?.size) || cp.size < 0 || typeof cp?.at !== 'string') {
    return { ok: false, reason: 'malformed' };
  }
  if (cp.key_id !== undefined && cp.key_id !== (await keyId(publicKeyHex, engine))) {
    return { ok: false, reason: 'key_id' };
  }
  const s = await ed25519(subtle);
  if (!s) return { ok: null, reason: 'unsupported' };
  let cryptoKey;
  try {
    cryptoKey = await s.importKey('raw', key, { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return { ok: null, reason: 'unsupported' };
  }
  const good = await s.verify({ name: 'Ed25519' }, cryptoKey, sig, checkpointMessage(cp));
  return good ? { ok: true } : { ok: false, reason: 'signature' };
}

/**
 * Checks a proof document (format sunlit-ledger-proof-v1): the event's bytes give its leaf
 * hash, the path leads from it to the checkpoint's root, and the checkpoint is signed by
 * `publicKeyHex` (default: the key the file names — say so to the user). Resolves to
 * { verified, leaf, path, signature: {ok, reason}, rootHex } with the first failing step false.
 */
export async function verifyProof(proof, publicKeyHex = proof?.public_key, { subtle, engine = defaultEngine() } = {}) {
  const out = { verified: false, leaf: false, path: false, signature: { ok: false, reason: 'malformed' } };
  if (proof?.format !== 'sunlit-ledger-proof-v1' || !proof.checkpoint || !Array.isArray(proof.path)) return out;
  const cp = proof.checkpoint;
  const lh = fromHex(proof.leaf_hash, 32);
  const root = fromHex(cp.root, 32);
  const path = proof.path.map((h) => fromHex(h, 32));
  if (!lh || !root || path.some((p) => !p) || proof.size !== cp.size) return out;
  out.leaf = proof.event ? bytesEqual(await leafHash(eventLeaf(proof.seq, proof.event), engine), 0, lh, 0, 32) : true;
  out.path = await verifyInclusion(lh, proof.seq, proof.size, path, root, engine);
  out.signature = await verifyCheckpoint(cp, publicKeyHex, { subtle: subtle ?? globalThis.crypto?.subtle, engine });
  out.verified = out.leaf && out.path && out.signature.ok === true;
  return out;
}
