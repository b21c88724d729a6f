export const ipcChannel = (name: string): string => `kiosk:${name}`;
