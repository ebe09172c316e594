import path from 'node:path';
export const TEMPLATE_CACHE_DIR = (repositoryRoot: string) => path.join(repositoryRoot, 'node_modules/.cache/sccif-template');
