import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { WaTemplate, WaTemplateInput } from '../../api/v2/template';

type Row = { id: string; organization_id: string; name: string; language: string; category: WaTemplate['category']; body: string; buttons: string; parameter_hints: string };

function toTemplate(r: Row): WaTemplate {
  return {
    id: r.id,
    organization: r.organization_id,
    name: r.name,
    language: r.language,
    category: r.category,
    body: r.body,
    buttons: JSON.parse(r.buttons) as WaTemplate['buttons'],
    parameterHints: JSON.parse(r.parameter_hints) as WaTemplate['parameterHints'],
  };
}

export class TemplatesRepo {
  constructor(private readonly db: Database) {}

  list(organizationId: string): WaTemplate[] {
    return this.db
      .prepare<[string], Row>('SELECT * FROM watemplates WHERE organization_id = ? ORDER BY name, language')
      .all(organizationId)
      .map(toTemplate);
  }

  find(organizationId: string, name: string, language: string): WaTemplate | undefined {
    const row = this.db
      .prepare<[string, string, string], Row>('SELECT * FROM watemplates WHERE organization_id = ? AND name = ? AND language = ?')
      .get(organizationId, name, language);
    return row && toTemplate(row);
  }

  /** Adds a template, or replaces the one with the same name and language. */
  upsert(organizationId: string, t: WaTemplateInput): WaTemplate {
    this.db
      .prepare(
        `INSERT INTO watemplates (id, organization_id, name, language, category, body, buttons, parameter_hints)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (organization_id, name, language) DO UPDATE SET category = excluded.category,
           body = excluded.body, buttons = excluded.buttons, parameter_hints = excluded.parameter_hints`,
      )
      .run(randomUUID(), organizationId, t.name, t.language, t.category, t.body, JSON.stringify(t.buttons), JSON.stringify(t.parameterHints));
    return this.find(organizationId, t.name, t.language)!;
  }
}
