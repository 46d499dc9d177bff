import { DEMO_TEMPLATES } from '../../src/backend/demo/demo-system';
import type { DesktopCore } from '../../src/desktop/core';
import type { BoardEvent } from '../../src/api/board-api';
import { startWhatsAppSimulator } from '../../src/simulators/whatsapp-cloud-api-simulator';
import { call, eventually, freePort, seedApprovedTemplate, startSystem, WHATSAPP } from './backend';
import { startCore, tempDataFile, type CoreSetup } from './desktop';
import type { Clock } from '../../src/ports/clock';

export const CUSTOMER_PHONE = '+31612345678';

/**
 * One organisation's backend wired to the WhatsApp simulator on a fixed loopback port, with
 * the demo templates, and the means to stop and restart it where desktops expect it.
 */
export async function startOrganisation(clock: Clock = { now: () => Date.now() }) {
  const port = await freePort();
  const simulator = await startWhatsAppSimulator({
    ...WHATSAPP,
    templates: DEMO_TEMPLATES,
    clock,
  });
  let system = await startSystem({ clock, port, simulator });
  const { org, dataFile } = system;
  for (const template of DEMO_TEMPLATES) await seedApprovedTemplate(system.backend.store, org.organizationId, template, clock.now());
  const inbox = (await call(system.backend.url, org.token, 'GET', '/v2/organization')).body.inboxes[0].id as string;
  return {
    org,
    inbox,
    simulator,
    url: system.backend.url,
    /** The backend's file, for a test that changes it while the backend is stopped. */
    dataFile,
    backend: () => system.backend,
    async stop() {
      await system.backend.close();
    },
    async restart() {
      system = await startSystem({ clock, port, dataFile, org, simulator });
    },
    async close() {
      await system.backend.close().catch(() => {});
      await simulator.close();
    },
    /** An appointment as a planning system would send it, for tomorrow's customer or today's. */
    async appointment(fields: { sourceId: string; date: string; time?: string; name?: string; phone?: string; plate?: string }) {
      const res = await call(system.backend.url, org.token, 'POST', '/v2/appointments', {
        inbox,
        source: 'planit',
        sourceId: fields.sourceId,
        date: fields.date,
        time: fields.time ?? '09:00',
        plate: fields.plate ?? null,
        contact: { profile: { name: fields.name ?? 'Jan Jansen', telephone: fields.phone ?? CUSTOMER_PHONE } },
      });
      if (res.status !== 200) throw new Error(`appointment not stored: ${JSON.stringify(res.body)}`);
      return res.body as { id: string; contact: string };
    },
    /** The customer answers on WhatsApp. */
    async reply(text: string, phone = CUSTOMER_PHONE) {
      await fetch(`${simulator.url}/simulator/customers/${phone.replace('+', '')}/reply`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text, name: 'Jan Jansen' }),
      });
    },
  };
}
export type Organisation = Awaited<ReturnType<typeof startOrganisation>>;

/** A desktop core connected to the organisation; its cache survives a restart with the same file. */
export function connectedCore(
  organisation: Organisation,
  options: Pick<CoreSetup, 'dataFile' | 'clock' | 'timers' | 'sample' | 'secrets' | 'sources' | 'desktopName'> = {},
) {
  const dataFile = options.dataFile ?? tempDataFile();
  const core = startCore({
    dataFile,
    clock: options.clock,
    timers: options.timers,
    sample: options.sample ?? false,
    secrets: options.secrets,
    sources: options.sources,
    desktopName: options.desktopName,
    backend: { url: organisation.url, token: organisation.org.token },
  });
  const events: BoardEvent[] = [];
  core.subscribe((event) => events.push(event));
  return { core, dataFile, events };
}

/** Waits until the desktop is connected, has read the organisation, and has nothing left to send. */
export function settled(core: DesktopCore, ms = 10_000) {
  return eventually(() => {
    const c = core.context.sync.connection();
    return c.online && c.pending === 0 && core.context.sync.templates().length > 0;
  }, ms);
}
