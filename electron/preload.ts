// Runs sandboxed in the renderer's isolated world. Exposes one named function per contract call
// and nothing else: never ipcRenderer itself, never a generic "send".
import { contextBridge, ipcRenderer } from 'electron';
import { CALL_NAMES } from './contract';
import { ipcChannel } from './ipc-channel';

const bridge: Record<string, (args: unknown) => Promise<unknown>> = {};
for (const name of CALL_NAMES) {
  bridge[name] = (args: unknown) => ipcRenderer.invoke(ipcChannel(name), args);
}
contextBridge.exposeInMainWorld('kiosk', Object.freeze(bridge));
