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
