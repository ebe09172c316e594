/**
 * The Step Functions API (AWS JSON 1.0 protocol) over the local engine, on loopback. Handlers keep their real
 * SFNClient; the local runtime only sets AWS_ENDPOINT_URL_SFN to this server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StepFunctionsPort } from '../../functions/adapters/workflows';
import type { LocalStepFunctions } from './engine';
import { outsideHandler } from './virtual-clock';

type Operation = (body: Record<string, unknown>) => unknown;

export function stepFunctionsApi(engine: LocalStepFunctions): Record<string, Operation> {
  const describe = (arn: string) => {
    const execution = engine.execution(arn);
    return {
      executionArn: execution.executionArn,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: execution.startDate.getTime() / 1000,
      ...(execution.stopDate ? { stopDate: execution.stopDate.getTime() / 1000 } : {}),
      input: execution.input,
      ...(execution.output !== undefined ? { output: execution.output } : {}),
      ...(execution.error ? { error: execution.error, cause: execution.cause ?? '' } : {}),
    };
  };
  return {
    StartExecution: (body) => {
      const started = engine.startExecution({
        stateMachineArn: String(body.stateMachineArn),
        name: body.name === undefined ? undefined : String(body.name),
        input: body.input === undefined ? undefined : String(body.input),
      });
      return { executionArn: started.executionArn, startDate: started.startDate.getTime() / 1000 };
    },
    DescribeExecution: (body) => describe(String(body.executionArn)),
    StopExecution: (body) => {
      engine.stopExecution(String(body.executionArn));
      return { stopDate: Date.now() / 1000 };
    },
    ListExecutions: (body) => ({
      executions: engine
        .listExecutions(body.stateMachineArn === undefined ? undefined : String(body.stateMachineArn))
        .map((execution) => ({
          executionArn: execution.executionArn,
          stateMachineArn: execution.stateMachineArn,
          name: execution.name,
          status: execution.status,
          startDate: execution.startDate.getTime() / 1000,
        })),
    }),
    SendTaskSuccess: (body) => {
      engine.sendTaskSuccess(String(body.taskToken), String(body.output));
      return {};
    },
    SendTaskFailure: (body) => {
      engine.sendTaskFailure(String(body.taskToken), body.error === undefined ? undefined : String(body.error), String(body.cause ?? ''));
      return {};
    },
  };
}

/** Serves the API on 127.0.0.1; resolves with the server and its URL. */
export async function startStepFunctionsServer(engine: LocalStepFunctions, port = 0): Promise<{ server: Server; url: string }> {
  const operations = stepFunctionsApi(engine);
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = operations[target.replace(/^AWSStepFunctions\./, '')];
      const reply = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify(payload));
      };
      if (!operation) return reply(400, { __type: 'UnknownOperationException', message: `unsupported: ${target}` });
      try {
        const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
        reply(200, operation(body));
      } catch (error) {
        const { name, message } = error as Error;
        reply(400, { __type: name, message });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${bound}` };
}

/**
 * The same API as an SDK client's `send`, without HTTP: the workflow client of the local runtime's simulated year
 * (`new WorkflowClient({ client })`). The engine's errors keep their AWS names (ExecutionAlreadyExists,
 * InvalidToken, ...), which is what the workflow client reads.
 */
export function inProcessStepFunctions(engine: LocalStepFunctions): StepFunctionsPort {
  const operations = stepFunctionsApi(engine);
  const send = async (command: { constructor: { name: string }; input: object }) => {
    const name = command.constructor.name.replace(/Command$/, '');
    const operation = operations[name];
    if (!operation) throw new Error(`the in-process Step Functions API does not support ${name}`);
    return outsideHandler(() => operation({ ...command.input }));
  };
  return { send: send as StepFunctionsPort['send'] };
}
