/**
 * The stack's default settings, without the CDK: the docs test and others read them without loading aws-cdk-lib
 * (about 2.5 s of CPU). infra/build-app.ts applies them.
 */
import type { SccifSettings } from './stack';

/** Placeholders for the local runtime and the tests; a deployment must set real values with `-c mailFrom=...` etc. */
export const DEFAULT_SETTINGS: SccifSettings = {
  mailFrom: 'sccif-workflows@notifications.example.org',
  appBaseUrl: 'https://sccif-workflows.example.org',
  dfeEmail: 'secure-homes@dfe.example.org',
  managerEmail: 'regulatory-inspection-managers@ofsted.example.org',
  seniorManagerEmail: 'senior-hmi@ofsted.example.org',
  /** RFC framework §42-44: the social care compliance inspectors, who hold a family centre's case discussion. */
  complianceInspectorsEmail: 'social-care-compliance@ofsted.example.org',
  /** SCCIF 15.3 "a large number of placing authorities": more than this many (`-c contactArrangementsAbove=15`). */
  contactArrangementsAbove: '10',
  opsEmail: 'sccif-operations@ofsted.example.org',
  authDomainPrefix: 'sccif-workflows',
};
