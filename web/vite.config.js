// Vite: builds web/ into dist/ for `sunlit serve --web DIR`. Everything is bundled (no CDN:
// government intranets are closed); each route is its own chunk; Vitest runs the unit tests
// in node, where globalThis.crypto.subtle is WebCrypto as in the browser.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  base: '/',
  plugins: [vue()],
  define: {
    // vue-i18n: Composition API only, no devtools in production.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
    // dist/.vite/manifest.json: source → chunk, for scripts/bundle-report.mjs.
    manifest: true,
  },
  server: {
    // `npm run dev` against a local `sunlit serve` on the default port.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
  test: {
    include: ['src/**/*.test.js'],
    environment: 'node',
    testTimeout: 60000,
    // Element Plus's per-component style modules import .css files, which node cannot load:
    // let Vite transform the package instead of handing it to node.
    server: { deps: { inline: ['element-plus'] } },
  },
});
