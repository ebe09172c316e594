/**
 * DynamoDB's expression language for the in-memory table (memory-dynamodb.ts): key conditions, condition expressions
 * and update expressions, parsed once per distinct text and evaluated on plain JavaScript values (the document
 * client's view of an item). What is not supported is refused with a ValidationException, never guessed: the
 * repository's contract tests (test/adapters/repository.test.ts) run on this table and on dynalite alike.
 */

/** A DynamoDB error as the SDK raises it: `name` is the exception type (ValidationException, ...). */
export class DynamoDbError extends Error {
  constructor(type: string, message: string) {
    super(message);
    this.name = type;
  }
}

export const validation = (message: string) => new DynamoDbError('ValidationException', message);

/** A path as written: `#n0.#n1`, `a.b[2]` (names still aliased; index segments are numbers). */
export type RawPath = readonly (string | number)[];

export type Operand =
  | { kind: 'path'; path: RawPath }
  | { kind: 'value'; name: string }
  | { kind: 'size'; path: RawPath };

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition }
  | { kind: 'compare'; op: '=' | '<>' | '<' | '<=' | '>' | '>='; left: Operand; right: Operand }
  | { kind: 'between'; operand: Operand; low: Operand; high: Operand }
  | { kind: 'in'; operand: Operand; list: Operand[] }
  | { kind: 'exists'; path: RawPath; exists: boolean }
  | { kind: 'begins_with' | 'contains'; left: Operand; right: Operand };

export type UpdateValue =
  | Operand
  | { kind: 'if_not_exists'; path: RawPath; fallback: UpdateValue }
  | { kind: 'list_append'; left: UpdateValue; right: UpdateValue }
  | { kind: 'plus' | 'minus'; left: UpdateValue; right: UpdateValue };

export type UpdateAction =
  | { kind: 'set'; path: RawPath; value: UpdateValue }
  | { kind: 'remove'; path: RawPath }
  | { kind: 'add' | 'delete'; path: RawPath; value: Operand };

// ---------------------------------------------------------------------------------------------------------------
// Tokens

type Token = { type: 'name' | 'alias' | 'value' | 'number' | 'op' | 'punct' | 'end'; text: string };

