import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The app is a static site: `npm run build` writes dist/, which works offline on any host.
export default defineConfig({
  plugins: [svelte()],
  base: './',
  server: { host: '127.0.0.1', port: 5173 },
  build: { outDir: 'dist', target: 'es2022' },
});
