#!/usr/bin/env node
// Fails early, with a plain message, when this Node.js is too old for the web toolchain
// (Vite 7 needs 20.19 or later; Debian 12's own nodejs package is 18).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`web/ needs Node.js >= 20.19 (for Vite 7); this is ${process.version}.`);
  process.exit(1);
}
