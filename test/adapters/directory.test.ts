/** The managers' directory: the enabled members of the user pool's group with a verified address, every page. */
import { CognitoIdentityProviderClient, ListUsersInGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { membersOf } from '../../functions/adapters/directory';

const cognito = mockClient(CognitoIdentityProviderClient);
// Restored after the file: the next file in this worker may mock the same client (vitest.config.ts, shared).
afterAll(() => {
  cognito.restore();
});

const user = (id: string, email: string, overrides: { enabled?: boolean; verified?: string } = {}) => ({
  Username: id,
  Enabled: overrides.enabled ?? true,
  Attributes: [
    { Name: 'sub', Value: id },
    { Name: 'email', Value: email },
    { Name: 'email_verified', Value: overrides.verified ?? 'true' },
  ],
});

beforeEach(() => {
  process.env.USER_POOL_ID = 'eu-west-2_test';
});
afterEach(() => {
  cognito.reset();
  delete process.env.USER_POOL_ID;
});

describe('membersOf', () => {
  it('lists the managers group of the configured pool, every page, leaving out disabled users and unverified addresses', async () => {
    cognito
      .on(ListUsersInGroupCommand, { NextToken: undefined })
      .resolves({ Users: [user('m-1', 'maya@ofsted.example'), user('m-2', 'off@ofsted.example', { enabled: false })], NextToken: 'page-2' })
      .on(ListUsersInGroupCommand, { NextToken: 'page-2' })
      .resolves({ Users: [user('m-3', 'omar@ofsted.example'), user('m-4', 'new@ofsted.example', { verified: 'false' })] });
    expect(await membersOf('managers')).toEqual([
      { id: 'm-1', email: 'maya@ofsted.example' },
      { id: 'm-3', email: 'omar@ofsted.example' },
    ]);
    expect(cognito.commandCalls(ListUsersInGroupCommand).map((call) => [call.args[0].input.UserPoolId, call.args[0].input.GroupName])).toEqual([
      ['eu-west-2_test', 'managers'],
      ['eu-west-2_test', 'managers'],
    ]);
  });
});
