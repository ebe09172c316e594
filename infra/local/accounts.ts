/** The local runtime's accounts: the sign-in (server.ts), and the managers' directory the daily digest reads (directory-api.ts). */
import type { LocalAccount } from './auth-server';

/**
 * The seeded local users: one inspector, two managers (the second approves when the first is conflicted) and a social
 * care compliance inspector (the family centre's case discussion).
 */
export const LOCAL_ACCOUNTS: readonly LocalAccount[] = [
  { id: 'local-inspector-ines', email: 'ines.inspector@ofsted.local', name: 'Ines Inspector', groups: ['inspectors'], password: 'inspector-pass' },
  { id: 'local-manager-maya', email: 'maya.manager@ofsted.local', name: 'Maya Manager', groups: ['managers'], password: 'manager-pass' },
  { id: 'local-manager-omar', email: 'omar.manager@ofsted.local', name: 'Omar Manager', groups: ['managers'], password: 'manager-pass' },
  // A social care compliance inspector: decides a family centre's case discussion (RFC framework §42-44).
  { id: 'local-compliance-cora', email: 'cora.compliance@ofsted.local', name: 'Cora Compliance', groups: ['compliance-inspectors'], password: 'compliance-pass' },
];
