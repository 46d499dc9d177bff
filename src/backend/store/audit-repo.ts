import { sql } from 'kysely';
import { AuditFactsSchema, type AuditEntry, type AuditFacts } from '../../api/v2/audit';
import { splitPage, type ListPosition } from '../../api/v2/paging';
import type { StoreDatabase } from './sql/store-database';

type Row = {
  id: number;
  at: number;
  action: AuditEntry['action'];
  actor_id: string | null;
  actor_name: string | null;
  actor_kind: 'user' | 'device' | 'integration' | null;
  device: string | null;
  address: string | null;
  detail: string;
  facts: string | null;
};

/** A line written now always has its facts (none is {}); only lines from before migration 0014 have null. */
export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at' | 'facts'> & { facts: AuditFacts };

/** The organisation's audit log: sign-ins, tokens and settings changed, by whom, from where. Append only. */
export class AuditRepo {
  constructor(private readonly db: StoreDatabase) {}

  async append(organizationId: string, entry: NewAuditEntry, now: number): Promise<void> {
    await this.db.run(
      sql`INSERT INTO audit (organization_id, at, action, actor_id, actor_name, actor_kind, device, address, detail, facts)
          VALUES (${organizationId}, ${now}, ${entry.action}, ${entry.actor?.id ?? null}, ${entry.actor?.name ?? null}, ${entry.actor?.kind ?? null},
            ${entry.device}, ${entry.address}, ${entry.detail}, ${JSON.stringify(entry.facts)})`,
    );
  }

  /** Newest first, older than `before`; and where the older page starts. */
  async page(organizationId: string, before: ListPosition | undefined, limit: number): Promise<{ items: AuditEntry[]; next: ListPosition | null }> {
    const rows = await this.db.all(
      sql<Row>`SELECT id, at, action, actor_id, actor_name, actor_kind, device, address, detail, facts FROM audit
         WHERE organization_id = ${organizationId} ${before ? sql`AND (at, id) < (${before.createdAt}, ${before.order})` : sql``}
         ORDER BY at DESC, id DESC LIMIT ${limit + 1}`,
    );
    const { page, next } = splitPage(rows, limit, (row) => ({ createdAt: row.at, order: row.id }));
    return {
      items: page.map((r) => ({
        id: String(r.id),
        at: r.at,
        action: r.action,
        actor: r.actor_id !== null ? { id: r.actor_id, name: r.actor_name ?? '', kind: r.actor_kind ?? 'user' } : null,
        device: r.device,
        address: r.address,
        detail: r.detail,
        // NULL on lines written before facts were kept (migration 0014).
        facts: r.facts === null ? null : AuditFactsSchema.parse(JSON.parse(r.facts)),
      })),
      next,
    };
  }
}
