/**
 * The operations notifier: tells the people who run the service that something needs them (a step that keeps
 * failing, SES or DynamoDB down), through SNS, a channel that does not depend on SES. The topic is OPS_TOPIC_ARN;
 * its subscriptions (an operations mailbox, a pager) are set on the topic, not here. A notice carries identifiers
 * and error names only: never a name, an address or a child's initials.
 */
import type { SNSClient } from '@aws-sdk/client-sns';
import { logger } from '../middleware/logger';
import { config } from './config';
import { resetOnNewContainer } from './container';
import { withLocalTransport } from './sdk-transport';

export interface OperationsNotice {
  /** At most 100 characters (SNS's limit for email subscriptions); longer is cut. */
  subject: string;
  message: string;
  /** Identifiers for the log line when no topic is configured. */
  inspectionId?: string;
  process?: string;
}

export interface OperationsNotifierDependencies {
  sns: SNSClient;
  topicArn: string | undefined;
}

/** The container's SNS client, created on first use: importing this module builds nothing. */
/** The SDK module, loaded on first use (a dynamic import): most runs never publish a notice. */
let sdk: Promise<typeof import('@aws-sdk/client-sns')> | undefined;
const snsSdk = () => (sdk ??= import('@aws-sdk/client-sns'));
let sns: SNSClient | undefined;
resetOnNewContainer(() => {
  sns?.destroy();
  sns = undefined;
});
const snsClient = async () => {
  const { SNSClient } = await snsSdk();
  return (sns ??= new SNSClient(withLocalTransport({ maxAttempts: 4, requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true } })));
};

/** Publishes the notice; `published: false` when no topic is configured (the notice is then a log line at error level). */
export async function notifyOperations(
  notice: OperationsNotice,
  dependencies: Partial<OperationsNotifierDependencies> = {},
): Promise<{ published: boolean; messageId?: string }> {
  const topicArn = 'topicArn' in dependencies ? dependencies.topicArn : config.opsTopicArn;
  if (!topicArn) {
    logger.error('operations notice not published: OPS_TOPIC_ARN is not set', {
      ...(notice.inspectionId ? { inspectionId: notice.inspectionId } : {}),
      ...(notice.process ? { process: notice.process } : {}),
    });
    return { published: false };
  }
  const { PublishCommand } = await snsSdk();
  const sent = await (dependencies.sns ?? (await snsClient())).send(
    new PublishCommand({ TopicArn: topicArn, Subject: notice.subject.slice(0, 100), Message: notice.message }),
  );
  return { published: true, ...(sent.MessageId ? { messageId: sent.MessageId } : {}) };
}
