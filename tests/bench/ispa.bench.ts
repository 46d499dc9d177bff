import { performance } from 'node:perf_hooks';
import { localDateAt } from '../../src/domain/zoned-time';
import { ispaNextSender } from '../../src/simulators/ispa-next-sender';
import { integrationToken } from '../support/backend';
import { startOrganisation } from '../support/connected';
import { report } from './report';

const EVENTS = 2000;
const IN_FLIGHT = 8;

/** ISPA Next events into the backend over HTTP: each stored, de-duplicated and logged before its 200. */
export async function benchIspa(): Promise<void> {
  const organisation = await startOrganisation();
  try {
    const token = await integrationToken(organisation.url, organisation.org.token, 'ispa', [organisation.inbox]);
    const sender = ispaNextSender({ backendUrl: organisation.url, inbox: organisation.inbox, token });
    const date = localDateAt(Date.now() + 86_400_000, 'Europe/Amsterdam');
    const event = (i: number) => ({
      eventId: `bench-${i}`,
      type: 'appointment.created' as const,
      occurredAt: new Date(Date.UTC(2026, 10, 20, 8) + i * 1000).toISOString(),
      appointment: {
        id: `B-${i % 500}`,
        branch: 'AMS',
        date,
        time: '09:00',
        customer: { name: `Klant ${i % 500}`, phone: `+3161${String(i % 500).padStart(7, '0')}` },
        vehicle: { plate: `${i % 100}-AB-1` },
      },
    });
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < EVENTS) {
          const delivery = await sender.deliver(event(next++));
          if (delivery.status !== 200) throw new Error(`event refused: ${JSON.stringify(delivery.body)}`);
        }
      }),
    );
    report('ispa_events_per_s', EVENTS / ((performance.now() - t0) / 1000), 'events/s');
  } finally {
    await organisation.close();
  }
}
