/**
 * Where the stack deploys: London (eu-west-2) unless `-c region=` names another region, and never outside the UK
 * unless `-c allowNonUkRegion=true` says so on purpose. Children's data (initials, placements, inspection findings)
 * must stay in the UK, and London is AWS's only UK region.
 *
 * The region comes from CDK context only: the CDK CLI always sets CDK_DEFAULT_REGION (from the profile, else
 * us-east-1), so a fallback on it would never reach London.
 */
import type { App } from 'aws-cdk-lib';

export const DEFAULT_REGION = 'eu-west-2';

/** AWS regions in the UK. */
export const UK_REGIONS: readonly string[] = [DEFAULT_REGION];

/** Synthesis refused: the region is outside the UK and nobody allowed it. */
export class NonUkRegionError extends Error {
  constructor(region: string) {
    super(
      `Refusing to synthesize for ${region}: children's data must stay in the UK (${UK_REGIONS.join(', ')}). ` +
        `Deploy to ${DEFAULT_REGION} (the default), or pass -c allowNonUkRegion=true if this region is intended.`,
    );
    this.name = new.target.name;
  }
}

const REGION_NAME = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

function contextText(app: App, name: string): string | undefined {
  const value: unknown = app.node.tryGetContext(name);
  if (value === undefined || value === null || value === '') return undefined;
  return String(value);
}

/** The region to deploy to, from `-c region=` (default eu-west-2); throws NonUkRegionError outside the UK. */
export function deploymentRegion(app: App): string {
  const region = contextText(app, 'region') ?? DEFAULT_REGION;
  if (!REGION_NAME.test(region)) throw new Error(`-c region=${region} is not an AWS region name (e.g. ${DEFAULT_REGION})`);
  if (!UK_REGIONS.includes(region) && contextText(app, 'allowNonUkRegion') !== 'true') throw new NonUkRegionError(region);
  return region;
}
