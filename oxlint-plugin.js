/**
 * The one rule the boundaries need that oxlint has no built-in for: ESLint's `no-restricted-syntax` (the same options,
 * `{ selector, message }`, the same selectors), as an oxlint JS plugin, written to ESLint's rule API. The core uses it
 * to keep the clock out (`Date.now()`, `new Date()`) and its imports static (oxlint.config.js).
 */
const restrictedSyntax = {
  meta: {
    type: 'suggestion',
    docs: { description: 'Disallows the syntax the selectors match (ESLint no-restricted-syntax).' },
    schema: { type: 'array', items: { type: 'object', properties: { selector: { type: 'string' }, message: { type: 'string' } }, required: ['selector', 'message'] } },
  },
  create(context) {
    return Object.fromEntries(context.options.map(({ selector, message }) => [selector, (node) => context.report({ node, message })]));
  },
};

export default { meta: { name: 'sccif' }, rules: { 'restricted-syntax': restrictedSyntax } };
