import { z } from 'zod';
import { WaTemplateSchema, type WaTemplate } from '../../api/v2/template';
import type { SyncStateRepo } from './sync-state-repo';

/** Where the organisation's templates are kept on this desktop (one sync_state entry: the list is small). */
const TEMPLATES_KEY = 'templates';

/** The Content Library as last heard from the backend, for the days it is away; none before the first. */
export function cachedTemplates(syncState: SyncStateRepo): WaTemplate[] {
  return syncState.get(TEMPLATES_KEY, z.array(WaTemplateSchema)) ?? [];
}

/** The whole list, as the backend answered GET /v2/watemplates. */
export function replaceTemplates(syncState: SyncStateRepo, templates: WaTemplate[]): void {
  syncState.set(TEMPLATES_KEY, templates);
}

/** One template added or changed (a template.upsert event, or a manager's own edit here). */
export function rememberTemplate(syncState: SyncStateRepo, template: WaTemplate): void {
  const others = cachedTemplates(syncState).filter((t) => t.id !== template.id);
  replaceTemplates(syncState, [...others, template].sort((a, b) => a.title.localeCompare(b.title) || a.name.localeCompare(b.name)));
}

/** One template deleted (a template.remove event, or a manager's own delete here). */
export function forgetTemplate(syncState: SyncStateRepo, id: string): void {
  replaceTemplates(syncState, cachedTemplates(syncState).filter((t) => t.id !== id));
}
