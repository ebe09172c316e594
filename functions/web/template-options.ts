/**
 * The Nunjucks options of the web pages. trimBlocks and lstripBlocks act when a template is compiled, autoescape and
 * throwOnUndefined when it renders: the build (functions/cli/web-templates.ts) and the pages (render.ts) read them here.
 * Frozen: a Nunjucks Environment writes into the options object it is given (`dev`, ...), so each gets a copy; the
 * compiled module's hash is taken from these options, and a written-into object made every start compile again.
 */
export const TEMPLATE_OPTIONS = Object.freeze({
  autoescape: true,
  throwOnUndefined: false,
  trimBlocks: true,
  lstripBlocks: true,
} as const);
