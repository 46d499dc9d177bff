import { performance } from 'node:perf_hooks';
import { AppointmentsRepo } from '../../src/desktop/cache/appointments-repo';
import { searchTextOf } from '../../src/desktop/cache/search-text';
import { addDays } from '../../src/domain/calendar-date';
import { benchCache } from './fixtures';
import { median, report } from './report';

const ROWS = 50_000;
const FROM = '2026-01-01';

/** The "all appointments" list over 50,000 rows: a page at the start, at the end, and a search. */
export function benchList(): void {
  const db = benchCache();
  const insert = db.prepare(`
    INSERT INTO appointments (id, source, branch, source_id, inbox_id, local_date, local_time, zone, starts_at,
      plate, work_order, position, search_text, created_at, updated_at)
    VALUES (?, 'bench', '', ?, 'i', ?, '09:00', 'Europe/Amsterdam', ?, ?, ?, ?, ?, 0, 0)`);
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) {
      const date = addDays(FROM, i % 365);
      const startsAt = Date.parse(`${date}T08:00:00Z`) + i;
      const plate = `${String(i % 100).padStart(2, '0')}-KLM-${i % 10}`;
      insert.run(`a${i}`, String(i), date, startsAt, plate, `WO-${i}`, startsAt, searchTextOf({ name: `Klant ${i}`, plate, workOrder: `WO-${i}` }));
    }
  })();
  const repo = new AppointmentsRepo(db);
  const time = (offset: number, patterns: string[]) => {
    const samples: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      repo.list({ from: FROM, to: '2026-12-31', patterns, inboxIds: null, offset, limit: 100 });
      samples.push(performance.now() - t0);
    }
    return median(samples);
  };
  report('list_50k_first_page_ms', time(0, []), 'ms');
  report('list_50k_last_page_ms', time(ROWS - 100, []), 'ms');
  report('list_50k_search_ms', time(0, ['wo-4711']), 'ms');
  db.close();
}
