import type { SourceConfig, SourceKindInfo } from '../../api/sources';
import type { Clock } from '../../ports/clock';
import type { Connector } from './connector';
import { DropConnector } from './drop/drop-connector';
import { ftpCertificate, openFtpFolder } from './drop/ftp-folder';
import { openSftpFolder } from './drop/sftp-folder';
import { KEYLOOP_MAPPING, keyloopApi } from './pull/keyloop-api';
import { oneIApi } from './pull/one-i-api';
import { planItApi } from './pull/planit-api';
import { PullConnector } from './pull/pull-connector';
import type { RetryPolicy } from './pull/source-http';

export interface ConnectorDeps {
  zone: string;
  clock: Clock;
  retry: RetryPolicy;
  /** Pause between the two listings of a drop folder for the stable-size rule. */
  settleMs: number;
  /** An SFTP server's host key seen at the first connection, to be required from then on. */
  learnHostKey(hostKey: string): void;
}

const DROP_TIMEOUT_MS = 20_000;

/** Names a file moved to the archive or error folder by the time it was taken: 20261125T103000. */
function stamp(now: number): string {
  return new Date(now).toISOString().replace(/[-:]/g, '').slice(0, 15);
}

/** The mapping each kind uses where a site sets none: the APIs' paths; drops match CSV headers and JSON/XML keys by name. */
export function defaultMappings(): SourceKindInfo[] {
  return [
    { kind: 'planit', defaultMapping: planItApi.defaultMapping },
    { kind: 'one-i', defaultMapping: oneIApi.defaultMapping },
    { kind: 'keyloop', defaultMapping: KEYLOOP_MAPPING },
    { kind: 'sftp', defaultMapping: {} },
    { kind: 'ftp', defaultMapping: {} },
  ];
}

/** The connector for a source's kind, with its secret. */
export function connectorFor(config: SourceConfig, secret: string, deps: ConnectorDeps): Connector {
  const { settings, mapping } = config;
  const pull = { secret, mapping, zone: deps.zone, retry: deps.retry };
  const drop = { mapping, zone: deps.zone, settleMs: deps.settleMs, stamp };
  switch (settings.kind) {
    case 'planit':
      return new PullConnector({ ...pull, api: planItApi, settings });
    case 'one-i':
      return new PullConnector({ ...pull, api: oneIApi, settings });
    case 'keyloop':
      return new PullConnector({ ...pull, api: keyloopApi(deps.clock), settings });
    case 'sftp':
      return new DropConnector({ ...drop, settings, open: () => openSftpFolder(settings, secret, DROP_TIMEOUT_MS, deps.learnHostKey) });
    case 'ftp':
      return new DropConnector({
        ...drop,
        settings,
        open: () => openFtpFolder(settings, secret, DROP_TIMEOUT_MS),
        certificate: () => ftpCertificate(settings, DROP_TIMEOUT_MS),
      });
  }
}

/**
 * The key a source's appointments are stored under, with their branch and id: the system's
 * namespace of appointment ids, the same whichever desktop imports it, so that another desktop
 * taking a source over updates the same cards (and cancels them) rather than adding its own.
 * It leaves out what can change without the ids changing (branches pulled, page size, address
 * of a folder's server).
 */
export function appointmentSourceOf(config: SourceConfig): string {
  const s = config.settings;
  switch (s.kind) {
    case 'planit':
      return 'api:planit';
    case 'one-i':
      return `api:one-i:${s.siteId}`;
    case 'keyloop':
      return `api:keyloop:${s.enterpriseId}/${s.storeId}`;
    case 'sftp':
    case 'ftp':
      return `drop:${s.host}:${s.folder}`;
  }
}

/**
 * What identifies the system a source reads, whichever desktop configured it: desktops of one
 * dealership that set up the same PlanIT or folder share one lease for it.
 */
export function identityOf(config: SourceConfig): string {
  const s = config.settings;
  switch (s.kind) {
    case 'planit':
      return `planit|${s.baseUrl}|${[...s.branches].sort().join(',')}`;
    case 'one-i':
      return `one-i|${s.baseUrl}|${s.siteId}`;
    case 'keyloop':
      return `keyloop|${s.baseUrl}|${s.enterpriseId}|${s.storeId}`;
    case 'sftp':
    case 'ftp':
      return `${s.kind}|${s.host}|${s.port}|${s.folder}`;
  }
}
