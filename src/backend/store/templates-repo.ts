import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import {
  SOURCE_LABELS,
  sourceOfHint,
  type TemplateChange,
  type TemplateParameter,
  type TemplateStatus,
  type WaTemplate,
  type WaTemplateInput,
} from '../../api/v2/template';
import { bodyParameterCount } from '../../domain/template-rules';
import type { StoreDatabase } from './sql/store-database';

type Row = {
  id: string;
  organization_id: string;
  name: string;
  language: string;
  category: WaTemplate['category'];
  body: string;
  buttons: string;
  parameter_hints: string;
  business_account_id: string | null;
  provider_id: string | null;
  status: TemplateStatus;
  rejection_reason: string | null;
  title: string | null;
  header: string | null;
  header_parameter: string | null;
  footer: string | null;
  parameters: string;
  missing_since: number | null;
  updated_at: number;
};

function toTemplate(r: Row): WaTemplate {
  const parameters = JSON.parse(r.parameters) as TemplateParameter[];
  return {
    id: r.id,
    organization: r.organization_id,
    name: r.name,
    title: r.title ?? r.name,
    language: r.language,
    category: r.category,
    header: r.header,
    headerParameter: r.header_parameter ? (JSON.parse(r.header_parameter) as TemplateParameter) : null,
    body: r.body,
    footer: r.footer,
    buttons: JSON.parse(r.buttons) as WaTemplate['buttons'],
    parameters,
    parameterHints: parameters.map((p) => p.source),
    status: r.status,
    rejectionReason: r.rejection_reason,
    businessAccountId: r.business_account_id,
    providerId: r.provider_id,
    missingSince: r.missing_since,
    updatedAt: r.updated_at,
  };
}

/** A template's content as Meta holds it, read from a business account (a sync). */
export interface AccountTemplate {
  providerId: string;
  name: string;
  language: string;
  category: WaTemplate['category'];
  status: TemplateStatus;
  rejectionReason: string | null;
  header: string | null;
  body: string;
  footer: string | null;
  buttons: WaTemplate['buttons'];
  /** The examples Meta holds for the body's {{n}}, in order, and the header's {{1}}. */
  bodyExamples: string[];
  headerExample: string | null;
}

/** Parameters for the {{n}} of a body: the ones described, then a plain one per {{n}} nobody described yet. */
function parametersFor(body: string, known: readonly TemplateParameter[], examples: readonly string[] = []): TemplateParameter[] {
  return Array.from({ length: Math.max(bodyParameterCount(body), known.length) }, (_, i) => known[i] ?? { label: `${SOURCE_LABELS.none} ${i + 1}`, source: 'none', example: examples[i] ?? '' });
}

/** SQL of the Content Library: the organisation's WhatsApp templates and their review status. */
export class TemplatesRepo {
  constructor(private readonly db: StoreDatabase) {}

  async list(organizationId: string): Promise<WaTemplate[]> {
    const rows = await this.db.all(sql<Row>`SELECT * FROM watemplates WHERE organization_id = ${organizationId} ORDER BY coalesce(title, name), name, language`);
    return rows.map(toTemplate);
  }

  async find(organizationId: string, name: string, language: string): Promise<WaTemplate | undefined> {
    const row = await this.db.get(sql<Row>`SELECT * FROM watemplates WHERE organization_id = ${organizationId} AND name = ${name} AND language = ${language}`);
    return row && toTemplate(row);
  }

  async get(organizationId: string, id: string): Promise<WaTemplate | undefined> {
    const row = await this.db.get(sql<Row>`SELECT * FROM watemplates WHERE organization_id = ${organizationId} AND id = ${id}`);
    return row && toTemplate(row);
  }

  /** The template Meta knows by this id in this organisation's account; another organisation's is never found. */
  async byProviderId(organizationId: string, businessAccountId: string, providerId: string): Promise<WaTemplate | undefined> {
    const row = await this.db.get(
      sql<Row>`SELECT * FROM watemplates WHERE organization_id = ${organizationId} AND business_account_id = ${businessAccountId} AND provider_id = ${providerId}`,
    );
    return row && toTemplate(row);
  }

