// The in-browser draw verifier: protocol sunlit-draw-v1 recomputed from the published pool
// CSV and draw record with WebCrypto SHA-256. Pure: no DOM, no network, no Vue.
export { verifyDraw, checkMember, computeSeed, computeRank, PROTOCOL_V1 } from './verifier.js';
export { parsePoolCsv, isValidLabel } from './pool-csv.js';
export { parseRecord } from './record.js';
export { parseParams, parseRandomness, paramsString, randomnessString, selectionSize } from './canonical.js';
export { buildTree, treeRoot, auditPath, leafHash, verifyInclusion } from './merkle.js';
export { webCryptoEngine, portableEngine, defaultEngine, sha256Sync } from './sha256.js';
export { isValidUscc, normaliseCodeInput } from './uscc.js';
export { toHex, fromHex } from './hex.js';
