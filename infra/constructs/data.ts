/**
 * The inspection record store: one DynamoDB table (single-table design) encrypted with a customer-managed key,
 * point-in-time recovery and deletion protection on.
 *
 * Items (pk / sk):
 *   INSPECTION#<id> / INSPECTION        the inspection (anchors, actual dates, outcome, follow-ups); GSI1 lists them
 *   INSPECTION#<id> / EMAIL#<duty>#<to> outbox item: one per (inspection, duty, recipient); GSI2 maps SES message ids
 *   INSPECTION#<id> / CALL#<at>#<la>    phone call to a local authority
 *   INSPECTION#<id> / AUDIT#<at>#<n>    audit event
 *   APPROVAL#<id>   / APPROVAL          approval with its task token; GSI1 holds the pending queue
 *   REFERENCE       / LA#<code>         local authority and DCS contact (reference data)
 *   SESSION#<hash>  / SESSION           a web sign-in session (functions/adapters/sessions.ts); expires by TTL
 *   USER#<sub>      / SESSIONS          a user's open sessions (bounded)
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { VARIABLE_OF } from '../../functions/adapters/config';

export class InspectionTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: { key: kms.IKey }) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Sign-in sessions carry their end (epoch seconds); DynamoDB deletes them some time after it.
      timeToLiveAttribute: 'expiresAt',
    });
    for (const index of ['gsi1', 'gsi2']) {
      this.table.addGlobalSecondaryIndex({
        indexName: index,
        partitionKey: { name: `${index}pk`, type: dynamodb.AttributeType.STRING },
        sortKey: { name: `${index}sk`, type: dynamodb.AttributeType.STRING },
      });
    }
  }

  /** Lets a function read the table, and tells it the table's name (TABLE_NAME): the grant and the name go together. */
  grantRead(fn: lambda.Function): void {
    this.table.grantReadData(fn);
    fn.addEnvironment(VARIABLE_OF.tableName, this.table.tableName);
  }

  /** Lets a function read and write the table, and tells it the table's name (TABLE_NAME). */
  grantReadWrite(fn: lambda.Function): void {
    this.table.grantReadWriteData(fn);
    fn.addEnvironment(VARIABLE_OF.tableName, this.table.tableName);
  }
}
