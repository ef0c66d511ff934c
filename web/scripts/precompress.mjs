// Writes a gzip variant (level 9) beside every text asset of dist/ that it makes smaller, so
// that `sunlit serve` can send it to browsers that accept gzip (src/http/static_files.h)
// without compressing on each request. Run after `vite build` (npm run build does).
import { readdirSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const TEXT = /\.(js|mjs|css|html|svg|json|txt|map)$/;
let files = 0;
let before = 0;
let after = 0;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) { walk(p); continue; }
    if (name.endsWith('.gz')) { rmSync(p); continue; }  // stale variants of an earlier build
    if (!TEXT.test(name)) continue;
    const raw = readFileSync(p);
    if (raw.length < 1024) continue;
    const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
    if (gz.length >= raw.length) continue;
    writeFileSync(`${p}.gz`, gz);
    files += 1;
    before += raw.length;
    after += gz.length;
  }
}

walk(dist);
console.log(`precompress: ${files} files, ${(before / 1024).toFixed(0)} KiB → ${(after / 1024).toFixed(0)} KiB gzip`);
