import type { Envelope } from './envelope';

/**
 * What the Electron preload exposes to the renderer as `window.boardBridge`: one call and
 * one event subscription, both carrying BoardApi methods and events only.
 */
export interface BoardBridge {
  invoke(method: string, params: unknown): Promise<Envelope<unknown>>;
  onEvent(listener: (event: unknown) => void): () => void;
}

export const BRIDGE_KEY = 'boardBridge';
export const IPC_INVOKE_CHANNEL = 'board-api:invoke';
export const IPC_EVENT_CHANNEL = 'board-api:event';

/**
 * What the preload exposes as `window.shellBridge`: the ShellApi (updates), on a channel of
 * its own so that the BoardApi's stays the core's alone. Absent in a browser: no shell there.
 */
export interface ShellBridge {
  invoke(method: string, params: unknown): Promise<Envelope<unknown>>;
  onEvent(listener: (event: unknown) => void): () => void;
}

export const SHELL_BRIDGE_KEY = 'shellBridge';
export const SHELL_IPC_INVOKE_CHANNEL = 'shell-api:invoke';
export const SHELL_IPC_EVENT_CHANNEL = 'shell-api:event';
