/**
 * The Nunjucks options of the web pages. trimBlocks and lstripBlocks act when a template is compiled, autoescape and
 * throwOnUndefined when it renders: the build (functions/cli/web-templates.ts) and the pages (render.ts) read them here.
 */
export const TEMPLATE_OPTIONS = {
  autoescape: true,
  throwOnUndefined: false,
  trimBlocks: true,
  lstripBlocks: true,
} as const;
