import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, describe, expect, it } from 'vitest';
import { startSesServer, type LocalSesServer } from '../../infra/local/ses-server';

const email = (subject: string) =>
  new SendEmailCommand({
    FromEmailAddress: 'no-reply@ofsted.local',
    Destination: { ToAddresses: ['dcs@la.local'] },
    Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: 'body' } } } },
  });

describe('the local SES server loads its package on first use', () => {
  let ses: LocalSesServer;
  afterAll(async () => {
    ses.server.closeAllConnections();
    await new Promise((resolve) => ses.server.close(resolve));
  });

  it('delivers each email sent before the package is loaded, once', async () => {
    ses = await startSesServer(0);
    const client = new SESv2Client({ region: 'eu-west-2', endpoint: ses.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    // Both arrive while the package is loading: each waits for it, neither is lost.
    const sent = await Promise.all([client.send(email('first')), client.send(email('second'))]);
    client.destroy();
    const { emails } = (await (await fetch(`${ses.url}/store`)).json()) as { emails: { messageId: string; subject: string }[] };
    expect(emails.map((stored) => stored.subject).sort()).toEqual(['first', 'second']);
    expect(emails.map((stored) => stored.messageId).sort()).toEqual(sent.map((answer) => answer.MessageId).sort());
  });

  it('answers GET /store before anything reached it as the package answers for an empty inbox, without waiting for it', async () => {
    const fresh = await startSesServer(0);
    try {
      const early = await fetch(`${fresh.url}/store`);
      const earlyBody = await early.text();
      await fresh.load();
      const loaded = await fetch(`${fresh.url}/store`);
      expect(early.status).toBe(200);
      expect(early.headers.get('content-type')).toBe(loaded.headers.get('content-type'));
      expect(JSON.parse(earlyBody)).toEqual(await loaded.json());
      expect(JSON.parse(earlyBody)).toEqual({ templates: {}, emails: [] });
    } finally {
      fresh.server.closeAllConnections();
      await new Promise((resolve) => fresh.server.close(resolve));
    }
  });

  it('answers after being warmed, as often as it is warmed', async () => {
    await ses.load();
    await ses.load();
    expect((await fetch(`${ses.url}/health-check`)).status).toBe(200);
  });
});
