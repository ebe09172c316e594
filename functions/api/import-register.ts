/**
 * POST /establishments/import (managers): `{ "csv": "<file>" }`, the register in the layout of Ofsted's published
 * register (columns in core/register-import.ts and README). Every row is checked first: one bad row is a 400 naming
 * each line and column, and nothing is written. Entries replace those with the same URN.
 */
import { systemClock } from '../adapters/clock';
import { importRegister, RegisterImport } from '../app';
import { httpHandler } from '../middleware/http';

export const handler = httpHandler({
  name: 'import-register',
  groups: ['managers'],
  body: RegisterImport,
  fn: ({ body, user }) => importRegister(body.csv, user, systemClock.now()),
});
