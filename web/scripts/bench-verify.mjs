#!/usr/bin/env node
// Times the browser verifier in node on a pool CSV and a record JSON, with both SHA-256
// engines: `npm run bench:verify -- POOL.csv RECORD.json [runs]`. Best of `runs` (default 3).
import { readFileSync } from 'node:fs';
import { verifyDraw, webCryptoEngine, portableEngine } from '../src/verify/index.js';

const [poolPath, recordPath, runsArg] = process.argv.slice(2);
if (!poolPath || !recordPath) {
  console.error('usage: node scripts/bench-verify.mjs POOL.csv RECORD.json [runs]');
  process.exit(2);
}
const pool = readFileSync(poolPath, 'utf8');
const record = readFileSync(recordPath, 'utf8');
const runs = Number(runsArg ?? 3);
for (const make of [webCryptoEngine, portableEngine]) {
  let best = null;
  for (let r = 0; r < runs; r++) {
    const result = await verifyDraw(pool, record, { engine: make() });
    if (!result.verified) {
      console.error(`${result.engine}: NOT verified: ${result.mismatch.message}`);
      process.exit(1);
    }
    if (!best || result.timings.total < best.timings.total) best = result;
  }
  const t = Object.entries(best.timings)
    .map(([k, v]) => `${k} ${v.toFixed(0)}`)
    .join(', ');
  console.log(`${best.engine}: verified ${best.summary.poolSize} members in ${best.timings.total.toFixed(0)} ms (${t})`);
}
