import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
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
  constructor(private readonly db: Database) {}

  list(organizationId: string): WaTemplate[] {
    return this.db
      .prepare<[string], Row>('SELECT * FROM watemplates WHERE organization_id = ? ORDER BY coalesce(title, name), name, language')
      .all(organizationId)
      .map(toTemplate);
  }

  find(organizationId: string, name: string, language: string): WaTemplate | undefined {
    const row = this.db
      .prepare<[string, string, string], Row>('SELECT * FROM watemplates WHERE organization_id = ? AND name = ? AND language = ?')
      .get(organizationId, name, language);
    return row && toTemplate(row);
  }

  get(organizationId: string, id: string): WaTemplate | undefined {
    const row = this.db.prepare<[string, string], Row>('SELECT * FROM watemplates WHERE organization_id = ? AND id = ?').get(organizationId, id);
    return row && toTemplate(row);
  }

  /** The template Meta knows by this id in this organisation's account; another organisation's is never found. */
  byProviderId(organizationId: string, businessAccountId: string, providerId: string): WaTemplate | undefined {
    const row = this.db
      .prepare<[string, string, string], Row>('SELECT * FROM watemplates WHERE organization_id = ? AND business_account_id = ? AND provider_id = ?')
      .get(organizationId, businessAccountId, providerId);
    return row && toTemplate(row);
  }

  /**
   * Seeds a template Meta has already approved (the demo's, a test's whose simulator knows it):
   * stored APPROVED, or replacing the one with the same name and language; its hints become its
   * parameters. No route calls it: what a manager adds goes to Meta's review.
   */
  upsert(organizationId: string, t: WaTemplateInput, now = 0): WaTemplate {
    const parameters = parametersFor(
      t.body,
      t.parameterHints.map((hint) => ({ label: SOURCE_LABELS[sourceOfHint(hint)], source: sourceOfHint(hint), example: '' })),
    );
    this.db
      .prepare(
        `INSERT INTO watemplates (id, organization_id, name, language, category, body, buttons, parameter_hints, title, parameters, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (organization_id, name, language) DO UPDATE SET category = excluded.category,
           body = excluded.body, buttons = excluded.buttons, parameter_hints = excluded.parameter_hints,
           parameters = excluded.parameters, title = excluded.title, updated_at = excluded.updated_at`,
      )
      .run(randomUUID(), organizationId, t.name, t.language, t.category, t.body, JSON.stringify(t.buttons), JSON.stringify(t.parameterHints), t.title ?? t.name, JSON.stringify(parameters), now);
    return this.find(organizationId, t.name, t.language)!;
  }

  /** A template a manager submitted to an account, as Meta answered it (PENDING, or already decided). */
  create(
    organizationId: string,
    t: TemplateChange & { name: string; language: string },
    submitted: { businessAccountId: string; providerId: string; status: TemplateStatus },
    now: number,
  ): WaTemplate {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO watemplates (id, organization_id, name, language, category, body, buttons, parameter_hints, business_account_id,
           provider_id, status, title, header, header_parameter, footer, parameters, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        organizationId,
        t.name,
        t.language,
        t.category,
        t.body,
        JSON.stringify(t.buttons),
        submitted.businessAccountId,
        submitted.providerId,
        submitted.status,
        t.title,
        t.header,
        t.headerParameter && JSON.stringify(t.headerParameter),
        t.footer,
        JSON.stringify(t.parameters),
        now,
      );
    return this.get(organizationId, id)!;
  }

  /** A manager's edit; `status` is what Meta said of the resubmission (or the old one, for a title alone). */
  change(organizationId: string, id: string, t: TemplateChange, status: TemplateStatus, now: number): WaTemplate {
    this.db
      .prepare(
        `UPDATE watemplates SET title = ?, category = ?, header = ?, header_parameter = ?, body = ?, footer = ?, buttons = ?, parameters = ?,
           status = ?, rejection_reason = CASE WHEN ? = status THEN rejection_reason END, updated_at = ?
         WHERE organization_id = ? AND id = ?`,
      )
      .run(t.title, t.category, t.header, t.headerParameter && JSON.stringify(t.headerParameter), t.body, t.footer, JSON.stringify(t.buttons), JSON.stringify(t.parameters), status, status, now, organizationId, id);
    return this.get(organizationId, id)!;
  }

  /** Meta's review decided (a status webhook or a sync); the reason is kept only while it says something. */
  setStatus(organizationId: string, id: string, status: TemplateStatus, reason: string | null, now: number): WaTemplate {
    this.db
      .prepare('UPDATE watemplates SET status = ?, rejection_reason = ?, updated_at = ? WHERE organization_id = ? AND id = ?')
      .run(status, reason, now, organizationId, id);
    return this.get(organizationId, id)!;
  }

  /**
   * A template found in the business account: the local one with its id (or its name and
   * language) takes Meta's content and status, keeping its title and parameter labels; one not
   * known here is added, titled by its name and with its parameters unlabelled. The table keeps
   * one row per name and language: when that row comes from another business account it stays
   * that account's ('other_account', nothing written), or every sync would move it between the
   * two and the other account's status reports would find nothing.
   */
  fromAccount(
    organizationId: string,
    businessAccountId: string,
    t: AccountTemplate,
    now: number,
  ): { template: WaTemplate; change: 'added' | 'updated' | 'same' | 'other_account' } {
    const known = this.byProviderId(organizationId, businessAccountId, t.providerId) ?? this.find(organizationId, t.name, t.language);
    if (known && known.businessAccountId !== null && known.businessAccountId !== businessAccountId) return { template: known, change: 'other_account' };
    const parameters = parametersFor(t.body, known?.parameters ?? [], t.bodyExamples);
    const headerParameter = t.header && /\{\{1\}\}/.test(t.header) ? (known?.headerParameter ?? { label: SOURCE_LABELS.none, source: 'none' as const, example: t.headerExample ?? '' }) : null;
    const values = [t.category, t.body, JSON.stringify(t.buttons), businessAccountId, t.providerId, t.status, t.rejectionReason, t.header, headerParameter && JSON.stringify(headerParameter), t.footer, JSON.stringify(parameters)] as const;
    if (!known) {
      const id = randomUUID();
      this.db
        .prepare(
          `INSERT INTO watemplates (id, organization_id, name, language, title, category, body, buttons, parameter_hints, business_account_id,
             provider_id, status, rejection_reason, header, header_parameter, footer, parameters, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, organizationId, t.name, t.language, t.name, ...values, now);
      return { template: this.get(organizationId, id)!, change: 'added' };
    }
    const same =
      known.missingSince === null &&
      JSON.stringify([known.category, known.body, JSON.stringify(known.buttons), known.businessAccountId, known.providerId, known.status, known.rejectionReason, known.header, known.headerParameter && JSON.stringify(known.headerParameter), known.footer, JSON.stringify(known.parameters)]) ===
        JSON.stringify(values);
    if (same) return { template: known, change: 'same' };
    this.db
      .prepare(
        `UPDATE watemplates SET category = ?, body = ?, buttons = ?, business_account_id = ?, provider_id = ?, status = ?, rejection_reason = ?,
           header = ?, header_parameter = ?, footer = ?, parameters = ?, missing_since = NULL, updated_at = ?
         WHERE organization_id = ? AND id = ?`,
      )
      .run(...values, now, organizationId, known.id);
    return { template: this.get(organizationId, known.id)!, change: 'updated' };
  }

  /** Templates of this account a sync did not find: marked missing (once), not deleted; returns the ones newly marked. */
  markMissing(organizationId: string, businessAccountId: string, found: ReadonlySet<string>, now: number): WaTemplate[] {
    const gone = this.db
      .prepare<[string, string], Row>('SELECT * FROM watemplates WHERE organization_id = ? AND business_account_id = ? AND missing_since IS NULL')
      .all(organizationId, businessAccountId)
      .filter((r) => r.provider_id === null || !found.has(r.provider_id));
    const mark = this.db.prepare('UPDATE watemplates SET missing_since = ?, updated_at = ? WHERE id = ?');
    for (const r of gone) mark.run(now, now, r.id);
    return gone.map((r) => this.get(organizationId, r.id)!);
  }

  remove(organizationId: string, id: string): boolean {
    return this.db.prepare('DELETE FROM watemplates WHERE organization_id = ? AND id = ?').run(organizationId, id).changes === 1;
  }
}
