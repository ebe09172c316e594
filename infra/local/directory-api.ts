/**
 * The local Cognito user pool API for the managers' directory: ListUsersInGroup (the only action any handler calls),
 * answered from the local accounts, on loopback, in the shape Cognito answers (JSON 1.1, Users with Attributes,
 * NextToken when there are more). The daily digest's adapter (functions/adapters/directory.ts) reads it through the
 * same SDK client as on AWS; anything else is refused with Cognito's error shape, so a handler calling more fails loudly.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalAccount } from './auth-server';

/** The local user pool's id (USER_POOL_ID): the Cognito shape `<region>_<id>`. */
export const LOCAL_USER_POOL_ID = 'eu-west-2_local';

export async function startDirectoryServer(accounts: readonly LocalAccount[]): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(body));
      };
      const target = String(request.headers['x-amz-target'] ?? '');
      let input: { UserPoolId?: string; GroupName?: string; Limit?: number; NextToken?: string } = {};
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as typeof input;
      } catch {
        return reply(400, { __type: 'InvalidParameterException', message: 'the body is not JSON' });
      }
      if (target !== 'AWSCognitoIdentityProviderService.ListUsersInGroup') {
        return reply(400, { __type: 'InvalidParameterException', message: `the local user pool supports ListUsersInGroup only (got ${target || 'no action'})` });
      }
      if (input.UserPoolId !== LOCAL_USER_POOL_ID) return reply(400, { __type: 'ResourceNotFoundException', message: `User pool ${input.UserPoolId} does not exist.` });
      const members = accounts.filter((account) => account.groups.includes(input.GroupName ?? ''));
      const limit = Math.min(Math.max(input.Limit ?? 60, 1), 60);
      const start = Number(input.NextToken ?? 0);
      const page = members.slice(start, start + limit);
      reply(200, {
        Users: page.map((account) => ({
          Username: account.id,
          Enabled: true,
          UserStatus: 'CONFIRMED',
          Attributes: [
            { Name: 'sub', Value: account.id },
            { Name: 'email', Value: account.email },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: account.name },
          ],
        })),
        ...(start + limit < members.length ? { NextToken: String(start + limit) } : {}),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
