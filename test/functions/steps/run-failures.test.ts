/**
 * record-run-failure: a run of one of our state machines failed, timed out or was stopped (EventBridge, Step Functions
 * execution status change). The inspection is marked failed and operations are told through SNS, never SES.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repository } from '../../../functions/adapters/repository';
import { handler as recordRunFailure } from '../../../functions/steps/record-run-failure';
import { context, inadequateFullInspection, personalDataIn, stored, useStepEnvironment } from './step-harness';

const TOPIC = 'arn:aws:sns:eu-west-2:111111111111:sccif-operations';
const sns = mockClient(SNSClient);
const ses = mockClient(SESv2Client);
// Restored after the file: the next file in this worker may mock the same client (vitest.config.ts, shared).
afterAll(() => {
  sns.restore();
  ses.restore();
});

beforeAll(() => {
  process.env.OPS_TOPIC_ARN = TOPIC;
});
useStepEnvironment({ now: '2027-01-05T10:00:00Z', sfn: sns });

/** The event EventBridge delivers (with fields AWS adds that the handler does not use). */
function statusChange(inspectionId: string, status: 'FAILED' | 'TIMED_OUT' | 'ABORTED', process = 'inadequate') {
  const name = `${inspectionId}--${process}`;
  return {
    version: '0',
    id: 'run-1',
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: '111111111111',
    time: '2027-01-05T10:00:00Z',
    region: 'eu-west-2',
    resources: [`arn:aws:states:eu-west-2:111111111111:execution:sccif-${process}:${name}`],
    detail: {
      executionArn: `arn:aws:states:eu-west-2:111111111111:execution:sccif-${process}:${name}`,
      stateMachineArn: `arn:aws:states:eu-west-2:111111111111:stateMachine:sccif-${process}`,
      name,
      status,
      startDate: 1767261600000,
      stopDate: 1767607200000,
      input: JSON.stringify({ inspectionId, alertLocalAuthorities: true }),
      output: null,
      error: status === 'TIMED_OUT' ? 'States.Timeout' : null,
      cause: null,
    },
  };
}

function notices() {
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  return () => sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
}

describe('record-run-failure', () => {
  it('marks the inspection failed when its run times out, and tells operations through the topic, not by email', async () => {
    const published = notices();
    const record = await stored(inadequateFullInspection());

    const output = await recordRunFailure(statusChange(record.id, 'TIMED_OUT'), context);

    expect(output).toEqual({ inspectionId: record.id, process: 'inadequate', markedFailed: true, notified: true });
    expect((await repository().requireInspection(record.id)).status).toBe('failed');
    const audit = await repository().listAudit(record.id);
    expect(audit.map(({ event, detail }) => ({ event, detail }))).toEqual([
      { event: 'workflow-failed', detail: { process: 'inadequate', error: 'States.Timeout' } },
    ]);
    const [notice, ...more] = published();
    expect(more).toEqual([]);
    expect(notice).toMatchObject({ TopicArn: TOPIC, Subject: 'SCCIF Workflows: inadequate run timed out' });
    expect(notice!.Message).toContain(`Inspection: ${record.id} (now marked failed)`);
    expect(notice!.Message).toContain(':execution:sccif-inadequate:');
    expect(ses.calls()).toHaveLength(0);
    expect(personalDataIn(notice, record)).toEqual([]);
  });

  it('tells operations of a failed run already recorded by the run itself, without marking it again', async () => {
    const published = notices();
    const record = await stored(inadequateFullInspection({ status: 'failed' }));

    const output = await recordRunFailure(statusChange(record.id, 'FAILED'), context);

    expect(output).toMatchObject({ markedFailed: false, notified: true });
    expect(await repository().listAudit(record.id)).toEqual([]);
    expect(published()).toHaveLength(1);
  });

  it('still tells operations when the run’s inspection is not found', async () => {
    const published = notices();
    const output = await recordRunFailure(statusChange('insp-missing', 'ABORTED', 'rfc-inspection'), context);
    expect(output).toEqual({ inspectionId: 'insp-missing', process: 'rfc-inspection', markedFailed: false, notified: true });
    expect(published()[0]!.Message).toContain('ended ABORTED');
  });

  it('refuses a status change that is not an ending, naming detail.status', async () => {
    const event = statusChange('insp-1', 'FAILED');
    await expect(recordRunFailure({ ...event, detail: { ...event.detail, status: 'SUCCEEDED' } }, context)).rejects.toMatchObject({
      name: 'ValidationError',
      errors: [{ field: 'detail.status' }],
    });
  });
});
