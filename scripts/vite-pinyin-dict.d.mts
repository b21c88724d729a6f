import type { Plugin } from 'vite';
export function pinyinDictPlugin(): Plugin;
