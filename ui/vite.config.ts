/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The desktop shell embeds ui/dist; `vite` alone serves the same UI for development.
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: { target: "es2022", outDir: "dist", emptyOutDir: true },
  // A test may wait up to the testing-library ceiling set in test-setup.ts more than once.
  test: { environment: "jsdom", globals: true, setupFiles: ["src/test-setup.ts"], testTimeout: 30_000 },
});
