/**
 * An in-memory DynamoDB table that the repository talks to without HTTP or the SDK's request pipeline: the
 * document-level commands it sends (lib-dynamodb Get, Put, Update, Delete, Query, BatchWrite) are marshalled and
 * handed to dynalite's own validation and actions in this process. The semantics are dynalite's, the same code the
 * HTTP endpoint runs (conditional writes, ConditionalCheckFailedException, sparse GSIs, pagination): only the
 * transport is gone, which is most of the cost of a simulated year (the SDK client path and HTTP were over half
 * of its CPU). Used by the bench's national year; adapter and end-to-end tests keep dynalite over HTTP.
 */
import { createRequire } from 'node:module';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall, type NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type { DocumentStore } from '../../functions/adapters/repository';

type Callback = (error: DynaliteError | null, data?: Record<string, unknown>) => void;
interface DynaliteError extends Error {
  statusCode?: number;
  body?: { __type?: string; message?: string };
}
type Action = (store: unknown, data: Record<string, unknown>, callback: Callback) => void;
interface ActionValidation {
  types: unknown;
  custom?: unknown;
}

// dynalite ships no types; these are its internal modules, as its HTTP handler (dynalite/index.js) calls them.
const require = createRequire(import.meta.url);
const db = require('dynalite/db') as { create(options: Record<string, unknown>): unknown };
const validations = require('dynalite/validations') as {
  checkTypes(data: unknown, types: unknown): Record<string, unknown>;
  checkValidations(data: unknown, types: unknown, custom: unknown, store: unknown): void;
};
const OPERATIONS = ['createTable', 'describeTable', 'getItem', 'putItem', 'updateItem', 'deleteItem', 'query', 'batchWriteItem'] as const;
type Operation = (typeof OPERATIONS)[number];
const actions = Object.fromEntries(
  OPERATIONS.map((operation) => [
    operation,
    { run: require(`dynalite/actions/${operation}`) as Action, validation: require(`dynalite/validations/${operation}`) as ActionValidation },
  ]),
) as Record<Operation, { run: Action; validation: ActionValidation }>;

/** A DynamoDB error as the SDK raises it: `name` is the exception type (ConditionalCheckFailedException, ...). */
class InMemoryDynamoDbError extends Error {
  constructor(type: string, message: string) {
    super(message);
    this.name = type;
  }
}

type Native = Record<string, NativeAttributeValue>;
const MARSHALL = { removeUndefinedValues: true } as const;

const toItem = (value: Native | undefined) => (value === undefined ? undefined : marshall(value, MARSHALL));
const fromItem = (value: unknown) => (value === undefined ? undefined : unmarshall(value as never));

/** Which lib-dynamodb command this is, by its class name (GetCommand → getItem). */
const OPERATION_OF: Record<string, Operation> = {
  GetCommand: 'getItem',
  PutCommand: 'putItem',
  UpdateCommand: 'updateItem',
  DeleteCommand: 'deleteItem',
  QueryCommand: 'query',
  BatchWriteCommand: 'batchWriteItem',
};

function marshallInput(operation: Operation, input: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = { ...input };
  for (const field of ['Item', 'Key', 'ExclusiveStartKey', 'ExpressionAttributeValues'] as const) {
    if (data[field] !== undefined) data[field] = toItem(data[field] as Native);
  }
  if (operation === 'batchWriteItem') {
    const requests = input.RequestItems as Record<string, { PutRequest?: { Item: Native }; DeleteRequest?: { Key: Native } }[]>;
    data.RequestItems = Object.fromEntries(
      Object.entries(requests).map(([table, list]) => [
        table,
        list.map((request) =>
          request.PutRequest ? { PutRequest: { Item: toItem(request.PutRequest.Item) } } : { DeleteRequest: { Key: toItem(request.DeleteRequest!.Key) } },
        ),
      ]),
    );
  }
  return data;
}

function unmarshallOutput(operation: Operation, output: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...output };
  for (const field of ['Item', 'Attributes', 'LastEvaluatedKey'] as const) {
    if (result[field] !== undefined) result[field] = fromItem(result[field]);
  }
  if (Array.isArray(result.Items)) result.Items = result.Items.map(fromItem);
  if (operation === 'batchWriteItem' && result.UnprocessedItems) {
    const unprocessed = result.UnprocessedItems as Record<string, { PutRequest?: { Item: unknown }; DeleteRequest?: { Key: unknown } }[]>;
    result.UnprocessedItems = Object.fromEntries(
      Object.entries(unprocessed).map(([table, list]) => [
        table,
        list.map((request) =>
          request.PutRequest ? { PutRequest: { Item: fromItem(request.PutRequest.Item) } } : { DeleteRequest: { Key: fromItem(request.DeleteRequest!.Key) } },
        ),
      ]),
    );
  }
  return result;
}

export class InMemoryDynamoDb {
  private readonly store = db.create({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });

  /** The document-level client the repository takes (`new InspectionRepository({ documents })`). */
  readonly documents: DocumentStore = {
    send: ((command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const operation = OPERATION_OF[command.constructor.name];
      if (!operation) return Promise.reject(new Error(`the in-memory table does not support ${command.constructor.name}`));
      return this.call(operation, marshallInput(operation, command.input)).then((output) => unmarshallOutput(operation, output));
    }) as DocumentStore['send'],
  };

  /** Runs one DynamoDB operation as dynalite's HTTP handler does, minus HTTP. */
  call(operation: Operation, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { run, validation } = actions[operation];
    return new Promise((resolve, reject) => {
      const fail = (error: DynaliteError) => {
        if (!error.statusCode) return reject(error);
        const type = (error.body?.__type ?? 'InternalServerError').split('#').pop()!;
        reject(new InMemoryDynamoDbError(type, error.body?.message ?? type));
      };
      let data: Record<string, unknown>;
      try {
        // `input` is freshly marshalled: checkTypes may rewrite it in place.
        data = validations.checkTypes(input, validation.types);
        validations.checkValidations(data, validation.types, validation.custom, this.store);
      } catch (error) {
        fail(error as DynaliteError);
        return;
      }
      run(this.store, data, (error, output) => (error ? fail(error) : resolve(output ?? {})));
    });
  }

  /** Creates a table and resolves once it is ACTIVE (dynalite answers CREATING and flips it on a 0 ms timer). */
  async createTable(input: CreateTableCommandInput): Promise<void> {
    await this.call('createTable', JSON.parse(JSON.stringify(input)) as Record<string, unknown>);
    for (let turn = 0; turn < 1000; turn += 1) {
      const { Table: table } = (await this.call('describeTable', { TableName: input.TableName })) as { Table?: { TableStatus?: string } };
      if (table?.TableStatus === 'ACTIVE') return;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error(`table ${input.TableName} did not become ACTIVE`);
  }
}
