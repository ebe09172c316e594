/**
 * Synthesis of the real stack for the local runtime: the only local module that loads aws-cdk-lib (about 1.4 s),
 * imported by template-cache.ts only when no template is cached for the current sources.
 */
import { App } from 'aws-cdk-lib';
import { buildApp } from '../build-app';
import type { CfnTemplate } from './template';

/** Synthesizes the stack as `cdk synth` would, without bundling and without the slow built-in validation. */
export function synthesizeTemplate(repositoryRoot: string, context: Record<string, unknown> = {}): CfnTemplate {
  const app = buildApp(
    new App({
      context: { 'aws:cdk:bundling-stacks': [], ...context },
      builtinCloudFormationValidation: false,
    }),
    // The local runtime sends mail to its own inbox: the placeholder addresses are fine here, and only here.
    { repositoryRoot, placeholders: 'allowed' },
  );
  const assembly = app.synth();
  return assembly.getStackByName('SccifWorkflows').template as CfnTemplate;
}

