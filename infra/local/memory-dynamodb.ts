/**
 * An in-memory DynamoDB table on Maps, for the bench's simulated year and the handler and workflow tests: the repository (functions/adapters/repository.ts)
 * talks to it through its injectable document store (`new InspectionRepository({ documents })`), sending the same
 * lib-dynamodb commands it sends to DynamoDB (Get, Put, Update, Delete, Query, BatchWrite). Items are kept as the
 * document client sees them (plain values, copied in and out); expressions are parsed once per distinct text
 * (dynamodb-expressions.ts).
 *
 * The contract is DynamoDB's, checked by running the repository's contract tests (test/adapters/repository.test.ts) on
 * this table and on dynalite over HTTP: conditional writes (ConditionalCheckFailedException, nothing written), update
 * expressions applied to the item as it was (a nested SET needs its parent map, key attributes cannot change, paths
 * may not overlap), unused or undefined expression names and values refused, sparse GSIs, key order (UTF-8) and
 * pagination (LastEvaluatedKey once Limit is reached), projection expressions of attributes and map paths, the 400 KB
 * item limit. What it does not support (scans, filter expressions, projected list elements, transactions: the
 * repository uses none) is refused with an error, never guessed. A table's items can be snapshotted and put back (a
 * test's fresh start). Adapter, fuzz, reliability and end-to-end tests keep dynalite over HTTP.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { DocumentStore } from '../../functions/adapters/repository';
import {
  Bindings,
  DynamoDbError,
  compareStrings,
  evaluate,
  parseCondition,
  parseProjection,
  parseUpdate,
  project,
  resolveUpdateValue,
  validation,
  valueAt,
  type Condition,
  type Item,
  type UpdateAction,
  type Value,
} from './dynamodb-expressions';

/** DynamoDB's item size limit. */
const MAX_ITEM_BYTES = 400 * 1024;

interface KeySchema {
  hash: string;
  range?: string;
}

interface Index extends KeySchema {
  name: string;
  /** Index partition → (table key → item). */
  partitions: Map<string, Map<string, Item>>;
}

interface Table {
  name: string;
  key: KeySchema;
  /** Attribute types of the key attributes (table and indexes): S, N or B. */
  types: Record<string, string>;
  /** Partition → (sort key → item). Items are never changed in place: a write stores a new object. */
  partitions: Map<string, Map<string, Item>>;
  indexes: Map<string, Index>;
}

type KeyValue = string | number | Uint8Array;

function keyText(value: Value): string {
  return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : String(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Values in and out, as the document client (marshall with removeUndefinedValues, unmarshall) would give them

/** A stored copy of a value written: undefined and functions dropped from maps and lists, as marshall does. */
function storedCopy(value: Value): Value {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`Special numeric value ${value} is not allowed`);
      if (value > Number.MAX_SAFE_INTEGER || value < Number.MIN_SAFE_INTEGER) throw new Error(`Number ${value} is outside the safe integer range`);
      return value;
    case 'bigint':
      return Number(value);
    case 'object': {
      if (Array.isArray(value)) return value.filter((element) => element !== undefined && typeof element !== 'function').map(storedCopy);
      if (value instanceof Set) {
        if (value.size === 0) throw validation('One or more parameter values were invalid: An string set  may not be empty');
        return new Set(value);
      }
      if (value instanceof Uint8Array) return Uint8Array.from(value);
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype !== Object.prototype && prototype !== null) {
        throw new Error(`Unsupported type passed: ${String(value)}. Pass options.convertClassInstanceToMap=true to marshall typeof object as map attribute.`);
      }
      const copy: Item = {};
      for (const [key, element] of Object.entries(value as Item)) {
        if (element !== undefined && typeof element !== 'function') copy[key] = storedCopy(element);
      }
      return copy;
    }
    default:
      throw new Error(`Unsupported type passed: ${String(value)}`);
  }
}

