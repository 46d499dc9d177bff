import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  BRIDGE_KEY,
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_CHANNEL,
  SHELL_BRIDGE_KEY,
  SHELL_IPC_EVENT_CHANNEL,
  SHELL_IPC_INVOKE_CHANNEL,
  type BoardBridge,
  type ShellBridge,
} from '../src/api/bridge';

/** One call and one event stream on a pair of channels; ipcRenderer itself never leaves here. */
function bridgeOver(invokeChannel: string, eventChannel: string): BoardBridge & ShellBridge {
  return {
    invoke: (method, params) => ipcRenderer.invoke(invokeChannel, method, params),
    onEvent(listener) {
      const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(eventChannel, forward);
      return () => ipcRenderer.removeListener(eventChannel, forward);
    },
  };
}

// The BoardApi (the desktop core) and the ShellApi (updates): each exactly its own methods and events.
contextBridge.exposeInMainWorld(BRIDGE_KEY, bridgeOver(IPC_INVOKE_CHANNEL, IPC_EVENT_CHANNEL));
contextBridge.exposeInMainWorld(SHELL_BRIDGE_KEY, bridgeOver(SHELL_IPC_INVOKE_CHANNEL, SHELL_IPC_EVENT_CHANNEL));
