import type { IspaEvent } from '../api/v2/ispa';

export interface IspaSenderOptions {
  /** The backend's base address, e.g. http://127.0.0.1:8470. */
  backendUrl: string;
  inbox: string;
  token: string;
  /** Tries per event before the sender gives up on it (ISPA retries until answered 200). */
  attempts?: number;
  retryMs?: number;
}

export interface Delivery {
  status: number;
  body: unknown;
  attempts: number;
}

/**
 * Plays ISPA Next's side of the event push: each event is POSTed until the backend answers
 * 200 (at least once), and a scenario can be delivered with ISPA's quirks — an event twice,
 * events out of order, one arriving late.
 */
export function ispaNextSender(options: IspaSenderOptions) {
  const url = `${options.backendUrl.replace(/\/$/, '')}/v2/inboxes/${encodeURIComponent(options.inbox)}/ispa/events`;
  const attempts = options.attempts ?? 5;

  async function deliver(event: IspaEvent | Record<string, unknown>): Promise<Delivery> {
    let last: Delivery = { status: 0, body: null, attempts: 0 };
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(event),
        });
        const text = await res.text();
        last = { status: res.status, body: text ? (JSON.parse(text) as unknown) : null, attempts: attempt };
        // A 4xx is final: the event itself is wrong, sending it again changes nothing.
        if (res.status < 500 && res.status !== 429) return last;
      } catch (error) {
        last = { status: 0, body: String(error), attempts: attempt };
      }
      await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 50));
    }
    return last;
  }

  return {
    deliver,
    /**
     * Delivers `events` as ISPA might: every third event a second time, neighbours swapped,
     * and the first one last of all (late). Returns each delivery in the order sent.
     */
    async deliverWithQuirks(events: IspaEvent[]): Promise<Delivery[]> {
      const order = events.slice(1);
      for (let i = 0; i + 1 < order.length; i += 2) [order[i], order[i + 1]] = [order[i + 1]!, order[i]!];
      const withDuplicates = order.flatMap((e, i) => (i % 3 === 0 ? [e, e] : [e]));
      const sent: Delivery[] = [];
      for (const event of [...withDuplicates, events[0]!]) sent.push(await deliver(event));
      return sent;
    },
  };
}

/** The life of one ISPA appointment, one event a minute from `start`: created, moved, renamed as repair order, checked in. */
export function appointmentLifecycle(id: string, start: Date, fields: { date: string; phone: string; name: string }): IspaEvent[] {
  const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000).toISOString();
  const base = {
    id,
    branch: 'AMS',
    date: fields.date,
    customer: { name: fields.name, phone: fields.phone },
    vehicle: { plate: 'G-123-BB', make: 'BMW', model: '320i' },
    work: 'Inspectie + remvloeistof',
  };
  return [
    { eventId: `${id}-1`, type: 'appointment.created', occurredAt: at(0), sequence: 1, appointment: { ...base, time: '09:00' } },
    { eventId: `${id}-2`, type: 'appointment.changed', occurredAt: at(1), sequence: 2, appointment: { ...base, time: '10:30' } },
    {
      eventId: `${id}-3`,
      type: 'appointment.changed',
      occurredAt: at(2),
      sequence: 3,
      appointment: { ...base, time: '10:30', repairOrder: `RO-${id}` },
    },
    { eventId: `${id}-4`, type: 'vehicle.checkedIn', occurredAt: at(3), sequence: 4, appointment: { id, branch: 'AMS' } },
  ];
}