/** A copy handed out: callers may change what they read without changing the table. */
function copyOut(value: Value): Value {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyOut);
  if (value instanceof Set) return new Set(value);
  if (value instanceof Uint8Array) return Uint8Array.from(value);
  const copy: Item = {};
  for (const key in value as Item) copy[key] = copyOut((value as Item)[key]);
  return copy;
}

/** DynamoDB's item size: names and values in UTF-8, numbers about half their digits, containers 3 bytes + 1 per element. */
function sizeOf(value: Value): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(value).replace(/[-.]/g, '').length / 2) + 1;
  if (value instanceof Uint8Array) return value.length;
  if (value instanceof Set) return [...value].reduce((total: number, element) => total + sizeOf(element), 0);
  if (Array.isArray(value)) return value.reduce((total: number, element) => total + 1 + sizeOf(element), 3);
  let total = 3;
  for (const [key, element] of Object.entries(value as Item)) total += Buffer.byteLength(key) + 1 + sizeOf(element);
  return total;
}

function itemSize(item: Item): number {
  let total = 0;
  for (const [key, element] of Object.entries(item)) total += Buffer.byteLength(key) + sizeOf(element);
  return total;
}

// ---------------------------------------------------------------------------------------------------------------
// The table

interface Command {
  constructor: { name: string };
  input: Record<string, unknown>;
}

type Output = Record<string, unknown>;

/** A table's items at a moment, by table key (InMemoryDynamoDb#snapshot). */
export type TableSnapshot = ReadonlyMap<string, { partition: string; sort: string; item: Item }>;

export class InMemoryDynamoDb {
  private readonly tables = new Map<string, Table>();

  /** The document-level client the repository takes (`new InspectionRepository({ documents })`). */
  readonly documents: DocumentStore = {
    send: ((command: Command) => this.send(command)) as DocumentStore['send'],
  };

  /** Creates a table (its key schema and global secondary indexes; every attribute projected). */
  async createTable(input: CreateTableCommandInput): Promise<void> {
    const name = input.TableName!;
    if (this.tables.has(name)) throw new DynamoDbError('ResourceInUseException', `Table already exists: ${name}`);
    const schema = (keys: CreateTableCommandInput['KeySchema']): KeySchema => {
      const hash = keys?.find((key) => key.KeyType === 'HASH')?.AttributeName;
      if (!hash) throw validation('a key schema needs a HASH key');
      const range = keys?.find((key) => key.KeyType === 'RANGE')?.AttributeName;
      return range ? { hash, range } : { hash };
    };
    const indexes = new Map<string, Index>();
    for (const index of input.GlobalSecondaryIndexes ?? []) {
      if (index.Projection?.ProjectionType !== 'ALL') throw validation('the in-memory table projects every attribute: use ProjectionType ALL');
      indexes.set(index.IndexName!, { name: index.IndexName!, ...schema(index.KeySchema), partitions: new Map() });
    }
    if ((input.LocalSecondaryIndexes ?? []).length > 0) throw validation('the in-memory table has no local secondary indexes');
    this.tables.set(name, {
      name,
      key: schema(input.KeySchema),
      types: Object.fromEntries((input.AttributeDefinitions ?? []).map((definition) => [definition.AttributeName!, definition.AttributeType!])),
      partitions: new Map(),
      indexes,
    });
  }

  /**
   * Every item of a table now, for `restore`: the stored items themselves, since a write replaces an item and never
   * changes one in place.
   */
  snapshot(tableName: string): TableSnapshot {
    const table = this.table(tableName);
    const items = new Map<string, { partition: string; sort: string; item: Item }>();
    for (const [partition, entries] of table.partitions) for (const [sort, item] of entries) items.set(`${partition}\u0000${sort}`, { partition, sort, item });
    return items;
  }

