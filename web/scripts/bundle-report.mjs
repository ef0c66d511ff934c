// Built bundle sizes per route: reads web/dist (after `npx vite build`, which writes Vite's
// manifest to dist/.vite/manifest.json), maps each route of src/router.js and src/routes/*.js
// to the chunk of its view, and prints a Markdown table of every chunk's raw and gzip size
// (level 9, as scripts/precompress.mjs writes them), grouped by route: the route's own chunk,
// and what it loads besides the entry (its static imports, transitively, minus what the entry
// already loaded). Then the entry and the shared chunks.
//
//   cd web && npx vite build && node scripts/bundle-report.mjs [--json]
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(web, 'dist');
const manifestPath = path.join(dist, '.vite', 'manifest.json');
if (!existsSync(manifestPath)) {
  console.error(`no ${path.relative(web, manifestPath)}: run \`npx vite build\` first (build.manifest is on)`);
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));

// ---- sizes ----------------------------------------------------------------------------------
const sizes = new Map();  // file in dist → { raw, gzip }
function sizeOf(file) {
  if (!sizes.has(file)) {
    const bytes = readFileSync(path.join(dist, file));
    sizes.set(file, { raw: bytes.length, gzip: gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length });
  }
  return sizes.get(file);
}
const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
const sum = (files) => files.reduce((a, f) => ({ raw: a.raw + sizeOf(f).raw, gzip: a.gzip + sizeOf(f).gzip }), { raw: 0, gzip: 0 });

// ---- the chunk graph --------------------------------------------------------------------------
/** Files (JS and CSS) a manifest entry loads statically, itself included, transitively. */
function closure(key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk || seen.has(key)) return seen;
  seen.add(key);
  for (const k of chunk.imports ?? []) closure(k, seen);
  return seen;
}
const filesOf = (keys) => {
  const out = new Set();
  for (const k of keys) {
    const c = manifest[k];
    out.add(c.file);
    for (const css of c.css ?? []) out.add(css);
  }
  return out;
};
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const entryKeys = closure(entryKey);
const entryFiles = filesOf(entryKeys);

// ---- routes: source file of each view → paths ------------------------------------------------
const ROUTE_FILES = [
  ['src/router.js', null],
  ['src/routes/console.js', '/staff/'],
  ['src/routes/work.js', '/staff/'],
  ['src/routes/portal.js', '/'],
];
const routesOf = new Map();  // manifest key (e.g. "src/views/console/PlansView.vue") → [path]
for (const [file, prefix] of ROUTE_FILES) {
  const text = readFileSync(path.join(web, file), 'utf8');
  // Each route object: its `path: '…'` and the first dynamic import after it.
  const re = /path:\s*'([^']*)'[\s\S]*?import\('([^']+)'\)/g;
  for (let m; (m = re.exec(text));) {
    const [, p, spec] = m;
    const key = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
    if (/\/layouts\//.test(key)) continue;  // layouts are listed with the shared chunks
    let full;
    if (/NotFoundView/.test(key)) full = '*';  // any other path
    else if (prefix) full = prefix + p;
    else full = key.includes('/views/staff/') ? `/staff${p ? '/' + p : ''}` : p.startsWith('/') ? p : `/${p}`;
    if (!routesOf.has(key)) routesOf.set(key, []);
    routesOf.get(key).push(full.replace(/\([^)]*\)/g, '').replace(/\/:pathMatch.*$/, '/*'));
  }
}

// ---- report ---------------------------------------------------------------------------------
const rows = [];
for (const [key, paths] of routesOf) {
  const chunk = manifest[key];
  if (!chunk) continue;
  const own = filesOf([key]);
  const loads = [...filesOf(closure(key))].filter((f) => !entryFiles.has(f) && !own.has(f));
  rows.push({ paths, view: path.basename(key), own: sum([...own]), loads: sum(loads), loadsCount: loads.length });
}
rows.sort((a, b) => a.paths[0].localeCompare(b.paths[0]));

const shared = new Map();  // file → how many routes load it
for (const key of routesOf.keys()) {
  if (!manifest[key]) continue;
  for (const f of filesOf(closure(key))) if (!entryFiles.has(f)) shared.set(f, (shared.get(f) ?? 0) + 1);
}
const sharedRows = [...shared].filter(([, n]) => n > 1).map(([f, n]) => ({ file: f, routes: n, ...sizeOf(f) }))
  .sort((a, b) => b.raw - a.raw);
// Loaded on demand but not a route's view: the layouts, charts … (with what they load).
const lazy = Object.keys(manifest).filter((k) => manifest[k].isDynamicEntry && !routesOf.has(k));

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ entry: sum([...entryFiles]), routes: rows, shared: sharedRows }, null, 2));
  process.exit(0);
}
const all = readdirSync(path.join(dist, 'assets')).filter((f) => /\.(js|css)$/.test(f)).map((f) => `assets/${f}`);
const total = sum(all);
console.log(`Entry (every page): ${[...entryFiles].length} files, ${kB(sum([...entryFiles]).raw)} / gzip ${kB(sum([...entryFiles]).gzip)}`);
console.log(`All JS and CSS: ${all.length} files, ${kB(total.raw)} / gzip ${kB(total.gzip)}\n`);
console.log('| route | view chunk | raw | gzip | + loads besides the entry | raw | gzip |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.paths.map((p) => `\`${p}\``).join(', ')} | ${r.view} | ${kB(r.own.raw)} | ${kB(r.own.gzip)} | ${r.loadsCount} chunks | ${kB(r.loads.raw)} | ${kB(r.loads.gzip)} |`);
}
console.log('\n| shared chunk | loaded by routes | raw | gzip |');
console.log('|---|---|---|---|');
for (const s of sharedRows.slice(0, 15)) console.log(`| ${s.file.replace(/^assets\//, '').replace(/-[\w-]{8}\.(js|css)$/, '-*.$1')} | ${s.routes} | ${kB(s.raw)} | ${kB(s.gzip)} |`);
console.log('\n| loaded on demand (not a route view) | raw | gzip | with what it loads besides the entry: raw | gzip |');
console.log('|---|---|---|---|---|');
for (const k of lazy) {
  const own = sum([...filesOf([k])]);
  const loads = sum([...filesOf(closure(k))].filter((f) => !entryFiles.has(f)));
  console.log(`| ${path.basename(k)} | ${kB(own.raw)} | ${kB(own.gzip)} | ${kB(loads.raw)} | ${kB(loads.gzip)} |`);
}
