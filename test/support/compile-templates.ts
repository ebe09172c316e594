/** vitest globalSetup: the web pages' precompiled templates, written again when a template changed. */
import { refreshCompiledTemplates } from '../../functions/cli/web-templates';

export async function setup(): Promise<void> {
  await refreshCompiledTemplates();
}