  /**
   * Puts a table back to a snapshot of it (a test's fresh start): deletes the items the snapshot does not have, puts
   * back those missing or replaced since, with their index entries, and leaves the rest. Returns the keys of the items
   * it deleted or put back: those written since the snapshot.
   */
  restore(tableName: string, snapshot: TableSnapshot): Item[] {
    const table = this.table(tableName);
    const rewritten: Item[] = [];
    const keyOf = (item: Item) => copyOut(this.keyOfItem(table, item, 'key').key) as Item;
    // Added or replaced since: deleted, or the snapshot's item put back.
    for (const [key, { partition, sort, item }] of this.snapshot(tableName)) {
      const kept = snapshot.get(key)?.item;
      if (kept === item) continue;
      this.write(table, partition, sort, item, kept);
      rewritten.push(keyOf(item));
    }
    // Deleted since: put back.
    for (const { partition, sort, item } of snapshot.values()) {
      if (this.stored(table, partition, sort)) continue;
      this.write(table, partition, sort, undefined, item);
      rewritten.push(keyOf(item));
    }
    return rewritten;
  }

  /** Async: errors become rejections, as the SDK's are. */
  private async send(command: Command): Promise<Output> {
    const input = command.input;
    switch (command.constructor.name) {
      case 'GetCommand':
        return this.get(input);
      case 'PutCommand':
        return this.put(input);
      case 'UpdateCommand':
        return this.update(input);
      case 'DeleteCommand':
        return this.delete(input);
      case 'QueryCommand':
        return this.query(input);
      case 'BatchWriteCommand':
        return this.batchWrite(input);
      default:
        throw new Error(`the in-memory table does not support ${command.constructor.name}`);
    }
  }

  private table(name: unknown): Table {
    const table = this.tables.get(String(name));
    if (!table) throw new DynamoDbError('ResourceNotFoundException', 'Requested resource not found');
    return table;
  }

  // -- keys ---------------------------------------------------------------------------------------------------------

  private checkKeyValue(table: Table, attribute: string, value: Value, what: string): KeyValue {
    const type = table.types[attribute] ?? 'S';
    const ok =
      (type === 'S' && typeof value === 'string' && value.length > 0) ||
      (type === 'N' && typeof value === 'number') ||
      (type === 'B' && value instanceof Uint8Array && value.length > 0);
    if (!ok) throw validation(`One or more parameter values were invalid: ${what} ${attribute}: expected a non-empty value of type ${type}`);
    return value as KeyValue;
  }

  /** The table key of a Key parameter (exactly the key attributes). */
  private keyOf(table: Table, key: unknown): { partition: string; sort: string; key: Item } {
    if (typeof key !== 'object' || key === null) throw validation('The provided key element does not match the schema');
    const given = key as Item;
    const names = [table.key.hash, ...(table.key.range ? [table.key.range] : [])];
    if (Object.keys(given).length !== names.length || !names.every((name) => Object.hasOwn(given, name))) {
      throw validation('The provided key element does not match the schema');
    }
    return this.keyOfItem(table, given, 'key');
  }

  private keyOfItem(table: Table, item: Item, what: string): { partition: string; sort: string; key: Item } {
    const hash = this.checkKeyValue(table, table.key.hash, item[table.key.hash], `${what}: missing or invalid`);
    const key: Item = { [table.key.hash]: hash };
    let sort = '';
    if (table.key.range) {
      const range = this.checkKeyValue(table, table.key.range, item[table.key.range], `${what}: missing or invalid`);
      key[table.key.range] = range;
      sort = keyText(range);
    }
    return { partition: keyText(hash), sort, key };
  }

  private stored(table: Table, partition: string, sort: string): Item | undefined {
    return table.partitions.get(partition)?.get(sort);
  }