  /**
   * Seeds a template Meta has already approved (the demo's, a test's whose simulator knows it):
   * stored APPROVED, or replacing the one with the same name and language; its hints become its
   * parameters. No route calls it: what a manager adds goes to Meta's review.
   */
  async upsert(organizationId: string, t: WaTemplateInput, now = 0): Promise<WaTemplate> {
    const parameters = parametersFor(
      t.body,
      t.parameterHints.map((hint) => ({ label: SOURCE_LABELS[sourceOfHint(hint)], source: sourceOfHint(hint), example: '' })),
    );
    await this.db.run(
      sql`INSERT INTO watemplates (id, organization_id, name, language, category, body, buttons, parameter_hints, title, parameters, updated_at)
         VALUES (${randomUUID()}, ${organizationId}, ${t.name}, ${t.language}, ${t.category}, ${t.body}, ${JSON.stringify(t.buttons)},
           ${JSON.stringify(t.parameterHints)}, ${t.title ?? t.name}, ${JSON.stringify(parameters)}, ${now})
         ON CONFLICT (organization_id, name, language) DO UPDATE SET category = excluded.category,
           body = excluded.body, buttons = excluded.buttons, parameter_hints = excluded.parameter_hints,
           parameters = excluded.parameters, title = excluded.title, updated_at = excluded.updated_at`,
    );
    return (await this.find(organizationId, t.name, t.language))!;
  }

  /** A template a manager submitted to an account, as Meta answered it (PENDING, or already decided). */
  async create(
    organizationId: string,
    t: TemplateChange & { name: string; language: string },
    submitted: { businessAccountId: string; providerId: string; status: TemplateStatus },
    now: number,
  ): Promise<WaTemplate> {
    const id = randomUUID();
    await this.db.run(
      sql`INSERT INTO watemplates (id, organization_id, name, language, category, body, buttons, parameter_hints, business_account_id,
           provider_id, status, title, header, header_parameter, footer, parameters, updated_at)
         VALUES (${id}, ${organizationId}, ${t.name}, ${t.language}, ${t.category}, ${t.body}, ${JSON.stringify(t.buttons)}, '[]',
           ${submitted.businessAccountId}, ${submitted.providerId}, ${submitted.status}, ${t.title}, ${t.header},
           ${t.headerParameter && JSON.stringify(t.headerParameter)}, ${t.footer}, ${JSON.stringify(t.parameters)}, ${now})`,
    );
    return (await this.get(organizationId, id))!;
  }

  /** A manager's edit; `status` is what Meta said of the resubmission (or the old one, for a title alone). */
  async change(organizationId: string, id: string, t: TemplateChange, status: TemplateStatus, now: number): Promise<WaTemplate> {
    await this.db.run(
      sql`UPDATE watemplates SET title = ${t.title}, category = ${t.category}, header = ${t.header},
           header_parameter = ${t.headerParameter && JSON.stringify(t.headerParameter)}, body = ${t.body}, footer = ${t.footer},
           buttons = ${JSON.stringify(t.buttons)}, parameters = ${JSON.stringify(t.parameters)},
           status = ${status}, rejection_reason = CASE WHEN ${status} = status THEN rejection_reason END, updated_at = ${now}
         WHERE organization_id = ${organizationId} AND id = ${id}`,
    );
    return (await this.get(organizationId, id))!;
  }

  /** Meta's review decided (a status webhook or a sync); the reason is kept only while it says something. */
  async setStatus(organizationId: string, id: string, status: TemplateStatus, reason: string | null, now: number): Promise<WaTemplate> {
    await this.db.run(
      sql`UPDATE watemplates SET status = ${status}, rejection_reason = ${reason}, updated_at = ${now} WHERE organization_id = ${organizationId} AND id = ${id}`,
    );
    return (await this.get(organizationId, id))!;
  }

