// The web console's build: apps/web → dist/web, which the API serves at / (apps/api/src/console).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  plugins: [react()],
  // Pure rules and labels shared with the API (libs/domain), imported file by file.
  resolve: { alias: { '@domain': resolve(here, '../../libs/domain/src') } },
  build: {
    outDir: resolve(here, '../../dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
