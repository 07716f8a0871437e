import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// In development the API runs separately (npm start or services/api); /api is forwarded to it
// so cookies (the refresh token, path /api/auth) stay same-origin as in production.
const apiTarget = process.env.API_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [sveltekit()],
  // SvelteKit's server runtime (built even for an SPA, to analyse the routes) needs cookie@0.6,
  // while the monorepo root hoists cookie@2 for the API. Bundling it resolves kit's own copy.
  ssr: { noExternal: ['cookie'] },
  server: {
    port: 5173,
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
});
