import { addDays } from '../../domain/calendar-date';
import { localDateAt } from '../../domain/zoned-time';
import { startKeyloopSimulator } from './keyloop-simulator';
import { startOneISimulator } from './one-i-simulator';
import { generateAppointments, PlanningBook } from './planning-book';
import { startPlanItSimulator } from './planit-simulator';

/**
 * `npm run simulators`: PlanIT, 1i Automotive and Keyloop on loopback with a day's appointments
 * each, for trying Settings → Sources by hand. Prints what to enter.
 */
const zone = process.env.AFTERSALES_ZONE ?? 'Europe/Amsterdam';
const today = localDateAt(Date.now(), zone);
const book = new PlanningBook();
const fill = (branch: string, prefix: string, names: string[]) =>
  [today, addDays(today, 1)].forEach((day, d) =>
    generateAppointments(names.length, branch, day, `${prefix}${d}-`).forEach((a, i) => book.add({ ...a, customerName: names[i]! })),
  );
fill('Utrecht', 'PU', ['Bram Kuiper', 'Iris Vermeulen', 'Tim Hoekstra', 'Lotte Dijkstra']);
fill('LEEDS', 'OL', ['Oliver Smith', 'Amelia Jones', 'Harry Taylor']);
fill('S1', 'KS', ['Max Schneider', 'Lena Fischer', 'Paul Weber']);

const planit = await startPlanItSimulator(book, { apiKey: 'planit-demo-key', port: 8481 });
const oneI = await startOneISimulator(book, { apiKey: 'one-i-demo-key', port: 8482 });
const keyloop = await startKeyloopSimulator(book, { enterpriseId: 'E1', clientId: 'demo-client', clientSecret: 'keyloop-demo-secret', zone, port: 8483 });

process.stdout.write(`Planning-system simulators are running. In the app: Sources → Add a source.

  PlanIT         API address ${planit.url}   Branches Utrecht   API key planit-demo-key
  1i Automotive  API address ${oneI.url}   Site id LEEDS   API key one-i-demo-key
  Keyloop        API address ${keyloop.url}   Enterprise E1   Store S1   Client id demo-client
                 Client secret keyloop-demo-secret

Ctrl+C stops them.
`);

const stop = async () => {
  await Promise.all([planit.close(), oneI.close(), keyloop.close()]);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