  /** Replaces (or with `next` undefined, deletes) the item at a key, and its index entries. */
  private write(table: Table, partition: string, sort: string, previous: Item | undefined, next: Item | undefined): void {
    const tableKey = `${partition}\u0000${sort}`;
    for (const index of table.indexes.values()) {
      const before = previous && this.indexPartition(table, index, previous);
      if (before !== undefined) {
        const entries = index.partitions.get(before)!;
        entries.delete(tableKey);
        if (entries.size === 0) index.partitions.delete(before);
      }
      const after = next && this.indexPartition(table, index, next);
      if (after !== undefined) {
        let entries = index.partitions.get(after);
        if (!entries) index.partitions.set(after, (entries = new Map()));
        entries.set(tableKey, next!);
      }
    }
    let items = table.partitions.get(partition);
    if (next) {
      if (!items) table.partitions.set(partition, (items = new Map()));
      items.set(sort, next);
    } else if (items) {
      items.delete(sort);
      if (items.size === 0) table.partitions.delete(partition);
    }
  }

  /** The index partition an item falls in, or undefined when it lacks the index key (sparse index). */
  private indexPartition(table: Table, index: Index, item: Item): string | undefined {
    if (item[index.hash] === undefined || (index.range && item[index.range] === undefined)) return undefined;
    return keyText(item[index.hash]);
  }

  /** Checks a new item: key and index key types, and its size. */
  private checkItem(table: Table, item: Item, sizeMessage: string): void {
    for (const index of table.indexes.values()) {
      for (const attribute of [index.hash, ...(index.range ? [index.range] : [])]) {
        if (item[attribute] !== undefined) this.checkKeyValue(table, attribute, item[attribute], `a value specified for a secondary index key (IndexName: ${index.name}) is not supported:`);
      }
    }
    if (itemSize(item) > MAX_ITEM_BYTES) throw validation(sizeMessage);
  }

  private condition(input: Record<string, unknown>, extra: (Condition | UpdateAction[])[] = []): { condition?: Condition; bindings: Bindings } {
    const text = input.ConditionExpression as string | undefined;
    const condition = text === undefined ? undefined : parseCondition(text);
    const bindings = new Bindings(input.ExpressionAttributeNames as Record<string, string> | undefined, input.ExpressionAttributeValues as Item | undefined);
    bindings.check([...(condition ? [condition] : []), ...extra]);
    return condition ? { condition, bindings } : { bindings };
  }

  private static checkCondition(condition: Condition | undefined, item: Item | undefined, bindings: Bindings): void {
    if (condition && !evaluate(condition, item, bindings)) throw new DynamoDbError('ConditionalCheckFailedException', 'The conditional request failed');
  }

  /** What ReturnValues asks for; UPDATED_OLD and UPDATED_NEW are the attributes at the update's `paths`. */
  private static returned(input: Record<string, unknown>, allowed: string[], old: Item | undefined, next: Item | undefined, paths: (string | number)[][] = []): Output {
    const mode = (input.ReturnValues as string | undefined) ?? 'NONE';
    if (!allowed.includes(mode)) throw validation(`ReturnValues ${mode} is not supported here`);
    const attributes = (item: Item | undefined) => (item && Object.keys(item).length > 0 ? { Attributes: copyOut(item) } : {});
    if (mode === 'ALL_OLD') return attributes(old);
    if (mode === 'ALL_NEW') return attributes(next);
    if (mode === 'UPDATED_OLD') return attributes(old && project(old, paths));
    if (mode === 'UPDATED_NEW') return attributes(next && project(next, paths));
    return {};
  }

  // -- operations ---------------------------------------------------------------------------------------------------

  private get(input: Record<string, unknown>): Output {
    if (input.AttributesToGet !== undefined) throw validation('the in-memory table takes ProjectionExpression, not AttributesToGet');
    const table = this.table(input.TableName);
    const { partition, sort } = this.keyOf(table, input.Key);
    const projection = InMemoryDynamoDb.projection(input, []);
    const item = this.stored(table, partition, sort);
    return item ? { Item: copyOut(projection ? projection(item) : item) } : {};
  }

