import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Built offline into web/dist and served by the service (src/console); no CDN, no inline script.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0, // no data: URLs beyond what the CSP's img-src allows
    modulePreload: { polyfill: false }, // the polyfill is an inline script
    target: 'es2022',
  },
});
