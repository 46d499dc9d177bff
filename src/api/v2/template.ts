import { z } from 'zod';
import { visibleText } from '../limits';
import { bodyParameterCount, bodyParameterProblems, headerProblems, parameterNumbers, urlButtonProblems } from '../../domain/template-rules';

export const TEMPLATE_CATEGORIES = ['UTILITY', 'MARKETING', 'AUTHENTICATION'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

/** Meta's review states of a template; only an APPROVED one can be sent. */
export const TEMPLATE_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'PAUSED', 'DISABLED'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

/** Which fact of the appointment proposes a parameter's value; the advisor can still edit it. */
export const PARAMETER_SOURCES = ['customerName', 'plate', 'date', 'time', 'workOrder', 'make', 'model', 'advisor', 'organisation', 'none'] as const;
export type ParameterSource = (typeof PARAMETER_SOURCES)[number];

/** The hints templates carried before the Content Library ('owner': the card's advisor). */
export const TEMPLATE_PARAMETER_HINTS = ['customerName', 'date', 'time', 'plate', 'make', 'model', 'workOrder', 'owner', 'organisation'] as const;
export type TemplateParameterHint = (typeof TEMPLATE_PARAMETER_HINTS)[number];

/** An old hint as the source a parameter has now. */
export function sourceOfHint(hint: TemplateParameterHint): ParameterSource {
  return hint === 'owner' ? 'advisor' : hint;
}

/** The label a parameter gets from its source when nobody wrote one (templates mirrored or synced from the account). */
export const SOURCE_LABELS: Record<ParameterSource, string> = {
  customerName: 'Customer name',
  plate: 'Plate',
  date: 'Date',
  time: 'Time',
  workOrder: 'Work order',
  make: 'Make',
  model: 'Model',
  advisor: 'Advisor',
  organisation: 'Organisation',
  none: 'Value',
};

export const TEMPLATE_LIMITS = { header: 60, body: 1024, footer: 60, buttonText: 25, buttons: 10, urlButtons: 2, title: 80, label: 60, example: 200 } as const;

/** What an advisor sees beside a {{n}}, where its value comes from, and the example Meta reviews. */
export const TemplateParameterSchema = z.object({
  label: visibleText().trim().min(1, 'is required').max(TEMPLATE_LIMITS.label, `is at most ${TEMPLATE_LIMITS.label} characters`),
  source: z.enum(PARAMETER_SOURCES),
  // Empty only for templates mirrored before the Content Library; a new one is refused without (see TemplateDraftSchema).
  example: visibleText().trim().max(TEMPLATE_LIMITS.example, `is at most ${TEMPLATE_LIMITS.example} characters`),
});
export type TemplateParameter = z.infer<typeof TemplateParameterSchema>;

const ButtonTextSchema = visibleText().trim().min(1, 'is required').max(TEMPLATE_LIMITS.buttonText, `is at most ${TEMPLATE_LIMITS.buttonText} characters`);

export const QuickReplySchema = z.object({
  type: z.literal('quick_reply'),
  text: ButtonTextSchema,
  payload: z.string().min(1, 'is required').max(128, 'is at most 128 characters'),
});

export const UrlButtonSchema = z.object({
  type: z.literal('url'),
  text: ButtonTextSchema,
  url: z.string().trim().max(2000, 'is at most 2000 characters'),
  /** The value of the address's {{1}} Meta reviews; null when the address has none. */
  example: visibleText().trim().max(TEMPLATE_LIMITS.example, `is at most ${TEMPLATE_LIMITS.example} characters`).nullable().default(null),
});

export const TemplateButtonSchema = z.discriminatedUnion('type', [QuickReplySchema, UrlButtonSchema]);
export type TemplateButton = z.infer<typeof TemplateButtonSchema>;

const NameSchema = z.string().regex(/^[a-z0-9_]{1,512}$/, 'use lower-case letters, digits and _');
const LanguageSchema = z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'is a language code such as nl or en_GB');

/**
 * A template Meta has already approved, as our own seed data writes it to the store (the demo's,
 * and tests whose simulator knows it as approved): stored APPROVED. No API takes it: a manager's
 * new template always goes to Meta's review (TemplateDraftSchema).
 */
