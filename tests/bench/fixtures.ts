import type { Database } from 'better-sqlite3';
import { openCache } from '../../src/desktop/cache/cache-database';
import { addDays } from '../../src/domain/calendar-date';
import { localDateAt, zonedToUtc } from '../../src/domain/zoned-time';
import { DEALERSHIP, tempDataFile } from '../support/desktop';

const FIRST = ['Jan', 'Sanne', 'Pieter', 'Emma', 'Daan', 'Noor', 'Lucas', 'Julia', 'Sem', 'Mila', 'Finn', 'Zoë'];
const LAST = ['de Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'Bos', 'Vos'];
const MAKES = ['Volkswagen;Golf', 'Audi;A4', 'Škoda;Octavia', 'SEAT;Leon', 'BMW;320i', 'Toyota;Corolla'];

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A dealer export of `rows` appointments spread over a year around `today`, dd-mm-yyyy, `;`. */
export function dealerCsv(rows: number, today: string): string {
  const lines = ['Afspraak ID;Vestiging;Datum;Tijd;Klant;Telefoon;E-mail;Kenteken;Merk;Model;Werkzaamheden;Werkorder;Adviseur'];
  for (let i = 0; i < rows; i++) {
    const [y, m, d] = addDays(today, (i % 365) - 180).split('-');
    const minutes = 7 * 60 + (i % 40) * 15;
    const time = `${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}`;
    const name = `${FIRST[i % FIRST.length]} ${LAST[(i >> 3) % LAST.length]}`;
    // About 70% of rows are a customer of their own; the rest repeat earlier phone numbers.
    const phone = `06 ${pad(20_000_000 + (i % 10 < 7 ? i : i - 5), 8)}`;
    lines.push(
      [
        `B-${i}`,
        i % 2 ? 'AMS' : 'UTR',
        `${d}-${m}-${y}`,
        time,
        name,
        phone,
        i % 3 ? `klant${i}@example.nl` : '',
        `${pad(i % 100, 2)}-XYZ-${i % 10}`,
        MAKES[i % MAKES.length],
        'APK + kleine beurt',
        `WO-${i % 50_000}`,
        'Sanne de Vries',
      ].join(';'),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** An empty cache with one inbox, `i`, for a benchmark to fill. */
export function benchCache(): Database {
  const db = openCache(tempDataFile());
  db.prepare("INSERT INTO inboxes (id, name, kind) VALUES ('i', 'Werkplaats', 'workshop')").run();
  return db;
}

const COLUMNS = ['new', 'in_service', 'on_hold', 'ready', 'finished'];

/** A cache file with `cards` appointments today, spread over the five columns. */
export function cacheWithTodaysCards(cards: number): string {
  const db = benchCache();
  const dataFile = db.name;
  const today = localDateAt(Date.now(), DEALERSHIP.zone);
  const contact = db.prepare('INSERT INTO contacts (id, name, phone, created_at) VALUES (?, ?, ?, 0)');
  const insert = db.prepare(`
    INSERT INTO appointments (id, source, branch, source_id, inbox_id, contact_id, local_date, local_time, zone,
      starts_at, plate, work_order, owner, column_id, position, search_text, created_at, updated_at)
    VALUES (?, 'bench', '', ?, 'i', ?, ?, ?, ?, ?, ?, ?, 'Sanne de Vries', ?, ?, '', 0, 0)`);
  db.transaction(() => {
    for (let i = 0; i < cards; i++) {
      const time = `${pad(7 + Math.floor((i % 300) / 30), 2)}:${pad((i % 4) * 15, 2)}`;
      const startsAt = zonedToUtc(today, time, DEALERSHIP.zone);
      contact.run(`c${i}`, `Klant ${i}`, `+3161234${pad(i, 4)}`);
      insert.run(`a${i}`, String(i), `c${i}`, today, time, DEALERSHIP.zone, startsAt, `${i}-XYZ-1`, `WO-${i}`, COLUMNS[i % 5], startsAt);
    }
  })();
  db.close();
  return dataFile;
}
