import type { IsoDate } from './calendar-date';

/**
 * An appointment as its source describes it, keyed by (source, branch, source id): the same
 * shape whether it came from a dealer's file, a planning system or the manual form.
 */
export interface AppointmentFields {
  branch: string;
  sourceId: string;
  localDate: IsoDate;
  /** Wall-clock time (HH:mm) in the dealership's zone. */
  localTime: string;
  /** The UTC instant derived from localDate, localTime and the zone. */
  startsAt: number;
  plate: string | null;
  make: string | null;
  model: string | null;
  work: string | null;
  workOrder: string | null;
  owner: string | null;
  cancelled: boolean;
}
