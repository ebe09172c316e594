/**
 * The adapters' seam (functions/adapters/sdk-transport.ts) signs the requests to the local servers with a signature of
 * SigV4's form, not computed: on AWS (nothing registered) a client keeps the SDK's own signer.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { localSigner, withLocalTransport } from '../../functions/adapters/sdk-transport';
import { serveInProcess } from '../../infra/local/in-process-transport';
import { startDynalite } from './local-dynamodb';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('the signature of requests to the local servers', () => {
  it('is of SigV4 form, scoped to the request date, and to the region and service when the SDK names them', async () => {
    const request = { headers: { host: '127.0.0.1:8000' } as Record<string, string> };
    await localSigner.sign(request, { signingDate: new Date('2026-12-23T10:04:05.678Z'), signingRegion: 'eu-west-2', signingService: 'dynamodb' });
    expect(request.headers).toEqual({
      host: '127.0.0.1:8000',
      'x-amz-date': '20261223T100405Z',
      authorization: `AWS4-HMAC-SHA256 Credential=local/20261223/eu-west-2/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
    });
    const unnamed = { headers: {} as Record<string, string> };
    await localSigner.sign(unnamed, { signingDate: new Date('2027-01-02T23:59:59.000Z') });
    expect(unnamed.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=local\/20270102\/local\/local\/aws4_request, /);
    expect(unnamed.headers['x-amz-date']).toBe('20270102T235959Z');
  });

  it('is not given to a client when no server is served in memory (AWS keeps the SDK signer)', () => {
    expect(withLocalTransport({ region: 'eu-west-2' })).not.toHaveProperty('signer');
  });

  it('is what dynalite receives from a client made by the seam, and dynalite answers it', async () => {
    // Prepare: dynalite served in memory, so that the seam gives local settings.
    const { server } = startDynalite();
    servers.push(server as unknown as Server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    serveInProcess(server as unknown as Server);
    const received: (string | undefined)[] = [];
    server.on('request', (incoming: { headers: Record<string, string | undefined> }) => received.push(incoming.headers.authorization));
    const client = new DynamoDBClient(
      withLocalTransport({
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        region: 'eu-west-2',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    );

    // Act
    const answer = await client.send(new ListTablesCommand({}));
    client.destroy();

    // Assess
    expect(answer.TableNames).toEqual([]);
    expect(received).toEqual([expect.stringMatching(/^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/[a-z0-9-]+\/[a-z0-9-]+\/aws4_request, SignedHeaders=host;x-amz-date, Signature=0{64}$/)]);
  });
});
