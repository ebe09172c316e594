/**
 * Email: an SES identity and a configuration set whose delivery, bounce and complaint events reach the
 * record-email-event handler (through EventBridge), so the notifications ledger shows each recipient's status.
 */
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { VARIABLE_OF } from '../../functions/adapters/config';

export class Mail extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;

  private readonly fromAddress: string;

  constructor(scope: Construct, id: string, props: { fromAddress: string }) {
    super(scope, id);
    this.fromAddress = props.fromAddress;
    const domain = props.fromAddress.split('@')[1];
    if (!domain) throw new Error(`mail: "${props.fromAddress}" is not an email address`);
    this.identity = new ses.EmailIdentity(this, 'Identity', { identity: ses.Identity.domain(domain) });
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
    });
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: ses.EventDestination.eventBus(events.EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [
        ses.EmailSendingEvent.SEND,
        ses.EmailSendingEvent.DELIVERY,
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.REJECT,
      ],
    });
  }

  /**
   * Lets a function send through the identity and the configuration set, and tells it the address to send from
   * (MAIL_FROM) and the configuration set (MAIL_CONFIGURATION_SET): the grant and the names go together.
   */
  grantSend(fn: lambda.Function): void {
    fn.addEnvironment(VARIABLE_OF.mailFrom, this.fromAddress);
    fn.addEnvironment(VARIABLE_OF.mailConfigurationSet, this.configurationSet.configurationSetName);
    this.identity.grantSendEmail(fn);
    // SES v2 also authorises the configuration set; ConfigurationSet has no grant method, so this names its ARN.
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          Stack.of(this).formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: this.configurationSet.configurationSetName,
          }),
        ],
      }),
    );
  }

  /**
   * Routes this configuration set's events to the handler that records them. Events EventBridge could not deliver
   * after its retries wait in `deadLetters` (an alarmed dead-letter queue) instead of being lost.
   */
  deliverEventsTo(fn: lambda.IFunction, deadLetters: sqs.IQueue): void {
    new events.Rule(this, 'EmailEvents', {
      description: 'SES sending events of the SCCIF configuration set',
      eventPattern: {
        source: ['aws.ses'],
        detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } } },
      },
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 8, deadLetterQueue: deadLetters })],
    });
  }
}
