import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// In development (`npm run dev`), the APIs and storefronts come from the
// all-in-one binary (`cargo run`, http://127.0.0.1:8080 by default).
const backend = process.env.VITRINE_BACKEND ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": backend,
      "/site": backend,
    },
  },
  build: {
    // The CSP forbids inline scripts: keep everything in files.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  test: {
    include: ["src/**/*.test.ts"],
  },
});