  /**
   * The request's ProjectionExpression as a function of an item, its names checked with those of its other
   * expressions (`others`); undefined without one (whole items).
   */
  private static projection(input: Record<string, unknown>, others: Condition[]): ((item: Item) => Item) | undefined {
    const text = input.ProjectionExpression as string | undefined;
    if (text === undefined) return undefined;
    const raw = parseProjection(text);
    const bindings = new Bindings(input.ExpressionAttributeNames as Record<string, string> | undefined, input.ExpressionAttributeValues as Item | undefined);
    bindings.check([...others, raw]);
    const paths = raw.map((path) => bindings.path(path));
    return (item) => project(item, paths);
  }

  private put(input: Record<string, unknown>): Output {
    const table = this.table(input.TableName);
    const item = storedCopy(input.Item) as Item;
    const { partition, sort } = this.keyOfItem(table, item, 'Missing the key in the item');
    this.checkItem(table, item, 'Item size has exceeded the maximum allowed size');
    const { condition, bindings } = this.condition(input);
    const old = this.stored(table, partition, sort);
    InMemoryDynamoDb.checkCondition(condition, old, bindings);
    this.write(table, partition, sort, old, item);
    return InMemoryDynamoDb.returned(input, ['NONE', 'ALL_OLD'], old, item);
  }

  private delete(input: Record<string, unknown>): Output {
    const table = this.table(input.TableName);
    const { partition, sort } = this.keyOf(table, input.Key);
    const { condition, bindings } = this.condition(input);
    const old = this.stored(table, partition, sort);
    InMemoryDynamoDb.checkCondition(condition, old, bindings);
    if (old) this.write(table, partition, sort, old, undefined);
    return InMemoryDynamoDb.returned(input, ['NONE', 'ALL_OLD'], old, undefined);
  }

  private update(input: Record<string, unknown>): Output {
    if (input.AttributeUpdates !== undefined) throw validation('the in-memory table takes UpdateExpression, not AttributeUpdates');
    const table = this.table(input.TableName);
    const { partition, sort, key } = this.keyOf(table, input.Key);
    const actions = parseUpdate(String(input.UpdateExpression));
    const { condition, bindings } = this.condition(input, [actions]);
    const paths = actions.map((action) => bindings.path(action.path));
    checkUpdatePaths(table, paths);
    const old = this.stored(table, partition, sort);
    InMemoryDynamoDb.checkCondition(condition, old, bindings);
    // Every value is read from the item as it was, then the actions are applied in order.
    const values = actions.map((action) => {
      if (action.kind === 'set') return storedCopy(resolveUpdateValue(action.value, old, bindings));
      if (action.kind === 'remove') return undefined;
      return action.value.kind === 'value' ? storedCopy(bindings.value(action.value.name)) : undefined;
    });
    const next = (old ? copyOut(old) : copyOut(key)) as Item;
    actions.forEach((action, index) => applyAction(next, action.kind, paths[index]!, values[index]));
    this.checkItem(table, next, 'Item size to update has exceeded the maximum allowed size');
    this.write(table, partition, sort, old, next);
    return InMemoryDynamoDb.returned(input, ['NONE', 'ALL_NEW', 'ALL_OLD', 'UPDATED_NEW', 'UPDATED_OLD'], old, next, paths);
  }

  private batchWrite(input: Record<string, unknown>): Output {
    const requests = input.RequestItems as Record<string, { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]>;
    const count = Object.values(requests).reduce((total, list) => total + list.length, 0);
    if (count === 0 || count > 25) throw validation('Too many items requested for the BatchWriteItem call (1 to 25)');
    for (const [tableName, list] of Object.entries(requests)) {
      for (const request of list) {
        if (request.PutRequest) this.put({ TableName: tableName, Item: request.PutRequest.Item });
        else if (request.DeleteRequest) this.delete({ TableName: tableName, Key: request.DeleteRequest.Key });
        else throw validation('a write request needs PutRequest or DeleteRequest');
      }
    }
    return { UnprocessedItems: {} };
  }

