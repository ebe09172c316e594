/** Nunjucks' slim runtime (renders precompiled templates; no compiler): the same API as the package, less compiling. */
declare module 'nunjucks/browser/nunjucks-slim.min.js' {
  import nunjucks from 'nunjucks';
  export default nunjucks;
}