  /**
   * A template found in the business account: the local one with its id (or its name and
   * language) takes Meta's content and status, keeping its title and parameter labels; one not
   * known here is added, titled by its name and with its parameters unlabelled. The table keeps
   * one row per name and language: when that row comes from another business account it stays
   * that account's ('other_account', nothing written), or every sync would move it between the
   * two and the other account's status reports would find nothing.
   */
  async fromAccount(
    organizationId: string,
    businessAccountId: string,
    t: AccountTemplate,
    now: number,
  ): Promise<{ template: WaTemplate; change: 'added' | 'updated' | 'same' | 'other_account' }> {
    const known = (await this.byProviderId(organizationId, businessAccountId, t.providerId)) ?? (await this.find(organizationId, t.name, t.language));
    if (known && known.businessAccountId !== null && known.businessAccountId !== businessAccountId) return { template: known, change: 'other_account' };
    const parameters = parametersFor(t.body, known?.parameters ?? [], t.bodyExamples);
    const headerParameter = t.header && /\{\{1\}\}/.test(t.header) ? (known?.headerParameter ?? { label: SOURCE_LABELS.none, source: 'none' as const, example: t.headerExample ?? '' }) : null;
    const values = [t.category, t.body, JSON.stringify(t.buttons), businessAccountId, t.providerId, t.status, t.rejectionReason, t.header, headerParameter && JSON.stringify(headerParameter), t.footer, JSON.stringify(parameters)] as const;
    const [category, body, buttons, account, providerId, status, rejectionReason, header, headerParameterText, footer, parametersText] = values;
    if (!known) {
      const id = randomUUID();
      await this.db.run(
        sql`INSERT INTO watemplates (id, organization_id, name, language, title, category, body, buttons, parameter_hints, business_account_id,
             provider_id, status, rejection_reason, header, header_parameter, footer, parameters, updated_at)
           VALUES (${id}, ${organizationId}, ${t.name}, ${t.language}, ${t.name}, ${category}, ${body}, ${buttons}, '[]', ${account},
             ${providerId}, ${status}, ${rejectionReason}, ${header}, ${headerParameterText}, ${footer}, ${parametersText}, ${now})`,
      );
      return { template: (await this.get(organizationId, id))!, change: 'added' };
    }
    const same =
      known.missingSince === null &&
      JSON.stringify([known.category, known.body, JSON.stringify(known.buttons), known.businessAccountId, known.providerId, known.status, known.rejectionReason, known.header, known.headerParameter && JSON.stringify(known.headerParameter), known.footer, JSON.stringify(known.parameters)]) ===
        JSON.stringify(values);
    if (same) return { template: known, change: 'same' };
    await this.db.run(
      sql`UPDATE watemplates SET category = ${category}, body = ${body}, buttons = ${buttons}, business_account_id = ${account},
           provider_id = ${providerId}, status = ${status}, rejection_reason = ${rejectionReason}, header = ${header},
           header_parameter = ${headerParameterText}, footer = ${footer}, parameters = ${parametersText}, missing_since = NULL, updated_at = ${now}
         WHERE organization_id = ${organizationId} AND id = ${known.id}`,
    );
    return { template: (await this.get(organizationId, known.id))!, change: 'updated' };
  }

  /** Templates of this account a sync did not find: marked missing (once), not deleted; returns the ones newly marked. */
  async markMissing(organizationId: string, businessAccountId: string, found: ReadonlySet<string>, now: number): Promise<WaTemplate[]> {
    const rows = await this.db.all(
      sql<Row>`SELECT * FROM watemplates WHERE organization_id = ${organizationId} AND business_account_id = ${businessAccountId} AND missing_since IS NULL`,
    );
    const marked: WaTemplate[] = [];
    for (const r of rows.filter((row) => row.provider_id === null || !found.has(row.provider_id))) {
      await this.db.run(sql`UPDATE watemplates SET missing_since = ${now}, updated_at = ${now} WHERE id = ${r.id}`);
      marked.push((await this.get(organizationId, r.id))!);
    }
    return marked;
  }

  async remove(organizationId: string, id: string): Promise<boolean> {
    return (await this.db.run(sql`DELETE FROM watemplates WHERE organization_id = ${organizationId} AND id = ${id}`)) === 1;
  }
}