export const WaTemplateInputSchema = z.object({
  name: NameSchema,
  /** What advisors pick it by; left out, its name. */
  title: visibleText().trim().min(1).max(TEMPLATE_LIMITS.title).optional(),
  language: LanguageSchema,
  category: z.enum(TEMPLATE_CATEGORIES),
  body: z.string().min(1).max(TEMPLATE_LIMITS.body),
  buttons: z.array(QuickReplySchema).max(10).default([]),
  /** Which appointment field proposes the value of each {{n}}, in order; the advisor can edit it. */
  parameterHints: z.array(z.enum(TEMPLATE_PARAMETER_HINTS)).max(20).default([]),
});
export type WaTemplateInput = z.infer<typeof WaTemplateInputSchema>;

/** What a manager writes of a template (the Content Library); name and language are fixed once submitted. */
const ContentShape = {
  title: visibleText().trim().min(1, 'is required').max(TEMPLATE_LIMITS.title, `is at most ${TEMPLATE_LIMITS.title} characters`),
  category: z.enum(TEMPLATE_CATEGORIES),
  header: visibleText().trim().min(1, 'is empty: leave the header out instead').max(TEMPLATE_LIMITS.header, `is at most ${TEMPLATE_LIMITS.header} characters`).nullable().default(null),
  /** The header's {{1}}: its label, source and example; null when the header has none. */
  headerParameter: TemplateParameterSchema.nullable().default(null),
  body: visibleText(true).trim().min(1, 'is required').max(TEMPLATE_LIMITS.body, `is at most ${TEMPLATE_LIMITS.body} characters`),
  footer: visibleText().trim().min(1, 'is empty: leave the footer out instead').max(TEMPLATE_LIMITS.footer, `is at most ${TEMPLATE_LIMITS.footer} characters`).nullable().default(null),
  buttons: z.array(TemplateButtonSchema).max(TEMPLATE_LIMITS.buttons, `at most ${TEMPLATE_LIMITS.buttons} buttons`).default([]),
  /** One per {{n}} of the body, in order. */
  parameters: z.array(TemplateParameterSchema).max(20, 'at most 20 parameters').default([]),
};

type Content = { header: string | null; headerParameter: TemplateParameter | null; body: string; footer: string | null; buttons: TemplateButton[]; parameters: TemplateParameter[] };

/** Meta's rules across the fields, each said at the field it concerns. */
function contentRules(c: Content, ctx: z.RefinementCtx): void {
  // `params.rule` lets a window word the rule in its user's language; `message` is the API's English.
  const issue = (path: (string | number)[], message: string, rule: string, values: Record<string, number> = {}) =>
    ctx.addIssue({ code: 'custom', path, message, params: { rule, ...values } });
  for (const problem of bodyParameterProblems(c.body)) issue(['body'], problem.message, problem.rule);
  const count = bodyParameterCount(c.body);
  const described = c.parameters.length;
  if (described !== count) {
    issue(['parameters'], `the body has ${count} parameter${count === 1 ? '' : 's'}; ${described} ${described === 1 ? 'is' : 'are'} described`, 'parameterCount', { count, described });
  }
  c.parameters.forEach((p, i) => {
    if (!p.example) issue(['parameters', i, 'example'], 'is required: Meta reviews a template with an example of each value', 'exampleRequired');
  });
  if (c.header !== null) for (const problem of headerProblems(c.header)) issue(['header'], problem.message, problem.rule);
  const headerTakesValue = c.header !== null && parameterNumbers(c.header).length === 1;
  if (headerTakesValue && !c.headerParameter) issue(['headerParameter'], 'is required: the header has {{1}}', 'headerParameterRequired');
  if (!headerTakesValue && c.headerParameter) issue(['headerParameter'], 'is given but the header has no {{1}}', 'headerParameterUnused');
  if (c.headerParameter && !c.headerParameter.example) issue(['headerParameter', 'example'], 'is required: Meta reviews a template with an example of each value', 'exampleRequired');
  if (c.footer !== null && parameterNumbers(c.footer).length) issue(['footer'], 'may not have parameters', 'footerParameters');
  const urls = c.buttons.filter((b) => b.type === 'url').length;
  if (urls > TEMPLATE_LIMITS.urlButtons) issue(['buttons'], `at most ${TEMPLATE_LIMITS.urlButtons} URL buttons`, 'urlButtons', { max: TEMPLATE_LIMITS.urlButtons });
  c.buttons.forEach((b, i) => {
    if (b.type !== 'url') return;
    for (const problem of urlButtonProblems(b.url)) issue(['buttons', i, 'url'], problem.message, problem.rule);
    const takesValue = parameterNumbers(b.url).length > 0;
    if (takesValue && !b.example) issue(['buttons', i, 'example'], 'is required: the address ends in {{1}}', 'exampleRequired');
    if (!takesValue && b.example) issue(['buttons', i, 'example'], 'is given but the address has no {{1}}', 'urlExampleUnused');
  });
}

