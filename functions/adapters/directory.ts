/**
 * The managers' directory: who is in the user pool's `managers` group, with a verified email address, enabled. On AWS
 * the Cognito user pool (ListUsersInGroup, the only action the function's role allows, on this pool only); in the
 * local runtime the same call answered from the local accounts (infra/local/directory-api.ts).
 */
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { config } from './config';
import { resetOnNewContainer } from './container';
import { withLocalTransport } from './sdk-transport';

export interface Member {
  /** The user's `sub`: stable across a change of address. */
  id: string;
  email: string;
  name?: string;
}

/** The container's client, created on first use (the SDK module too: loaded by the first call, not at import). */
let client: CognitoIdentityProviderClient | undefined;
resetOnNewContainer(() => {
  client?.destroy();
  client = undefined;
});

/** The enabled members of a group with a verified address, in the pool's order. */
export async function membersOf(group: 'managers'): Promise<Member[]> {
  const { CognitoIdentityProviderClient, ListUsersInGroupCommand } = await import('@aws-sdk/client-cognito-identity-provider');
  client ??= new CognitoIdentityProviderClient(withLocalTransport({}));
  const members: Member[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListUsersInGroupCommand({ UserPoolId: config.userPoolId, GroupName: group, Limit: 60, ...(nextToken ? { NextToken: nextToken } : {}) }));
    for (const user of page.Users ?? []) {
      const attribute = (name: string) => user.Attributes?.find((candidate) => candidate.Name === name)?.Value;
      const email = attribute('email');
      // An unverified address may not be the manager's: the digest names establishments and vacancies.
      if (user.Enabled === false || !email || attribute('email_verified') !== 'true') continue;
      const name = attribute('name');
      members.push({ id: attribute('sub') ?? user.Username ?? email, email, ...(name ? { name } : {}) });
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return members;
}
