import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';
import { pinyinDictPlugin } from './scripts/vite-pinyin-dict.mjs';

export default defineConfig({
  // The renderer's lazy pinyin dictionary resolves as in the build (loaded only if a test types).
  plugins: [vue(), pinyinDictPlugin()],
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
