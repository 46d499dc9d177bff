import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ColourSchema, ColumnSchema, type Inbox } from '../api/appointment';
import { addDays } from '../domain/calendar-date';
import { localDateAt } from '../domain/zoned-time';
import type { InstallRepo } from './cache/install-repo';
import type { CoreContext } from './handlers/context';
import { readCsv } from './sync/csv-file';
import { csvRecords } from './sync/csv-import';
import { defaultMapping } from './sync/field-mapping';
import { runPipeline } from './sync/import-pipeline';
import { queueAppointments, queueForBackend } from './handlers/outbox-writes';

/** The demo's made-up dealership: shown only in the demo, never in a real install. */
export const SAMPLE_ORGANISATION = 'Autobedrijf Van der Meer';

/** Appointments of the demo carry this source: they are never uploaded to an organisation. */
export const SAMPLE_SOURCE = 'sample';

const SAMPLE_INBOXES: Array<Inbox & { file: string }> = [
  { id: 'dealership-amsterdam', name: SAMPLE_ORGANISATION, kind: 'dealership', file: 'dealership.csv' },
  { id: 'workshop-zuidas', name: 'Werkplaats Zuidas', kind: 'workshop', file: 'workshop.csv' },
];

const BoardStateSchema = z.record(z.string(), z.object({ column: ColumnSchema, colour: ColourSchema }));

/** Replaces {{day}}, {{day-2}}, {{day+1}} with dates relative to `today`, as dd-mm-yyyy. */
export function renderSampleDates(template: string, today: string): string {
  return template.replace(/\{\{day([+-]\d+)?\}\}/g, (_, offset: string | undefined) => {
    const iso = addDays(today, offset ? Number(offset) : 0);
    const [y, m, d] = iso.split('-');
    return `${d}-${m}-${y}`;
  });
}

/**
 * First start: the two demo inboxes, filled through the same import pipeline a dealer's
 * file goes through, dated around today so the demo board is never empty.
 */
export function seedSampleData(ctx: CoreContext, install: InstallRepo, sampleDir: string): void {
  if (ctx.inboxes.all().length > 0) return;
  ctx.transaction(() => seed(ctx, install, sampleDir));
}

/**
 * A real install's cache never holds the demo: versions before the first-run screen filled an
 * empty one with it. Its cards go (with what was written on them), and its inboxes unless the
 * user filed cards of their own in them.
 */
export function removeDemo(install: InstallRepo): void {
  if (install.hasAppointmentsOf(SAMPLE_SOURCE)) install.removeDemo(SAMPLE_SOURCE, SAMPLE_INBOXES.map((i) => i.id));
}

function seed(ctx: CoreContext, install: InstallRepo, sampleDir: string): void {
  const now = ctx.clock.now();
  const today = localDateAt(now, ctx.dealership.zone);
  for (const { file, ...inbox } of SAMPLE_INBOXES) {
    ctx.inboxes.upsert(inbox);
    const bytes = Buffer.from(renderSampleDates(readFileSync(join(sampleDir, file), 'utf8'), today));
    const table = readCsv(bytes);
    const mapping = defaultMapping(table.headers);
    runPipeline(
      { ...ctx, changed: (ids) => queueAppointments(ctx, ids) },
      {
        ...ctx.dealership,
        source: SAMPLE_SOURCE,
        inboxId: inbox.id,
        fileName: file,
        fileSha256: createHash('sha256').update(bytes).digest('hex'),
        recordFormat: 'csv',
        header: table.headerLine,
        ignoredColumns: [],
      },
      csvRecords(table, mapping),
      now,
    );
  }
  const state = BoardStateSchema.parse(JSON.parse(readFileSync(join(sampleDir, 'board-state.json'), 'utf8')));
  for (const [sourceId, { column, colour }] of Object.entries(state)) {
    const row = install.demoCard(SAMPLE_SOURCE, sourceId);
    if (!row) continue;
    ctx.appointments.move(row.id, column, row.position, today, now);
    ctx.appointments.setColour(row.id, colour, now);
    queueForBackend(ctx, 'board', row.id, { appointmentId: row.id, column, position: row.position, colour });
  }
}
