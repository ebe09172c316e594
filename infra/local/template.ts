/**
 * From the CDK app to runnable ASL: synthesize the real stack (bundling skipped), resolve the intrinsic functions
 * in each state machine's DefinitionString with local ARNs, and map every Lambda back to its handler id.
 * The local runtime and the execution tests run exactly these definitions. Synthesis itself (aws-cdk-lib) is in
 * synthesize.ts, loaded only when template-cache.ts has no template for the current sources.
 */
import { HANDLER_METADATA_KEY } from '../constructs/handler-metadata';

export const LOCAL_REGION = 'eu-west-2';
export const LOCAL_ACCOUNT = '000000000000';

export const localLambdaArn = (functionName: string) =>
  `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${functionName}`;
export const localStateMachineArn = (name: string) =>
  `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;
export const localExecutionArn = (stateMachineName: string, executionName: string) =>
  `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:execution:${stateMachineName}:${executionName}`;

interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
}

export interface LocalStateMachineDefinition {
  /** The state machine's name, e.g. `sccif-inadequate`. */
  name: string;
  arn: string;
  definition: Record<string, unknown>;
}

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'SccifWorkflows',
};

/** Resolves Fn::Join, Ref (pseudo-parameters included), Fn::GetAtt and Fn::Sub with local names and ARNs. */
export function resolveIntrinsics(value: unknown, template: CfnTemplate): unknown {
  const resolve = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(resolve);
    if (node === null || typeof node !== 'object') return node;
    const entries = Object.entries(node as Record<string, unknown>);
    if (entries.length === 1) {
      const [[key, argument]] = entries as [[string, unknown]];
      if (key === 'Ref') return ref(String(argument));
      if (key === 'Fn::GetAtt') {
        const [logicalId, attribute] = argument as [string, string];
        return getAtt(logicalId, attribute);
      }
      if (key === 'Fn::Join') {
        const [separator, parts] = argument as [string, unknown[]];
        return parts.map((part) => String(resolve(part))).join(separator);
      }
      if (key === 'Fn::Sub') {
        const [text, variables] = (typeof argument === 'string' ? [argument, {}] : argument) as [string, Record<string, unknown>];
        return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
          if (name in variables) return String(resolve(variables[name]));
          const [logicalId, attribute] = name.split('.') as [string, string | undefined];
          return String(attribute ? getAtt(logicalId, attribute) : ref(logicalId));
        });
      }
    }
    return Object.fromEntries(entries.map(([key, child]) => [key, resolve(child)]));
  };

  const ref = (logicalId: string): string => {
    const pseudo = PSEUDO_PARAMETERS[logicalId];
    if (pseudo) return pseudo;
    const resource = template.Resources[logicalId];
    if (!resource) throw new Error(`Ref to unknown resource ${logicalId}`);
    if (resource.Type === 'AWS::Lambda::Function') return functionName(logicalId);
    if (resource.Type === 'AWS::StepFunctions::StateMachine') return localStateMachineArn(stateMachineName(logicalId));
    if (resource.Type === 'AWS::SNS::Topic') return `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${logicalId}`;
    if (resource.Type === 'AWS::Scheduler::ScheduleGroup') return String(resource.Properties?.Name ?? logicalId);
    return logicalId;
  };

  const getAtt = (logicalId: string, attribute: string): string => {
    const resource = template.Resources[logicalId];
    if (!resource) throw new Error(`Fn::GetAtt of unknown resource ${logicalId}`);
    if (resource.Type === 'AWS::Lambda::Function' && attribute === 'Arn') return localLambdaArn(functionName(logicalId));
    if (resource.Type === 'AWS::StepFunctions::StateMachine' && attribute === 'Name') return stateMachineName(logicalId);
    if (resource.Type === 'AWS::StepFunctions::StateMachine' && attribute === 'Arn') {
      return localStateMachineArn(stateMachineName(logicalId));
    }
    if (resource.Type === 'AWS::IAM::Role' && attribute === 'Arn') return `arn:aws:iam::${LOCAL_ACCOUNT}:role/${logicalId}`;
    if (resource.Type === 'AWS::SQS::Queue' && attribute === 'Arn') return `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${logicalId}`;
    if (resource.Type === 'AWS::Scheduler::ScheduleGroup' && attribute === 'Name') return String(resource.Properties?.Name ?? logicalId);
    return `${logicalId}.${attribute}`;
  };

  const functionName = (logicalId: string): string => {
    const handlerId = template.Resources[logicalId]?.Metadata?.[HANDLER_METADATA_KEY];
    if (typeof handlerId !== 'string') throw new Error(`Lambda ${logicalId} has no ${HANDLER_METADATA_KEY} metadata`);
    return handlerId;
  };

  const stateMachineName = (logicalId: string): string => {
    const name = template.Resources[logicalId]?.Properties?.StateMachineName;
    if (typeof name !== 'string') throw new Error(`state machine ${logicalId} has no StateMachineName`);
    return name;
  };

  return resolve(value);
}

/** Every state machine of the template as plain ASL with local ARNs. */
export function localStateMachines(template: CfnTemplate): LocalStateMachineDefinition[] {
  return Object.values(template.Resources)
    .filter((resource) => resource.Type === 'AWS::StepFunctions::StateMachine')
    .map((resource) => {
      const name = resource.Properties?.StateMachineName;
      if (typeof name !== 'string') throw new Error('a state machine has no StateMachineName');
      const definitionString = resolveIntrinsics(resource.Properties?.DefinitionString, template);
      if (typeof definitionString !== 'string') throw new Error(`${name}: DefinitionString did not resolve to text`);
      return { name, arn: localStateMachineArn(name), definition: JSON.parse(definitionString) as Record<string, unknown> };
    });
}
