import { z } from 'zod';
import type { TemplateButton, TemplateSkipReason, TemplateStatus, WaTemplate } from '../../api/v2/template';
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
  // Read loosely: a button kind the app does not send (COPY_CODE has no text and one example) must not make the whole list unreadable.
  buttons: z.array(z.object({ type: z.string(), text: z.string().optional(), url: z.string().optional(), example: z.union([z.array(z.string()), z.string()]).optional() })).optional(),
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

/** What a sync makes of one listed template. */
export type Listed =
  | { taken: AccountTemplate }
  | { skipped: { reason: Exclude<TemplateSkipReason, 'other_account'>; kind: string } }
  /** Deleted or archived at Meta: no template any more (one known here is marked missing). */
  | { gone: true };

/** The components the app makes and sends; any other (a carousel, a limited-time offer…) is not taken in. */
const KNOWN_COMPONENTS = new Set(['HEADER', 'BODY', 'FOOTER', 'BUTTONS']);
/** A {{…}} that is not positional ({{1}}): Meta's named parameters, which the app does not send. */
const NAMED_PARAMETER = /\{\{(?!\d+\}\})/;

/**
 * A listed template as ours, or why it is not taken in. One the app could not send as Meta holds
 * it is never taken in part: without its call button the buttons after it would move up a place
 * and every send would be refused (132000).
 */
export function accountTemplateOf(t: MetaTemplate): Listed {
  const status: TemplateStatus | undefined = STATE_OF[t.status];
  if (!status) return { gone: true };
  const skip = (reason: Exclude<TemplateSkipReason, 'other_account'>, kind: string): Listed => ({ skipped: { reason, kind } });
  const category = TEMPLATE_CATEGORIES.find((c) => c === t.category);
  if (!category) return skip('other_content', t.category);
  const unknown = t.components.find((c) => !KNOWN_COMPONENTS.has(c.type));
  if (unknown) return skip('other_content', unknown.type);
  const header = t.components.find((c) => c.type === 'HEADER');
  if (header && header.format !== 'TEXT') return skip('media_header', header.format ?? 'NONE');
  if (header && !header.text) return skip('other_content', 'HEADER');
  const body = t.components.find((c) => c.type === 'BODY');
  if (!body?.text) return skip('other_content', 'BODY');
  if ([header?.text, body.text].some((text) => text !== undefined && NAMED_PARAMETER.test(text))) return skip('other_content', 'NAMED_PARAMETERS');
  const listedButtons = t.components.find((c) => c.type === 'BUTTONS')?.buttons ?? [];
  const foreign = listedButtons.find((b) => b.type !== 'QUICK_REPLY' && b.type !== 'URL');
  if (foreign) return skip('button_kind', foreign.type);
  const buttons: TemplateButton[] = [];
  for (const b of listedButtons) {
    if (!b.text || (b.type === 'URL' && !b.url)) return skip('other_content', 'BUTTONS');
    if (b.type === 'URL' && b.url) {
      const given = Array.isArray(b.example) ? b.example[0] : undefined;
      const example = b.url.endsWith('{{1}}') && given ? given.slice(b.url.length - '{{1}}'.length) : null;
      buttons.push({ type: 'url', text: b.text, url: b.url, example });
    } else buttons.push({ type: 'quick_reply', text: b.text, payload: b.text });
  }
  return {
    taken: {
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
    },
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
