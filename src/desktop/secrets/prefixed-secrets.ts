import type { SecretStore } from '../../ports/secret-store';

/**
 * The same store under names of their own: the demo's sources keep their keys apart from the
 * real board's, and the demo never finds the real board's backend token (it would join it).
 */
export function prefixedSecrets(store: SecretStore, prefix: string): SecretStore {
  return {
    get: (name) => store.get(`${prefix}${name}`),
    set: (name, value) => store.set(`${prefix}${name}`, value),
    remove: (name) => store.remove(`${prefix}${name}`),
    sessionOnly: store.sessionOnly,
  };
}
