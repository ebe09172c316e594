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

/** What functions/adapters/repository.ts calls (GetCommand, QueryCommand; PutCommand, UpdateCommand). */
const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:DescribeTable'] as const;
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem'] as const;

export class InspectionTable extends Construct {
  readonly table: dynamodb.Table;
  private readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: { key: kms.IKey }) {
    super(scope, id);
    this.key = props.key;
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

  /**
   * Lets a function read the table (and its indexes) with the calls the repository makes, and tells it the table's
   * name (TABLE_NAME): the grant and the name go together. No Scan: the repository never scans.
   */
  grantRead(fn: lambda.Function): void {
    this.table.grant(fn, ...READ_ACTIONS);
    this.key.grantDecrypt(fn);
    fn.addEnvironment(VARIABLE_OF.tableName, this.table.tableName);
  }

  /** Lets a function read, put and update items (never delete or batch-write), and tells it the table's name. */
  grantReadWrite(fn: lambda.Function): void {
    this.table.grant(fn, ...READ_ACTIONS, ...WRITE_ACTIONS);
    this.key.grantEncryptDecrypt(fn);
    fn.addEnvironment(VARIABLE_OF.tableName, this.table.tableName);
  }

  /** Lets a function delete items: only the handlers that clear a task token once its wait is answered. */
  grantDelete(fn: lambda.Function): void {
    this.table.grant(fn, 'dynamodb:DeleteItem');
  }
}
