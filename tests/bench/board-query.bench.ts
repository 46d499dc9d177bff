import { performance } from 'node:perf_hooks';
import { AppointmentsRepo } from '../../src/desktop/cache/appointments-repo';
import { addDays } from '../../src/domain/calendar-date';
import { zonedToUtc } from '../../src/domain/zoned-time';
import { benchCache } from './fixtures';
import { median, report } from './report';

const TOTAL = 1_000_000;
const TODAY = '2026-11-25';
const ZONE = 'Europe/Amsterdam';

/**
 * Today's board with a million appointments in the cache: 300 today, a handful held over,
 * the rest spread over ten years before and after, nearly all past ones finished.
 */
export function benchBoardQuery(): void {
  const db = benchCache();
  const insert = db.prepare(`
    INSERT INTO appointments (id, source, branch, source_id, inbox_id, local_date, local_time, zone, starts_at,
      column_id, position, finished_on, search_text, created_at, updated_at)
    VALUES (?, 'bench', '', ?, 'i', ?, ?, ?, ?, ?, ?, ?, '', 0, 0)`);
  db.transaction(() => {
    for (let i = 0; i < TOTAL; i++) {
      const offset = (i % 3650) - 3000;
      // The first 300 are today's; no other row lands on today.
      const date = i < 300 ? TODAY : addDays(TODAY, offset === 0 ? -1 : offset);
      const time = `${String(7 + (i % 10)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`;
      const startsAt = zonedToUtc(date, time, ZONE);
      const past = date < TODAY;
      const open = !past || i % 20_000 === 0;
      insert.run(`a${i}`, String(i), date, time, ZONE, startsAt, open ? 'new' : 'finished', startsAt, open ? null : date);
    }
  })();
  db.exec('ANALYZE');

  const repo = new AppointmentsRepo(db);
  const cards = repo.boardCards(TODAY, null);
  const samples: number[] = [];
  for (let i = 0; i < 500; i++) {
    const t0 = performance.now();
    repo.boardCards(TODAY, null);
    samples.push(performance.now() - t0);
  }
  // Baseline in the same run: a plain indexed query of the day's rows, no join, no mapping.
  const plain = db.prepare('SELECT * FROM appointments WHERE local_date = ?');
  const baseline: number[] = [];
  for (let i = 0; i < 500; i++) {
    const t0 = performance.now();
    plain.all(TODAY);
    baseline.push(performance.now() - t0);
  }
  report('board_query_1m_ms', median(samples), 'ms');
  report('plain_indexed_query_1m_ms', median(baseline), 'ms');
  report('board_query_over_plain', median(samples) / median(baseline), 'x');
  process.stdout.write(`  board query: ${cards.length} cards of ${TOTAL.toLocaleString('en')} appointments; plan:\n`);
  for (const line of repo.boardQueryPlan(TODAY)) process.stdout.write(`    ${line}\n`);
  db.close();
}
