// Vite plugin: `import('virtual:pinyin-dict')` gives the on-screen keyboard's pinyin dictionary
// (scripts/pinyin-dict.mjs) as one module, which the dynamic import puts in its own chunk, loaded
// only when a Chinese text field opens its keyboard.
import { pinyinDictText } from './pinyin-dict.mjs';

const ID = 'virtual:pinyin-dict';

export function pinyinDictPlugin() {
  return {
    name: 'pinyin-dict',
    resolveId: (id) => (id === ID ? `\0${ID}` : null),
    load: (id) => (id === `\0${ID}` ? `export default ${JSON.stringify(pinyinDictText())};` : null),
  };
}
