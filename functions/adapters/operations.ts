/**
 * The operations notifier: notices to the people who run the service (a run failed, an email could not be sent for a
 * day) published to the operations topic (SNS, OPS_TOPIC_ARN). It does not depend on SES, so it works when email is
 * what has failed. Notices carry our identifiers only: never a name, an address or a child's initials.
 *
 * At least once: SNS has no idempotency token, and a retried step may publish the same notice again. A duplicate
 * notice to operators is harmless; a lost one is not.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { config } from './config';

export interface OperationsNotice {
  /** One line; SNS email subjects hold at most 100 characters. */
  subject: string;
  message: string;
}

const sns = new SNSClient({ maxAttempts: 4 });

export class OperationsNotifier {
  constructor(
    private readonly client: SNSClient = sns,
    private readonly topicArn: () => string = () => config.opsTopicArn,
  ) {}

  async notify({ subject, message }: OperationsNotice): Promise<{ messageId: string | undefined }> {
    const published = await this.client.send(
      new PublishCommand({ TopicArn: this.topicArn(), Subject: subject.replace(/\s+/g, ' ').slice(0, 100), Message: message }),
    );
    return { messageId: published.MessageId };
  }
}

let defaultNotifier: OperationsNotifier | undefined;

/** The container's notifier over the module SNS client and OPS_TOPIC_ARN. */
export function operations(): OperationsNotifier {
  defaultNotifier ??= new OperationsNotifier();
  return defaultNotifier;
}
