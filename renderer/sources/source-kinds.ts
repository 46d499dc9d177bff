import type { SaveSourceInput, SourceKind, SourceSettings } from '../../src/api/sources';
import type { MessageKey } from '../i18n/en';

/** A setting of a kind of source as the form shows it. */
export interface SettingField {
  key: string;
  type: 'text' | 'url' | 'number' | 'list' | 'choice';
  choices?: readonly string[];
}

const PULL_TAIL: SettingField[] = [
  { key: 'pageSize', type: 'number' },
  { key: 'overlapMinutes', type: 'number' },
];
const DROP: SettingField[] = [
  { key: 'host', type: 'text' },
  { key: 'port', type: 'number' },
  { key: 'username', type: 'text' },
  { key: 'folder', type: 'text' },
  { key: 'archiveFolder', type: 'text' },
  { key: 'errorFolder', type: 'text' },
  { key: 'completion', type: 'choice', choices: ['stable-size', 'marker', 'rename'] },
  { key: 'fileFormat', type: 'choice', choices: ['csv', 'json', 'xml'] },
];

export const SETTING_FIELDS: Record<SourceKind, SettingField[]> = {
  planit: [{ key: 'baseUrl', type: 'url' }, { key: 'branches', type: 'list' }, ...PULL_TAIL],
  'one-i': [{ key: 'baseUrl', type: 'url' }, { key: 'siteId', type: 'text' }, ...PULL_TAIL],
  keyloop: [
    { key: 'baseUrl', type: 'url' },
    { key: 'enterpriseId', type: 'text' },
    { key: 'storeId', type: 'text' },
    { key: 'clientId', type: 'text' },
    ...PULL_TAIL,
  ],
  sftp: DROP,
  ftp: [...DROP, { key: 'tls', type: 'choice', choices: ['explicit', 'implicit', 'none'] }],
};

export const SECRET_LABEL: Record<SourceKind, MessageKey> = {
  planit: 'sources.secret.apiKey',
  'one-i': 'sources.secret.apiKey',
  keyloop: 'sources.secret.clientSecret',
  sftp: 'sources.secret.sftp',
  ftp: 'sources.secret.password',
};

const PULL = { baseUrl: '', pageSize: 100, overlapMinutes: 5, timeoutSeconds: 30 };
const DROP_DEFAULTS = { host: '', username: '', folder: '/export', archiveFolder: '/export/archive', errorFolder: '/export/error', completion: 'stable-size', fileFormat: 'csv' } as const;

function settingsFor(kind: SourceKind): SourceSettings {
  switch (kind) {
    case 'planit':
      return { kind, ...PULL, branches: [] };
    case 'one-i':
      return { kind, ...PULL, siteId: '' };
    case 'keyloop':
      return { kind, ...PULL, enterpriseId: '', storeId: '', clientId: '' };
    case 'sftp':
      return { kind, ...DROP_DEFAULTS, port: 22, hostKey: null };
    case 'ftp':
      return { kind, ...DROP_DEFAULTS, port: 21, tls: 'explicit' };
  }
}

/** A new source of this kind, for the form to fill in. */
export function newSource(kind: SourceKind, inboxId: string, name: string): SaveSourceInput {
  return { name, inboxId, enabled: true, intervalMinutes: kind === 'sftp' || kind === 'ftp' ? 15 : 60, mapping: {}, settings: settingsFor(kind), secret: '' };
}
