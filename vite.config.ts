import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { pinyinDictPlugin } from './scripts/vite-pinyin-dict.mjs';

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [vue(), pinyinDictPlugin()],
  define: {
    // vue-i18n: evaluate messages without `new Function` (the CSP forbids eval).
    __INTLIFY_JIT_COMPILATION__: true,
    __INTLIFY_DROP_MESSAGE_COMPILER__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_OPTIONS_API__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    // The largest chunk is the keyboard's pinyin dictionary (about 2.1 MB), loaded only when a
    // Chinese text field first opens its keyboard.
    chunkSizeWarningLimit: 2300,
    // The kiosk, and the print view the browser host renders to PDF (headless).
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./renderer/index.html', import.meta.url)),
        print: fileURLToPath(new URL('./renderer/print.html', import.meta.url)),
      },
    },
  },
});
