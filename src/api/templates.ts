import { z } from 'zod';
import { IdSchema } from './appointment';
import { TemplateChangeSchema, TemplateDraftSchema, TemplateSyncResultSchema, WaTemplateSchema } from './v2/template';

/**
 * A manager's Content Library on a desktop (the BoardApi's part for Settings → Content Library).
 * Each goes to the backend with the signed-in person's token, since Meta's template management
 * is reached from there; the backend's refusals (Meta's words, a rule of the template) reach the
 * window with their codes. Advisors read the approved ones with listTemplates (the cache).
 */
const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

export const templatesApi = {
  createTemplate: method(TemplateDraftSchema, WaTemplateSchema),
  updateTemplate: method(z.object({ id: IdSchema, change: TemplateChangeSchema }), WaTemplateSchema),
  deleteTemplate: method(z.object({ id: IdSchema }), z.null()),
  syncTemplates: method(z.object({}), TemplateSyncResultSchema),
} as const;
