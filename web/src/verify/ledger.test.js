// The ledger checks against a real proof and checkpoint written by `sunlit serve` over the
// demo database (testdata/ledger-*.json), and tampered copies that must fail.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkpointMessage, eventLeaf, keyId, verifyCheckpoint, verifyProof } from './ledger.js';
import { portableEngine } from './sha256.js';

const load = (name) => JSON.parse(readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8'));
const proof = load('ledger-proof.json');
const checkpoint = load('ledger-checkpoint.json');
const clone = (o) => JSON.parse(JSON.stringify(o));
const flip = (hex, at = 0) => hex.slice(0, at) + (hex[at] === '0' ? '1' : '0') + hex.slice(at + 1);

describe('the transparency log in the browser', () => {
  it('writes the signed bytes exactly as docs/ledger.md', () => {
    const text = new TextDecoder().decode(checkpointMessage({ size: 5, root: 'ab', at: '2026-11-02T06:30:00Z' }));
    expect(text).toBe('sunlit-ledger-checkpoint-v1\n5\nab\n2026-11-02T06:30:00Z\n');
    const leaf = new TextDecoder().decode(eventLeaf(3, { at: 'A', kind: 'k', subject: 's', body: '{}' }));
    expect(leaf).toBe('sunlit-ledger-v1\n3\nA\nk\ns\n{}');
  });

  it('computes the key id of the published key', async () => {
    expect(await keyId(checkpoint.public_key)).toBe(checkpoint.key_id);
    expect(await keyId(checkpoint.public_key, portableEngine())).toBe(checkpoint.key_id);
  });

  it('accepts the server checkpoint and refuses a changed one', async () => {
    expect(await verifyCheckpoint(checkpoint, checkpoint.public_key)).toEqual({ ok: true });
    const moved = clone(checkpoint);
    moved.size += 1;
    expect(await verifyCheckpoint(moved, checkpoint.public_key)).toEqual({ ok: false, reason: 'signature' });
    const root = clone(checkpoint);
    root.root = flip(root.root);
    expect((await verifyCheckpoint(root, checkpoint.public_key)).ok).toBe(false);
    const sig = clone(checkpoint);
    sig.signature = flip(sig.signature, 10);
    expect((await verifyCheckpoint(sig, checkpoint.public_key)).ok).toBe(false);
    // Another key: the key id no longer matches.
    expect(await verifyCheckpoint(checkpoint, flip(checkpoint.public_key))).toEqual({ ok: false, reason: 'key_id' });
    expect(await verifyCheckpoint({ ...checkpoint, signature: 'xyz' }, checkpoint.public_key)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('says so when the browser has no Ed25519', async () => {
    const subtle = { importKey: async () => { throw new Error('NotSupportedError'); } };
    expect(await verifyCheckpoint(checkpoint, checkpoint.public_key, { subtle })).toEqual({ ok: null, reason: 'unsupported' });
  });

  it('verifies an inclusion proof of an event', async () => {
    const r = await verifyProof(proof, checkpoint.public_key);
    expect(r).toMatchObject({ verified: true, leaf: true, path: true, signature: { ok: true } });
  });

  it('refuses a proof whose event, path, position or signature was changed', async () => {
    const event = clone(proof);
    event.event.subject = 'XT-2026-0002';
    expect(await verifyProof(event)).toMatchObject({ verified: false, leaf: false });
    const path = clone(proof);
    path.path[2] = flip(path.path[2]);
    expect(await verifyProof(path)).toMatchObject({ verified: false, path: false });
    const seq = clone(proof);
    seq.seq += 1;
    expect((await verifyProof(seq)).verified).toBe(false);
    const short = clone(proof);
    short.path.pop();
    expect(await verifyProof(short)).toMatchObject({ verified: false, path: false });
    const sig = clone(proof);
    sig.checkpoint.signature = flip(sig.checkpoint.signature, 5);
    expect(await verifyProof(sig)).toMatchObject({ verified: false, path: true, signature: { ok: false } });
    expect((await verifyProof({ format: 'other' })).verified).toBe(false);
  });
});
