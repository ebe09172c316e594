/**
 * A process's state machine: Standard, logged, traced, encrypted with the customer-managed key, and published as a
 * version behind the `live` alias. Executions start on the alias, so running executions keep the definition they
 * started with while a deploy publishes the next version.
 */
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { LONGEST_RUN_DAYS } from '../../functions/core/long-clocks';

export const ALIAS_NAME = 'live';

export function stateMachineName(processId: string): string {
  return `sccif-${processId}`;
}

/** The ARN of a process's state machine (`…:stateMachine:<name>`), built from names so it creates no dependency. */
export function stateMachineArn(scope: Construct, processId: string): string {
  return Stack.of(scope).formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: stateMachineName(processId),
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** The alias ARN of a process's state machine (`…:stateMachine:<name>:live`). */
/** The ARNs of every execution of a process's state machine (`…:execution:<name>:*`): their names are only known at run time. */
export function executionsArn(scope: Construct, processId: string): string {
  return Stack.of(scope).formatArn({
    service: 'states',
    resource: 'execution',
    resourceName: `${stateMachineName(processId)}:*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

export function aliasArn(scope: Construct, processId: string): string {
  return `${stateMachineArn(scope, processId)}:${ALIAS_NAME}`;
}

export interface WorkflowProps {
  processId: string;
  key: kms.IKey;
  build: (scope: Construct) => sfn.IChainable;
}

export class Workflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly alias: sfn.CfnStateMachineAlias;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      // Step Functions needs the /aws/vendedlogs/ prefix to avoid the resource-policy size limit.
      logGroupName: `/aws/vendedlogs/states/${stateMachineName(props.processId)}`,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
      encryptionKey: props.key,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: stateMachineName(props.processId),
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(props.build(this)),
      // AWS ends a Standard run after a year at most: a longer wait is a long clock (functions/core/long-clocks.ts),
      // so no run waits that long; the declared timeout bounds a stuck one within the limit.
      timeout: Duration.days(LONGEST_RUN_DAYS),
      tracingEnabled: true,
      // Execution data stays out of the logs: payloads hold inspection ids only, but errors may quote input.
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      encryptionConfiguration: new sfn.CustomerManagedEncryptionConfiguration(props.key, Duration.minutes(5)),
    });
    const version = new sfn.CfnStateMachineVersion(this, 'Version', {
      stateMachineArn: this.stateMachine.stateMachineArn,
      stateMachineRevisionId: this.stateMachine.stateMachineRevisionId,
      description: `${props.processId} as deployed`,
    });
    this.alias = new sfn.CfnStateMachineAlias(this, 'Alias', {
      name: ALIAS_NAME,
      description: `Current version of ${props.processId}`,
      routingConfiguration: [{ stateMachineVersionArn: version.attrArn, weight: 100 }],
    });
  }
}
