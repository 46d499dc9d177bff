import { randomUUID } from 'node:crypto';
import type { BoardApiHandlers } from '../../api/board-api';
import { ApiFailure } from '../../api/envelope';
import type { SaveSourceInput, SourceConfig, SourceView } from '../../api/sources';
import type { SecretStore } from '../../ports/secret-store';
import type { StoredSource } from '../cache/sources-repo';
import { defaultMappings, identityOf } from '../sync/connector-factory';
import { describeCertificate } from '../sync/trusted-certificate';
import { pathProblems } from '../sync/record-mapping';
import { secretName, type SourceScheduler } from '../sync/source-scheduler';
import { leaseNameOf } from '../sync/source-leases';
import type { CoreContext } from './context';

const RECENT_RUNS = 20;
const QUARANTINED_SHOWN = 500;

function refusedOf({ rows, total }: ReturnType<CoreContext['sources']['stillRefused']>) {
  return { refused: rows, refusedOpen: total };
}

/** Mappings of API records and JSON/XML files are paths; a CSV drop's are column headers. */
function usesPaths(config: SourceConfig): boolean {
  const { settings } = config;
  return !((settings.kind === 'sftp' || settings.kind === 'ftp') && settings.fileFormat === 'csv');
}

/** What Settings shows of a trusted certificate is read again from its PEM here, not taken as given. */
function withCertificateRead(config: SourceConfig): SourceConfig {
  const { settings } = config;
  if (settings.kind === 'sftp' || !settings.trustedCertificate) return config;
  try {
    return { ...config, settings: { ...settings, trustedCertificate: describeCertificate(settings.trustedCertificate.pem) } };
  } catch {
    throw new ApiFailure('BAD_CERTIFICATE', 'The trusted certificate cannot be read: test the connection again and trust the certificate it shows.');
  }
}

export function sourceHandlers(
  ctx: CoreContext,
  scheduler: SourceScheduler,
  secrets: SecretStore | null,
): Pick<BoardApiHandlers, 'listSources' | 'listSourceKinds' | 'listSharedSources' | 'syncSharedSource' | 'getSourceDetails' | 'saveSource' | 'testSource' | 'deleteSource' | 'syncSource' | 'retryQuarantined'> {
  const view = (source: StoredSource): SourceView => ({
    ...source.config,
    id: source.id,
    hasSecret: Boolean(secrets?.get(secretName(source.id))),
    health: scheduler.health(source),
  });
  const stored = (id: string) => {
    const source = ctx.sources.get(id);
    if (!source) throw new ApiFailure('NOT_FOUND', 'That source does not exist (any more).');
    return source;
  };
  const configOf = ({ id: _id, secret: _secret, ...config }: SaveSourceInput): SourceConfig => {
    if (!ctx.inboxes.exists(config.inboxId)) throw new ApiFailure('NOT_FOUND', 'The chosen inbox does not exist.');
    const problems = usesPaths(config) ? pathProblems(config.mapping) : [];
    if (problems.length > 0) throw new ApiFailure('BAD_MAPPING', problems.join(' '));
    return withCertificateRead(config);
  };
  const secretFor = (input: SaveSourceInput) => input.secret?.trim() || (input.id ? secrets?.get(secretName(input.id)) : null) || '';

  return {
    listSources: () => ctx.sources.list().map(view),

    listSourceKinds: () => defaultMappings(),

    async syncSharedSource({ key }) {
      await ctx.sync.requestSourceSync(key);
      return null;
    },

    listSharedSources() {
      const here = new Set(ctx.sources.list().map((source) => leaseNameOf(source.config)));
      return ctx.sharedSources.list().filter((shared) => !here.has(shared.key));
    },

    getSourceDetails({ id }) {
      const source = stored(id);
      return {
        source: view(source),
        runs: ctx.sources.runs(id, RECENT_RUNS),
        quarantined: ctx.sources.openQuarantined(id, QUARANTINED_SHOWN).map(({ importId, batch, rowNumber, problems, raw }) => ({ importId, batch, rowNumber, problems, raw })),
        ...refusedOf(ctx.sources.stillRefused(id, QUARANTINED_SHOWN)),
      };
    },

    saveSource(input) {
      const config = configOf(input);
      const id = input.id ?? randomUUID();
      const before = input.id ? stored(input.id) : undefined;
      const secret = input.secret?.trim();
      if (!secret && !secrets?.get(secretName(id))) throw new ApiFailure('SECRET_REQUIRED', 'Enter the key, secret or password for this source.');
      if (secret) {
        if (!secrets) throw new ApiFailure('NO_SECRET_STORE', 'This computer offers no safe place for the source’s secret.');
        secrets.set(secretName(id), secret);
      }
      ctx.sources.save(id, config, ctx.clock.now());
      if (before && identityOf(before.config) !== identityOf(config)) ctx.sources.resetCursor(id);
      if (before) void scheduler.edited(before.config, id);
      ctx.emit({ type: 'sources.changed' });
      return view(stored(id));
    },

    testSource: (input) => scheduler.test(configOf(input), secretFor(input)),

    deleteSource({ id }) {
      const source = stored(id);
      ctx.sources.remove(id);
      void scheduler.removed(source.config);
      secrets?.remove(secretName(id));
      ctx.emit({ type: 'sources.changed' });
      return null;
    },

    syncSource: ({ id }) => scheduler.syncNow(id),

    retryQuarantined: ({ id }) => scheduler.retry(id),
  };
}
