import { z } from 'zod';

export const TEMPLATE_CATEGORIES = ['UTILITY', 'MARKETING', 'AUTHENTICATION'] as const;

export const TEMPLATE_PARAMETER_HINTS = ['customerName', 'date', 'time', 'plate', 'make', 'model', 'workOrder', 'owner', 'organisation'] as const;
export type TemplateParameterHint = (typeof TEMPLATE_PARAMETER_HINTS)[number];

export const QuickReplySchema = z.object({
  type: z.literal('quick_reply'),
  text: z.string().min(1).max(25),
  payload: z.string().min(1).max(128),
});

/** A WhatsApp template as approved in Meta's manager, mirrored for sending and previews. */
export const WaTemplateInputSchema = z.object({
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'use lower-case letters, digits and _'),
  language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'is a language code such as nl or en_GB'),
  category: z.enum(TEMPLATE_CATEGORIES),
  body: z.string().min(1).max(1024),
  buttons: z.array(QuickReplySchema).max(10).default([]),
  /** Which appointment field proposes the value of each {{n}}, in order; the advisor can edit it. */
  parameterHints: z.array(z.enum(TEMPLATE_PARAMETER_HINTS)).max(20).default([]),
});
export type WaTemplateInput = z.infer<typeof WaTemplateInputSchema>;

export const WaTemplateSchema = WaTemplateInputSchema.extend({ id: z.string(), organization: z.string() });
export type WaTemplate = z.infer<typeof WaTemplateSchema>;
