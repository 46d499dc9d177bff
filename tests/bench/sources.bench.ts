import axios from 'axios';
import { performance } from 'node:perf_hooks';
import SftpClient from 'ssh2-sftp-client';
import { addDays } from '../../src/domain/calendar-date';
import { localDateAt } from '../../src/domain/zoned-time';
import { startKeyloopSimulator } from '../../src/simulators/planning/keyloop-simulator';
import { generateAppointments, PlanningBook } from '../../src/simulators/planning/planning-book';
import { cacheConnection } from '../support/cache-connection';
import { csv } from '../support/csv';
import { uploadFile } from '../support/import-file';
import { DEALERSHIP, startCore } from '../support/desktop';
import { startSftpServer } from '../support/sftp-server';
import { QUICK_SOURCES, saveSource, tempSecrets } from '../support/sources';
import { integrationToken } from '../support/backend';
import { connectedCore, settled, startOrganisation } from '../support/connected';
import { dealerCsv } from './fixtures';
import { median, p95, report } from './report';

const PULL_APPOINTMENTS = 10_000;
const PAGE = 100;
const FILE_ROWS = 50_000;

/**
 * A first pull of 10,000 appointments from the Keyloop simulator in pages of 100, through the
 * whole connector (token, pages, mapping, pipeline, outbox-free standalone cache), beside the
 * same pages fetched with plain HTTP and nothing else done with them.
 */
async function benchPull(): Promise<void> {
  const book = new PlanningBook();
  const today = localDateAt(Date.now(), DEALERSHIP.zone);
  for (let day = 0; day < 20; day++) {
    for (const a of generateAppointments(PULL_APPOINTMENTS / 20, 'S1', addDays(today, day), `D${day}-`)) book.add(a);
  }
  const keyloop = await startKeyloopSimulator(book, { enterpriseId: 'E1', clientId: 'bench', clientSecret: 'secret', zone: DEALERSHIP.zone });
  const core = startCore({ sample: false, secrets: tempSecrets(), sources: QUICK_SOURCES });
  core.context.inboxes.upsert({ id: 'inbox', name: 'Werkplaats', kind: 'workshop' });
  try {
    const token = (await axios.post(`${keyloop.url}/oauth/client_credential/accesstoken`, 'grant_type=client_credentials', { auth: { username: 'bench', password: 'secret' } })).data.access_token as string;
    const t0 = performance.now();
    for (let page = 1; page <= PULL_APPOINTMENTS / PAGE; page++) {
      await axios.get(`${keyloop.url}/E1/S1/v3/service-appointments`, { params: { page, pageSize: PAGE }, headers: { authorization: `Bearer ${token}` } });
    }
    const plain = (performance.now() - t0) / 1000;

    const source = await saveSource(core, {
      name: 'Keyloop',
      inboxId: 'inbox',
      secret: 'secret',
      settings: { kind: 'keyloop', baseUrl: keyloop.url, enterpriseId: 'E1', storeId: 'S1', clientId: 'bench', pageSize: PAGE, overlapMinutes: 5, timeoutSeconds: 30 },
    });
    const t1 = performance.now();
    const run = await core.handlers.syncSource({ id: source.id });
    const pulled = (performance.now() - t1) / 1000;
    if (run.outcome !== 'ok' || run.created !== PULL_APPOINTMENTS) throw new Error(`pull: ${run.outcome} ${run.created} ${run.message}`);
    report('sync_pull_10k_s', pulled, 's');
    report('sync_pull_10k_plain_http_pages_s', plain, 's');
    report('sync_pull_10k_vs_plain_http', pulled / plain, '×');
  } finally {
    core.close();
    await keyloop.close();
  }
}

