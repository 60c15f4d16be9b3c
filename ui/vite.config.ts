import { defineConfig } from 'vite';

// In serve mode the page talks to the HTTP server over `/api/<command>`.
// For `npm run dev`, point BODESK_API_URL at a running `bodesk serve`
// (e.g. BODESK_API_URL=http://127.0.0.1:8080 npm run dev) to proxy it.
const apiTarget = process.env.BODESK_API_URL;

export default defineConfig({
  // Relative asset URLs: the same dist works under tauri://localhost and
  // behind any HTTP path prefix.
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Keep every script and style in files: the CSP allows no inline code.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    strictPort: true,
    proxy: apiTarget ? { '/api': { target: apiTarget, changeOrigin: true } } : undefined,
  },
});
