// Builds the single-page app from web/ into web/dist; the Lantern server serves it.
// In development (`npx vite --config web/vite.config.ts`) /api goes to a local Lantern.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Inline nothing: the Content-Security-Policy allows only files of our own origin.
    assetsInlineLimit: 0,
    // The largest file is the network graph (cytoscape), fetched only when a network is shown: not a first-screen
    // weight (bench/RESULTS.md measures that).
    chunkSizeWarningLimit: 600,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
