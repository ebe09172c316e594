/** The template metadata that names a function's handler id: the local runtime maps each Lambda back to its module. */
export const HANDLER_METADATA_KEY = 'sccif:handler';
