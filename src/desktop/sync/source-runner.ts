import { randomUUID } from 'node:crypto';
import type { SourceRun } from '../../api/sources';
import { addDays } from '../../domain/calendar-date';
import { localDateAt } from '../../domain/zoned-time';
import type { StoredSource } from '../cache/sources-repo';
import type { CoreContext } from '../handlers/context';
import { queueAppointments } from '../handlers/outbox-writes';
import type { Connector, SourceBatch } from './connector';
import { appointmentSourceOf } from './connector-factory';
import { failureWords } from './failure-words';
import { runPipeline } from './import-pipeline';

/**
 * Stores one batch through the import pipeline, with the outbox jobs of what it changed (the
 * pipeline settles the source's older quarantined rows of the appointments it brings again).
 */
export function storeBatch(ctx: CoreContext, source: StoredSource, batch: Omit<SourceBatch, 'stored'>) {
  const now = ctx.clock.now();
  const result = runPipeline(
    // A source's records are the planning system's, pulled by this desktop on its schedule: they go
    // with the desktop's own token, not as whoever happens to be signed in (nor wait for them).
    { ...ctx, changed: (ids, importId) => queueAppointments(ctx, ids, importId, null) },
    {
      ...ctx.dealership,
      // The inbox's workshop clock and phone country, as the backend tells them.
      ...ctx.inboxes.placeOf(source.config.inboxId, ctx.dealership),
      source: source.id,
      appointmentSource: appointmentSourceOf(source.config),
      inboxId: source.config.inboxId,
      fileName: batch.label,
      fileSha256: batch.sha256,
      ignoredColumns: batch.ignoredColumns,
      recordFormat: batch.format,
      header: batch.header,
      complete: batch.complete,
    },
    batch.records,
    now,
  );
  if (batch.file) ctx.sources.rememberFile(source.id, batch.sha256, batch.file, now);
  if (result.created + result.updated + result.cancelled > 0) ctx.sync.wake();
  ctx.emit({ type: 'import.completed', reportId: result.id });
  return result;
}

/**
 * One run of a source: every batch the connector yields goes through the import pipeline in
 * its own transaction (what was stored stays stored if a later batch fails), then the cursor
 * moves on. The run is recorded whatever happens, with the failure in words.
 */
export async function runSource(ctx: CoreContext, source: StoredSource, connector: Connector): Promise<SourceRun> {
  const startedAt = ctx.clock.now();
  const today = localDateAt(startedAt, ctx.inboxes.placeOf(source.config.inboxId, ctx.dealership).zone);
  const run: SourceRun = {
    id: randomUUID(),
    startedAt,
    finishedAt: startedAt,
    outcome: 'ok',
    message: null,
    batches: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    quarantined: 0,
    cancelled: 0,
  };
  const problems: string[] = [];
  try {
    const batches = connector.pull({
      cursor: source.cursor,
      now: startedAt,
      today,
      tomorrow: addDays(today, 1),
      seen: (sha256) => ctx.sources.seenFile(source.id, sha256),
    });
    for (;;) {
      const next = await batches.next();
      if (next.done) {
        if (next.value !== null) ctx.sources.setCursor(source.id, next.value);
        break;
      }
      const batch = next.value;
      const report = storeBatch(ctx, source, batch);
      await batch.stored?.();
      run.batches++;
      run.created += report.created;
      run.updated += report.updated;
      run.unchanged += report.unchanged;
      run.quarantined += report.quarantined;
      run.cancelled += report.cancelled;
      if (batch.problem) problems.push(`${batch.label}: ${batch.problem}`);
    }
    if (problems.length > 0) {
      run.outcome = 'failed';
      run.message = problems.join(' ');
    }
  } catch (error) {
    run.outcome = 'failed';
    run.message = failureWords(error);
  } finally {
    await connector.close?.();
  }
  run.finishedAt = ctx.clock.now();
  ctx.sources.recordRun(source.id, run);
  return run;
}