/** A 50,000-row export taken from the SFTP server and imported, beside downloading it alone. */
async function benchSftp(): Promise<void> {
  const credentials = { username: 'bench', password: 'bench-pass' };
  const server = await startSftpServer(credentials);
  const uploader = new SftpClient('bench');
  const core = startCore({ sample: false, secrets: tempSecrets(), sources: QUICK_SOURCES });
  core.context.inboxes.upsert({ id: 'inbox', name: 'Werkplaats', kind: 'workshop' });
  try {
    await uploader.connect({ host: server.host, port: server.port, ...credentials });
    (uploader as unknown as { client: { setNoDelay(on: boolean): void } }).client.setNoDelay(true);
    await uploader.mkdir('/export', true);
    const bytes = csv(dealerCsv(FILE_ROWS, localDateAt(Date.now(), DEALERSHIP.zone)).trimEnd().split('\r\n'), { windows1252: true });
    await uploader.put(bytes, '/export/afspraken.csv');
    const t0 = performance.now();
    await uploader.get('/export/afspraken.csv');
    const download = (performance.now() - t0) / 1000;

    const source = await saveSource(core, {
      name: 'Drop',
      inboxId: 'inbox',
      secret: credentials.password,
      settings: { kind: 'sftp', host: server.host, port: server.port, username: credentials.username, folder: '/export', archiveFolder: '/export/archive', errorFolder: '/export/error', completion: 'rename', fileFormat: 'csv', hostKey: null },
    });
    const t1 = performance.now();
    const run = await core.handlers.syncSource({ id: source.id });
    const imported = (performance.now() - t1) / 1000;
    if (run.created !== FILE_ROWS) throw new Error(`sftp: ${run.outcome} ${run.created} ${run.message}`);
    // The same file through the import dialog's path (sent in pieces, imported as a stream), on a fresh cache.
    const local = startCore({ sample: false });
    local.context.inboxes.upsert({ id: 'inbox', name: 'Werkplaats', kind: 'workshop' });
    const t2 = performance.now();
    const uploadId = await uploadFile(local, 'afspraken.csv', bytes);
    const preview = await local.handlers.previewImport({ uploadId, source: 'bench' });
    await local.handlers.runImport({ uploadId, source: 'bench', inboxId: 'inbox', mapping: preview.mapping });
    const fromDialog = (performance.now() - t2) / 1000;
    local.close();
    report('sftp_import_50k_rows_s', imported, 's');
    report('sftp_download_50k_rows_s', download, 's');
    report('file_import_50k_rows_s', fromDialog, 's');
    report('sftp_import_vs_download_plus_import', imported / (download + fromDialog), '×');
  } finally {
    core.close();
    await uploader.end();
    await server.close();
  }
}

const NOTIFICATIONS = 30;

/**
 * A Keyloop notification to a changed card: POST to the backend, relayed over the event stream,
 * the lease checked, the one record fetched and stored. Beside: the same record fetched from the
 * simulator over plain HTTP, the least the desktop has to do.
 */
async function benchNotification(): Promise<void> {
  const book = new PlanningBook();
  const today = localDateAt(Date.now(), DEALERSHIP.zone);
  for (const a of generateAppointments(NOTIFICATIONS, 'S1', today)) book.add(a);
  const keyloop = await startKeyloopSimulator(book, { enterpriseId: 'E1', clientId: 'bench', clientSecret: 'secret', zone: DEALERSHIP.zone });
  const organisation = await startOrganisation();
  const { core } = connectedCore(organisation, { secrets: tempSecrets(), sources: { ...QUICK_SOURCES, leaseSeconds: 300 } });
  const cache = cacheConnection(core);
  try {
    await settled(core);
    const source = await saveSource(core, {
      name: 'Keyloop',
      inboxId: organisation.inbox,
      enabled: true,
      secret: 'secret',
      settings: { kind: 'keyloop', baseUrl: keyloop.url, enterpriseId: 'E1', storeId: 'S1', clientId: 'bench', pageSize: PAGE, overlapMinutes: 5, timeoutSeconds: 30 },
    });
    const run = await core.handlers.syncSource({ id: source.id });
    if (run.created !== NOTIFICATIONS) throw new Error(`notification bench: first run ${run.outcome} ${run.message}`);
    const timeOf = cache.prepare<[string], string>('SELECT local_time FROM appointments WHERE source_id = ?').pluck();
    const target = { url: organisation.url, token: await integrationToken(organisation.url, organisation.org.token, 'keyloop', [organisation.inbox]) };
    const toCard: number[] = [];
    for (const a of book.select({ branch: 'S1' })) {
      const time = a.time === '18:45' ? '18:15' : '18:45';
      book.change('S1', a.id, { time });
      const t0 = performance.now();
      await keyloop.notify(target, 'S1', { appointmentId: a.id });
      while (timeOf.get(a.id) !== time) await new Promise((resolve) => setTimeout(resolve, 1));
      toCard.push(performance.now() - t0);
    }
    const token = (await axios.post(`${keyloop.url}/oauth/client_credential/accesstoken`, 'grant_type=client_credentials', { auth: { username: 'bench', password: 'secret' } })).data.access_token as string;
    const plain: number[] = [];
    for (const a of book.select({ branch: 'S1' })) {
      const t0 = performance.now();
      await axios.get(`${keyloop.url}/E1/S1/v3/service-appointments/${a.id}`, { headers: { authorization: `Bearer ${token}` } });
      plain.push(performance.now() - t0);
    }
    report('keyloop_notification_to_card_ms_p50', median(toCard), 'ms');
    report('keyloop_notification_to_card_ms_p95', p95(toCard), 'ms');
    report('keyloop_record_plain_get_ms_p50', median(plain), 'ms');
    report('keyloop_notification_vs_plain_get', median(toCard) / median(plain), '×');
  } finally {
    cache.close();
    core.close();
    await organisation.close();
    await keyloop.close();
  }
}

export async function benchSources(): Promise<void> {
  await benchPull();
  await benchSftp();
  await benchNotification();
}
