import { create } from 'zustand';
import { SHELL_BRIDGE_KEY, type ShellBridge } from '../../src/api/bridge';
import { shellApi, ShellEventSchema, type ShellApiClient, type ShellMethodName, type UpdateStatus } from '../../src/api/shell-api';
import { ApiCallError } from '../api/api-call-error';

/** The Electron shell's bridge, or null in a browser on the headless host (no shell there: no update UI). */
export function shellBridge(): ShellBridge | null {
  return (window as unknown as Record<string, ShellBridge | undefined>)[SHELL_BRIDGE_KEY] ?? null;
}

/** The ShellApi over the bridge: answers checked against the contract, refusals thrown with their code. */
export function shellClient(bridge: ShellBridge): ShellApiClient {
  return Object.fromEntries(
    (Object.keys(shellApi) as ShellMethodName[]).map((method) => [
      method,
      async (input: unknown) => {
        const answer = await bridge.invoke(method, input);
        if (!answer.ok) throw new ApiCallError(answer.error);
        return shellApi[method].output.parse(answer.value);
      },
    ]),
  ) as ShellApiClient;
}

interface UpdateView {
  /** Null until the shell answered, and always in a browser. */
  status: UpdateStatus | null;
  client: ShellApiClient | null;
}

export const useUpdate = create<UpdateView>(() => ({ status: null, client: null }));

let started = false;

/** Follows the shell's update status once per window: its first answer, then every `shell.update` event. */
export function followUpdates(): void {
  const bridge = shellBridge();
  if (started || !bridge) return;
  started = true;
  const client = shellClient(bridge);
  useUpdate.setState({ client });
  bridge.onEvent((raw) => {
    const event = ShellEventSchema.safeParse(raw);
    if (event.success) useUpdate.setState({ status: event.data.status });
  });
  client.getUpdateStatus({}).then(
    (status) => useUpdate.setState((view) => ({ status: view.status ?? status })),
    // The status comes again with the shell's next event; the top bar has nothing to show until then.
    () => undefined,
  );
}