const TOKEN = /\s*(?:(#[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)|(<>|<=|>=|=|<|>)|([(),.[\]+-])|([A-Za-z_][A-Za-z0-9_]*)|(\d+))/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let index = 0;
  while (index < text.length) {
    if (/^\s*$/.test(text.slice(index))) break;
    TOKEN.lastIndex = index;
    const match = TOKEN.exec(text);
    if (!match) throw validation(`Invalid expression: unexpected text at "${text.slice(index, index + 20)}"`);
    index = TOKEN.lastIndex;
    if (match[1]) tokens.push({ type: 'alias', text: match[1] });
    else if (match[2]) tokens.push({ type: 'value', text: match[2] });
    else if (match[3]) tokens.push({ type: 'op', text: match[3] });
    else if (match[4]) tokens.push({ type: 'punct', text: match[4] });
    else if (match[5]) tokens.push({ type: 'name', text: match[5] });
    else tokens.push({ type: 'number', text: match[6]! });
  }
  tokens.push({ type: 'end', text: '' });
  return tokens;
}

class Parser {
  private position = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  peek(): Token {
    return this.tokens[this.position]!;
  }

  next(): Token {
    return this.tokens[this.position++]!;
  }

  isKeyword(word: string): boolean {
    const token = this.peek();
    return token.type === 'name' && token.text.toUpperCase() === word;
  }

  expect(text: string): void {
    const token = this.next();
    if (token.text !== text) throw this.error(`expected "${text}", found "${token.text || 'the end'}"`);
  }

  error(message: string): DynamoDbError {
    return validation(`Invalid expression "${this.source}": ${message}`);
  }

  done(): void {
    if (this.peek().type !== 'end') throw this.error(`unexpected "${this.peek().text}"`);
  }

  path(): RawPath {
    const segments: (string | number)[] = [this.pathName()];
    for (;;) {
      if (this.peek().text === '.') {
        this.next();
        segments.push(this.pathName());
      } else if (this.peek().text === '[') {
        this.next();
        const index = this.next();
        if (index.type !== 'number') throw this.error('a list index must be a number');
        this.expect(']');
        segments.push(Number(index.text));
      } else return segments;
    }
  }

  private pathName(): string {
    const token = this.next();
    if (token.type !== 'alias' && token.type !== 'name') throw this.error(`expected an attribute name, found "${token.text || 'the end'}"`);
    return token.text;
  }

  operand(): Operand {
    const token = this.peek();
    if (token.type === 'value') {
      this.next();
      return { kind: 'value', name: token.text };
    }
    if (token.type === 'name' && token.text === 'size' && this.tokens[this.position + 1]?.text === '(') {
      this.next();
      this.expect('(');
      const path = this.path();
      this.expect(')');
      return { kind: 'size', path };
    }
    return { kind: 'path', path: this.path() };
  }

  // condition := or ; or := and (OR and)* ; and := not (AND not)* ; not := NOT not | primary
  condition(): Condition {
    let left = this.and();
    while (this.isKeyword('OR')) {
      this.next();
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Condition {
    let left = this.not();
    while (this.isKeyword('AND')) {
      this.next();
      left = { kind: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): Condition {
    if (this.isKeyword('NOT')) {
      this.next();
      return { kind: 'not', operand: this.not() };
    }
    return this.primary();
  }

  private primary(): Condition {
    const token = this.peek();
    if (token.text === '(') {
      this.next();
      const inner = this.condition();
      this.expect(')');
      return inner;
    }
    if (token.type === 'name' && this.tokens[this.position + 1]?.text === '(' && token.text !== 'size') {
      this.next();
      this.expect('(');
      switch (token.text) {
        case 'attribute_exists':
        case 'attribute_not_exists': {
          const path = this.path();
          this.expect(')');
          return { kind: 'exists', path, exists: token.text === 'attribute_exists' };
        }
        case 'begins_with':
        case 'contains': {
          const left = this.operand();
          this.expect(',');
          const right = this.operand();
          this.expect(')');
          return { kind: token.text, left, right };
        }
        default:
          throw this.error(`the function ${token.text} is not supported by the in-memory table`);
      }
    }
    const left = this.operand();
    if (this.isKeyword('BETWEEN')) {
      this.next();
      const low = this.operand();
      if (!this.isKeyword('AND')) throw this.error('BETWEEN needs AND');
      this.next();
      return { kind: 'between', operand: left, low, high: this.operand() };
    }
    if (this.isKeyword('IN')) {
      this.next();
      this.expect('(');
      const list = [this.operand()];
      while (this.peek().text === ',') {
        this.next();
        list.push(this.operand());
      }
      this.expect(')');
      return { kind: 'in', operand: left, list };
    }
    const op = this.next();
    if (op.type !== 'op') throw this.error(`expected a comparison, found "${op.text || 'the end'}"`);
    return { kind: 'compare', op: op.text as '=', left, right: this.operand() };
  }

  updateValue(): UpdateValue {
    const left = this.updateTerm();
    const token = this.peek();
    if (token.text === '+' || token.text === '-') {
      this.next();
      return { kind: token.text === '+' ? 'plus' : 'minus', left, right: this.updateTerm() };
    }
    return left;
  }

  private updateTerm(): UpdateValue {
    const token = this.peek();
    if (token.type === 'name' && (token.text === 'if_not_exists' || token.text === 'list_append') && this.tokens[this.position + 1]?.text === '(') {
      this.next();
      this.expect('(');
      if (token.text === 'if_not_exists') {
        const path = this.path();
        this.expect(',');
        const fallback = this.updateValue();
        this.expect(')');
        return { kind: 'if_not_exists', path, fallback };
      }
      const left = this.updateValue();
      this.expect(',');
      const right = this.updateValue();
      this.expect(')');
      return { kind: 'list_append', left, right };
    }
    return this.operand();
  }

  update(): UpdateAction[] {
    const actions: UpdateAction[] = [];
    const seen = new Set<string>();
    while (this.peek().type !== 'end') {
      const clause = this.next();
      const word = clause.text.toUpperCase();
      if (clause.type !== 'name' || !['SET', 'REMOVE', 'ADD', 'DELETE'].includes(word)) {
        throw this.error(`expected SET, REMOVE, ADD or DELETE, found "${clause.text}"`);
      }
      if (seen.has(word)) throw this.error(`the ${word} section may appear only once`);
      seen.add(word);
      do {
        if (actions.length > 0 && this.peek().text === ',') this.next();
        const path = this.path();
        if (word === 'SET') {
          this.expect('=');
          actions.push({ kind: 'set', path, value: this.updateValue() });
        } else if (word === 'REMOVE') actions.push({ kind: 'remove', path });
        else actions.push({ kind: word === 'ADD' ? 'add' : 'delete', path, value: this.operand() });
      } while (this.peek().text === ',');
    }
    if (actions.length === 0) throw this.error('an update expression needs at least one action');
    return actions;
  }
}

const conditionCache = new Map<string, Condition>();
const updateCache = new Map<string, UpdateAction[]>();

/** The condition (or key condition) of `text`, parsed once per distinct text. */
export function parseCondition(text: string): Condition {
  let parsed = conditionCache.get(text);
  if (!parsed) {
    const parser = new Parser(tokenize(text), text);
    parsed = parser.condition();
    parser.done();
    conditionCache.set(text, parsed);
  }
  return parsed;
}

/** The actions of an update expression, parsed once per distinct text. */
export function parseUpdate(text: string): UpdateAction[] {
  let parsed = updateCache.get(text);
  if (!parsed) {
    parsed = new Parser(tokenize(text), text).update();
    updateCache.set(text, parsed);
  }
  return parsed;
}

const projectionCache = new Map<string, RawPath[]>();

/** The document paths of a projection expression (`#a, b.c`), parsed once per distinct text. */
export function parseProjection(text: string): RawPath[] {
  let parsed = projectionCache.get(text);
  if (!parsed) {
    const parser = new Parser(tokenize(text), text);
    const paths = [parser.path()];
    while (parser.peek().text === ',') {
      parser.next();
      paths.push(parser.path());
    }
    parser.done();
    parsed = paths;
    projectionCache.set(text, parsed);
  }
  return parsed;
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation on document values

export type Value = unknown;
export type Item = Record<string, Value>;

/** The aliases (#name, :value) an expression uses, collected once per parsed expression. */
const aliasCache = new WeakMap<object, { names: Set<string>; values: Set<string> }>();

function aliasesOf(expression: Condition | UpdateAction[] | RawPath[]): { names: Set<string>; values: Set<string> } {
  let found = aliasCache.get(expression);
  if (!found) {
    const names = new Set<string>();
    const values = new Set<string>();
    const walk = (node: unknown): void => {
      if (typeof node === 'string') {
        if (node.startsWith('#')) names.add(node);
      } else if (Array.isArray(node)) node.forEach(walk);
      else if (typeof node === 'object' && node !== null) {
        const record = node as Record<string, unknown>;
        if (record.kind === 'value') values.add(record.name as string);
        else Object.values(record).forEach(walk);
      }
    };
    walk(expression);
    found = { names, values };
    aliasCache.set(expression, found);
  }
  return found;
}

/** The names and values of one request. */
export class Bindings {
  constructor(
    private readonly names: Record<string, string> = {},
    private readonly values: Record<string, Value> = {},
  ) {}

  /** The attribute names of a path, aliases resolved. */
  path(raw: RawPath): (string | number)[] {
    return raw.map((segment) => {
      if (typeof segment === 'number' || !segment.startsWith('#')) return segment;
      const name = this.names[segment];
      if (name === undefined) throw validation(`An expression attribute name used in the document path is not defined; attribute name: ${segment}`);
      return name;
    });
  }

  value(name: string): Value {
    if (!Object.hasOwn(this.values, name)) throw validation(`An expression attribute value used in expression is not defined; attribute value: ${name}`);
    return this.values[name];
  }

  /** DynamoDB refuses a request whose names or values no expression of it uses, or that uses undefined ones. */
  check(expressions: readonly (Condition | UpdateAction[] | RawPath[])[]): void {
    const names = new Set<string>();
    const values = new Set<string>();
    for (const expression of expressions) {
      const used = aliasesOf(expression);
      used.names.forEach((name) => names.add(name));
      used.values.forEach((value) => values.add(value));
    }
    for (const name of names) {
      if (!Object.hasOwn(this.names, name)) throw validation(`An expression attribute name used in the document path is not defined; attribute name: ${name}`);
    }
    for (const value of values) {
      if (!Object.hasOwn(this.values, value)) throw validation(`An expression attribute value used in expression is not defined; attribute value: ${value}`);
    }
    const unusedNames = Object.keys(this.names).filter((name) => !names.has(name));
    if (unusedNames.length > 0) throw validation(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`);
    const unusedValues = Object.keys(this.values).filter((value) => !values.has(value));
    if (unusedValues.length > 0) throw validation(`Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`);
  }
}

const isMap = (value: Value): value is Item => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Set) && !(value instanceof Uint8Array);

/** The value at a path, or undefined when any segment is missing. */
export function valueAt(item: Item | undefined, path: readonly (string | number)[]): Value {
  let current: Value = item;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (!isMap(current) || !Object.hasOwn(current, segment)) return undefined;
      current = current[segment];
    }
  }
  return current;
}

/**
 * The item with only the attributes at `paths` (resolved names), nested maps kept as far as a path goes; a path the item
 * does not have is left out. Overlapping paths are refused, as by DynamoDB; list elements are not supported.
 */
export function project(item: Item, paths: readonly (string | number)[][]): Item {
  const projected: Item = {};
  paths.forEach((path, index) => {
    if (path.some((segment) => typeof segment === 'number')) throw validation('the in-memory table does not project list elements');
    const overlaps = paths.some((other, at) => at !== index && other.length <= path.length && other.every((segment, depth) => segment === path[depth]));
    if (overlaps) throw validation(`Invalid ProjectionExpression: Two document paths overlap with each other; path: [${path.join(', ')}]`);
    const value = valueAt(item, path);
    if (value === undefined) return;
    let target = projected;
    for (const segment of path.slice(0, -1) as string[]) target = (target[segment] ??= {}) as Item;
    target[path[path.length - 1] as string] = value;
  });
  return projected;
}

type Kind = 'S' | 'N' | 'B' | 'BOOL' | 'NULL' | 'L' | 'M' | 'SET';

function kindOf(value: Value): Kind | undefined {
  if (value === undefined) return undefined;
  if (value === null) return 'NULL';
  if (typeof value === 'string') return 'S';
  if (typeof value === 'number' || typeof value === 'bigint') return 'N';
  if (typeof value === 'boolean') return 'BOOL';
  if (value instanceof Uint8Array) return 'B';
  if (Array.isArray(value)) return 'L';
  if (value instanceof Set) return 'SET';
  return 'M';
}

/** DynamoDB orders strings by their UTF-8 bytes: code point order (UTF-16 order differs above U+D7FF). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const x = a.codePointAt(index)!;
    const y = b.codePointAt(index)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) index += 1;
  }
  return a.length - b.length;
}

function compareScalars(a: Value, b: Value): number | undefined {
  const kind = kindOf(a);
  if (kind !== kindOf(b)) return undefined;
  if (kind === 'S') return compareStrings(a as string, b as string);
  if (kind === 'N') return Number(a) - Number(b);
  if (kind === 'B') return Buffer.compare(Buffer.from(a as Uint8Array), Buffer.from(b as Uint8Array));
  return undefined;
}

export function deepEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  const kind = kindOf(a);
  if (kind !== kindOf(b)) return false;
  switch (kind) {
    case 'N':
      return Number(a) === Number(b);
    case 'B':
      return Buffer.compare(Buffer.from(a as Uint8Array), Buffer.from(b as Uint8Array)) === 0;
    case 'L': {
      const x = a as Value[];
      const y = b as Value[];
      return x.length === y.length && x.every((value, index) => deepEqual(value, y[index]));
    }
    case 'SET': {
      const x = a as Set<Value>;
      const y = b as Set<Value>;
      return x.size === y.size && [...x].every((value) => y.has(value));
    }
    case 'M': {
      const x = a as Item;
      const y = b as Item;
      const keys = Object.keys(x);
      return keys.length === Object.keys(y).length && keys.every((key) => Object.hasOwn(y, key) && deepEqual(x[key], y[key]));
    }
    default:
      return false;
  }
}

function operandValue(operand: Operand, item: Item | undefined, bindings: Bindings): Value {
  switch (operand.kind) {
    case 'value':
      return bindings.value(operand.name);
    case 'path':
      return valueAt(item, bindings.path(operand.path));
    case 'size': {
      const value = valueAt(item, bindings.path(operand.path));
      if (typeof value === 'string') return Buffer.byteLength(value);
      if (value instanceof Uint8Array) return value.length;
      if (Array.isArray(value)) return value.length;
      if (value instanceof Set) return value.size;
      if (isMap(value)) return Object.keys(value).length;
      return undefined;
    }
  }
}

/** Whether `condition` holds on `item` (undefined: no item). */
export function evaluate(condition: Condition, item: Item | undefined, bindings: Bindings): boolean {
  switch (condition.kind) {
    case 'and':
      return evaluate(condition.left, item, bindings) && evaluate(condition.right, item, bindings);
    case 'or':
      return evaluate(condition.left, item, bindings) || evaluate(condition.right, item, bindings);
    case 'not':
      return !evaluate(condition.operand, item, bindings);
    case 'exists':
      return (valueAt(item, bindings.path(condition.path)) !== undefined) === condition.exists;
    case 'compare': {
      const left = operandValue(condition.left, item, bindings);
      const right = operandValue(condition.right, item, bindings);
      if (condition.op === '=') return left !== undefined && deepEqual(left, right);
      if (condition.op === '<>') return left === undefined || right === undefined || !deepEqual(left, right);
      const order = compareScalars(left, right);
      if (order === undefined || Number.isNaN(order)) return false;
      return condition.op === '<' ? order < 0 : condition.op === '<=' ? order <= 0 : condition.op === '>' ? order > 0 : order >= 0;
    }
    case 'between': {
      const value = operandValue(condition.operand, item, bindings);
      const low = compareScalars(value, operandValue(condition.low, item, bindings));
      const high = compareScalars(value, operandValue(condition.high, item, bindings));
      return low !== undefined && high !== undefined && low >= 0 && high <= 0;
    }
    case 'in': {
      const value = operandValue(condition.operand, item, bindings);
      const candidates = condition.list.map((operand) => operandValue(operand, item, bindings));
      return value !== undefined && candidates.some((candidate) => deepEqual(value, candidate));
    }
    case 'begins_with': {
      const value = operandValue(condition.left, item, bindings);
      const prefix = operandValue(condition.right, item, bindings);
      return typeof value === 'string' && typeof prefix === 'string' && value.startsWith(prefix);
    }
    case 'contains': {
      const value = operandValue(condition.left, item, bindings);
      const part = operandValue(condition.right, item, bindings);
      if (typeof value === 'string') return typeof part === 'string' && value.includes(part);
      if (Array.isArray(value)) return value.some((element) => deepEqual(element, part));
      if (value instanceof Set) return value.has(part);
      return false;
    }
  }
}

/** The value a SET action writes, resolved against the item before the update. */
export function resolveUpdateValue(value: UpdateValue, item: Item | undefined, bindings: Bindings): Value {
  switch (value.kind) {
    case 'value':
    case 'path':
    case 'size': {
      if (value.kind === 'size') throw validation('size() is not allowed in an update expression');
      const resolved = operandValue(value, item, bindings);
      if (resolved === undefined) throw validation('The provided expression refers to an attribute that does not exist in the item');
      return resolved;
    }
    case 'if_not_exists': {
      const existing = valueAt(item, bindings.path(value.path));
      const fallback = resolveUpdateValue(value.fallback, item, bindings);
      return existing === undefined ? fallback : existing;
    }
    case 'list_append': {
      const left = resolveUpdateValue(value.left, item, bindings);
      const right = resolveUpdateValue(value.right, item, bindings);
      if (!Array.isArray(left) || !Array.isArray(right)) throw validation('An operand in the update expression has an incorrect data type');
      return [...left, ...right];
    }
    case 'plus':
    case 'minus': {
      const left = resolveUpdateValue(value.left, item, bindings);
      const right = resolveUpdateValue(value.right, item, bindings);
      if (typeof left !== 'number' || typeof right !== 'number') throw validation('An operand in the update expression has an incorrect data type');
      return value.kind === 'plus' ? left + right : left - right;
    }
  }
}