/** POST /v2/watemplates: a new template, submitted to Meta's review. */
export const TemplateDraftSchema = z
  .object({
    name: NameSchema,
    language: LanguageSchema,
    ...ContentShape,
    /** The WhatsApp channel whose business account gets it; may be left out when the organisation has one account. */
    channel: z.string().min(1).max(100).optional(),
  })
  .strict()
  .superRefine(contentRules);
export type TemplateDraft = z.infer<typeof TemplateDraftSchema>;

/** PATCH /v2/watemplates/:id: the content again (Meta reviews an edit anew); a changed title alone is not resubmitted. */
export const TemplateChangeSchema = z.object(ContentShape).strict().superRefine(contentRules);
export type TemplateChange = z.infer<typeof TemplateChangeSchema>;

export const WaTemplateSchema = z.object({
  id: z.string(),
  organization: z.string(),
  name: z.string(),
  title: z.string(),
  language: z.string(),
  category: z.enum(TEMPLATE_CATEGORIES),
  header: z.string().nullable(),
  headerParameter: TemplateParameterSchema.nullable(),
  body: z.string(),
  footer: z.string().nullable(),
  buttons: z.array(TemplateButtonSchema),
  parameters: z.array(TemplateParameterSchema),
  /** The parameters' sources, in order: what templates carried before the Content Library. */
  parameterHints: z.array(z.enum(PARAMETER_SOURCES)),
  status: z.enum(TEMPLATE_STATUSES),
  /** Meta's reason for a rejection (or a pause), as it gave it. */
  rejectionReason: z.string().nullable(),
  businessAccountId: z.string().nullable(),
  providerId: z.string().nullable(),
  /** When a sync no longer found it in its business account; null while it is there (or never was submitted). */
  missingSince: z.number().nullable(),
  updatedAt: z.number(),
});
export type WaTemplate = z.infer<typeof WaTemplateSchema>;

/**
 * Why a sync did not take in a template its account lists: media_header, a header that is no
 * text (image, video, document, location); button_kind, a button other than quick reply or URL
 * (call, copy code, one-time code, flow…); other_content, a component, category or named
 * parameters the app does not send; other_account, the organisation already has this name and
 * language from another business account (one row per name and language: the first keeps it).
 */
export const TEMPLATE_SKIP_REASONS = ['media_header', 'button_kind', 'other_content', 'other_account'] as const;
export type TemplateSkipReason = (typeof TEMPLATE_SKIP_REASONS)[number];

/** POST /v2/watemplates/sync: what a sync with the business accounts changed. */
export const TemplateSyncResultSchema = z.object({
  added: z.number().int(),
  updated: z.number().int(),
  /** Kept, and marked missing: sent messages name them, and a manager decides whether to delete them. */
  missing: z.number().int(),
  /** Business accounts that could not be read (the others were synced): which numbers reach it, and why (Meta's words when it refused: TEMPLATE_REFUSED). */
  failed: z.array(z.object({ businessAccountId: z.string(), channels: z.array(z.string()), code: z.string(), reason: z.string() })),
  /**
   * Templates the accounts list that were not taken in, and why: taken in, they would be sent
   * without what they need (Meta refuses a send whose buttons or header do not match: 132000).
   */
  skipped: z.array(
    z.object({
      name: z.string(),
      language: z.string(),
      reason: z.enum(TEMPLATE_SKIP_REASONS),
      /** Meta's word for what the app does not send: the header's format (IMAGE…), the button's type (PHONE_NUMBER…), the component or category; null for other_account. */
      kind: z.string().nullable(),
      /** The account that lists it, and the numbers that reach that account. */
      businessAccountId: z.string(),
      channels: z.array(z.string()),
    }),
  ),
});
export type TemplateSyncResult = z.infer<typeof TemplateSyncResultSchema>;
