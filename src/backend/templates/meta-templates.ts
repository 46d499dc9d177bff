import { z } from 'zod';
import type { TemplateButton, TemplateStatus, WaTemplate } from '../../api/v2/template';
import { TEMPLATE_CATEGORIES } from '../../api/v2/template';
import type { AccountTemplate } from '../store/templates-repo';
import { STATE_OF } from './template-status';

/** What Meta's template management reads of a template: its category and components. */
export type TemplateContent = Pick<WaTemplate, 'category' | 'header' | 'headerParameter' | 'body' | 'footer' | 'buttons' | 'parameters'>;

/**
 * The components of a template in the Cloud API's format (HEADER, BODY, FOOTER, BUTTONS), each
 * {{n}} with the example Meta reviews it by. Quick-reply payloads are ours: Meta takes them at
 * sending, not here.
 */
export function metaComponents(t: TemplateContent): Array<Record<string, unknown>> {
  const components: Array<Record<string, unknown>> = [];
  if (t.header !== null) {
    components.push({ type: 'HEADER', format: 'TEXT', text: t.header, ...(t.headerParameter ? { example: { header_text: [t.headerParameter.example] } } : {}) });
  }
  components.push({ type: 'BODY', text: t.body, ...(t.parameters.length ? { example: { body_text: [t.parameters.map((p) => p.example)] } } : {}) });
  if (t.footer !== null) components.push({ type: 'FOOTER', text: t.footer });
  if (t.buttons.length) {
    components.push({
      type: 'BUTTONS',
      buttons: t.buttons.map((b) =>
        b.type === 'quick_reply'
          ? { type: 'QUICK_REPLY', text: b.text }
          : { type: 'URL', text: b.text, url: b.url, ...(b.example ? { example: [b.url.replace('{{1}}', b.example)] } : {}) },
      ),
    });
  }
  return components;
}

const ComponentSchema = z.object({
  type: z.string(),
  format: z.string().optional(),
  text: z.string().optional(),
  example: z.object({ header_text: z.array(z.string()).optional(), body_text: z.array(z.array(z.string())).optional() }).partial().optional(),
  buttons: z.array(z.object({ type: z.string(), text: z.string(), url: z.string().optional(), example: z.array(z.string()).optional() })).optional(),
});

/** One template as GET /{waba-id}/message_templates lists it. */
export const MetaTemplateSchema = z.object({
  id: z.string(),
  name: z.string(),
  language: z.string(),
  status: z.string(),
  category: z.string(),
  rejected_reason: z.string().optional(),
  components: z.array(ComponentSchema).default([]),
});
export type MetaTemplate = z.infer<typeof MetaTemplateSchema>;

export const MetaTemplatePageSchema = z.object({
  data: z.array(MetaTemplateSchema),
  paging: z.object({ cursors: z.object({ after: z.string().optional() }).partial().optional(), next: z.string().optional() }).partial().optional(),
});

/**
 * A listed template as ours, or null when it is no template to keep (deleted at Meta, a
 * category or a header that is no text, which the Content Library does not make).
 */
export function accountTemplateOf(t: MetaTemplate): AccountTemplate | null {
  const status: TemplateStatus | undefined = STATE_OF[t.status];
  const category = TEMPLATE_CATEGORIES.find((c) => c === t.category);
  const body = t.components.find((c) => c.type === 'BODY');
  const header = t.components.find((c) => c.type === 'HEADER');
  if (!status || !category || !body?.text || (header && header.format !== 'TEXT')) return null;
  const buttons: TemplateButton[] = (t.components.find((c) => c.type === 'BUTTONS')?.buttons ?? []).flatMap((b): TemplateButton[] => {
    if (b.type === 'QUICK_REPLY') return [{ type: 'quick_reply', text: b.text, payload: b.text }];
    if (b.type === 'URL' && b.url) {
      const example = b.url.endsWith('{{1}}') && b.example?.[0] ? b.example[0].slice(b.url.length - '{{1}}'.length) : null;
      return [{ type: 'url', text: b.text, url: b.url, example }];
    }
    return [];
  });
  return {
    providerId: t.id,
    name: t.name,
    language: t.language,
    category,
    status,
    rejectionReason: status === 'REJECTED' ? (t.rejected_reason && t.rejected_reason !== 'NONE' ? t.rejected_reason : 'Meta gave no reason') : null,
    header: header?.text ?? null,
    body: body.text,
    footer: t.components.find((c) => c.type === 'FOOTER')?.text ?? null,
    buttons,
    bodyExamples: body.example?.body_text?.[0] ?? [],
    headerExample: header?.example?.header_text?.[0] ?? null,
  };
}

/** Meta's refusal of a request, in the words it gave for a person where it gave them. */
export const MetaErrorSchema = z.object({
  error: z.object({
    message: z.string(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
  }),
});