  private query(input: Record<string, unknown>): Output {
    for (const unsupported of ['FilterExpression', 'QueryFilter', 'KeyConditions', 'Select', 'AttributesToGet']) {
      if (input[unsupported] !== undefined) throw validation(`the in-memory table does not support ${unsupported}`);
    }
    const table = this.table(input.TableName);
    const index = input.IndexName === undefined ? undefined : table.indexes.get(String(input.IndexName));
    if (input.IndexName !== undefined && !index) throw validation(`The table does not have the specified index: ${String(input.IndexName)}`);
    const schema: KeySchema = index ?? table.key;
    const condition = parseCondition(String(input.KeyConditionExpression));
    const bindings = new Bindings(input.ExpressionAttributeNames as Record<string, string> | undefined, input.ExpressionAttributeValues as Item | undefined);
    const projection = InMemoryDynamoDb.projection(input, [condition]);
    if (!projection) bindings.check([condition]);
    const partition = partitionOf(condition, schema, bindings);
    const entries = index ? index.partitions.get(keyText(partition)) : table.partitions.get(keyText(partition));
    const order = (item: Item) => sortTuple(table, schema, item);
    let items = [...(entries?.values() ?? [])].filter((item) => evaluate(condition, item, bindings));
    items.sort((a, b) => compareTuples(order(a), order(b)));
    if (input.ScanIndexForward === false) items.reverse();
    const start = input.ExclusiveStartKey as Item | undefined;
    if (start) {
      const after = order(start);
      const forward = input.ScanIndexForward !== false;
      items = items.filter((item) => {
        const comparison = compareTuples(order(item), after);
        return forward ? comparison > 0 : comparison < 0;
      });
    }
    const limit = input.Limit as number | undefined;
    const output: Output = {};
    if (limit !== undefined && items.length >= limit) {
      items = items.slice(0, limit);
      const last = items[items.length - 1];
      if (last) {
        const names = [table.key.hash, ...(table.key.range ? [table.key.range] : []), ...(index ? [index.hash, ...(index.range ? [index.range] : [])] : [])];
        output.LastEvaluatedKey = Object.fromEntries(names.map((name) => [name, copyOut(last[name])]));
      }
    }
    return { ...output, Items: items.map((item) => copyOut(projection ? projection(item) : item)), Count: items.length, ScannedCount: items.length };
  }
}

/** The partition key value a key condition names (`hash = :value`, alone or ANDed with a sort key condition). */
function partitionOf(condition: Condition, schema: KeySchema, bindings: Bindings): Value {
  const conjuncts: Condition[] = [];
  const flatten = (node: Condition): void => {
    if (node.kind !== 'and') conjuncts.push(node);
    else {
      flatten(node.left);
      flatten(node.right);
    }
  };
  flatten(condition);
  let partition: Value;
  for (const conjunct of conjuncts) {
    const attributes =
      conjunct.kind === 'compare' || conjunct.kind === 'begins_with'
        ? [conjunct.left, conjunct.right]
        : conjunct.kind === 'between'
          ? [conjunct.operand]
          : undefined;
    const path = attributes?.find((operand) => operand.kind === 'path');
    const name = path?.kind === 'path' ? bindings.path(path.path) : undefined;
    if (!name || name.length !== 1 || (name[0] !== schema.hash && name[0] !== schema.range)) {
      throw validation('Query key condition not supported: only the partition key (=) and the sort key may be named');
    }
    if (name[0] === schema.hash) {
      if (conjunct.kind !== 'compare' || conjunct.op !== '=' || conjunct.right.kind !== 'value') throw validation('Query key condition not supported: the partition key needs =');
      partition = bindings.value(conjunct.right.name);
    }
  }
  if (partition === undefined) throw validation('Query condition missed key schema element: ' + schema.hash);
  return partition;
}

/** Query order: the (index) sort key, then the table key (items with equal index keys keep a stable order). */
function sortTuple(table: Table, schema: KeySchema, item: Item): Value[] {
  return [schema.range === undefined ? '' : item[schema.range], item[table.key.hash], table.key.range ? item[table.key.range] : ''];
}

function compareTuples(a: Value[], b: Value[]): number {
  for (let index = 0; index < a.length; index += 1) {
    const x = a[index];
    const y = b[index];
    const comparison =
      typeof x === 'number' && typeof y === 'number'
        ? x - y
        : x instanceof Uint8Array && y instanceof Uint8Array
          ? Buffer.compare(Buffer.from(x), Buffer.from(y))
          : compareStrings(String(x), String(y));
    if (comparison !== 0) return comparison;
  }
  return 0;
}

/** Key attributes cannot be updated, and no two paths of one update may overlap. */
function checkUpdatePaths(table: Table, paths: (string | number)[][]): void {
  for (const path of paths) {
    if (path.length === 1 && (path[0] === table.key.hash || path[0] === table.key.range)) {
      throw validation(`One or more parameter values were invalid: Cannot update attribute ${String(path[0])}. This attribute is part of the key`);
    }
  }
  for (let i = 0; i < paths.length; i += 1) {
    for (let j = i + 1; j < paths.length; j += 1) {
      const [a, b] = [paths[i]!, paths[j]!];
      const shorter = Math.min(a.length, b.length);
      if (a.slice(0, shorter).every((segment, index) => segment === b[index])) {
        throw validation(`Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [${a.join(', ')}], path two: [${b.join(', ')}]`);
      }
    }
  }
}

function applyAction(item: Item, kind: UpdateAction['kind'], path: (string | number)[], value: Value): void {
  const parent = path.length === 1 ? item : valueAt(item, path.slice(0, -1));
  const last = path[path.length - 1]!;
  const invalidPath = () => validation('The document path provided in the update expression is invalid for update');
  const container = typeof last === 'number' ? (Array.isArray(parent) ? parent : undefined) : isPlainMap(parent) ? parent : undefined;
  if (!container) throw invalidPath();
  const existing = (container as Record<string | number, Value>)[last];
  const assign = (next: Value) => {
    if (Array.isArray(container)) {
      if ((last as number) >= container.length) container.push(next);
      else container[last as number] = next;
    } else (container as Item)[last as string] = next;
  };
  switch (kind) {
    case 'set':
      assign(value);
      return;
    case 'remove':
      if (Array.isArray(container)) {
        if ((last as number) < container.length) container.splice(last as number, 1);
      } else delete (container as Item)[last as string];
      return;
    case 'add':
      if (typeof value === 'number') {
        if (existing !== undefined && typeof existing !== 'number') throw validation('An operand in the update expression has an incorrect data type');
        assign(((existing as number | undefined) ?? 0) + value);
      } else if (value instanceof Set) {
        if (existing !== undefined && !(existing instanceof Set)) throw validation('An operand in the update expression has an incorrect data type');
        assign(new Set([...((existing as Set<Value> | undefined) ?? []), ...value]));
      } else throw validation('Incorrect operand type for operator or function; operator: ADD');
      return;
    case 'delete': {
      if (!(value instanceof Set)) throw validation('Incorrect operand type for operator or function; operator: DELETE');
      if (existing === undefined) return;
      if (!(existing instanceof Set)) throw validation('An operand in the update expression has an incorrect data type');
      const remaining = new Set([...existing].filter((element) => !value.has(element)));
      if (remaining.size === 0) delete (container as Item)[last as string];
      else assign(remaining);
      return;
    }
  }
}

function isPlainMap(value: Value): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Set) && !(value instanceof Uint8Array);
}
