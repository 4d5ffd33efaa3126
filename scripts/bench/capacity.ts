import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Read and write capacity units one piece of work consumed, as DynamoDB bills them. */
export interface CapacityMeter {
  readUnits: number;
  writeUnits: number;
  requests: number;
  /** Requests by command (GetItem, BatchWriteItem…): each is one signed HTTP exchange. */
  requestsByCommand: Record<string, number>;
  /** Write units by command and item kind (the pk before its first '#'), to say where they go. */
  writesByKind: Record<string, number>;
  reset(): void;
}

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);
const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);

interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/**
 * Asks for ReturnConsumedCapacity=TOTAL on every data call of `doc` and adds up what comes back.
 * dynalite answers with DynamoDB's own rules (4 KB read units, halved when eventually consistent;
 * 1 KB write units), so the bench measures units instead of assuming them. Index writes are not
 * counted by dynalite: `gsiWritesPerArticle` in the cost model adds them.
 */
export function meterCapacity(doc: DynamoDBDocumentClient): CapacityMeter {
  const meter: CapacityMeter = {
    readUnits: 0,
    writeUnits: 0,
    requests: 0,
    requestsByCommand: {},
    writesByKind: {},
    reset() {
      meter.readUnits = 0;
      meter.writeUnits = 0;
      meter.requests = 0;
      meter.requestsByCommand = {};
      meter.writesByKind = {};
    },
  };
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String((context as { commandName?: string }).commandName ?? '');
      const input = args.input as Record<string, unknown>;
      const counted = READS.has(command) || WRITES.has(command);
      if (counted) input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      if (counted) {
        meter.requests += 1;
        const name = command.replace('Command', '');
        meter.requestsByCommand[name] = (meter.requestsByCommand[name] ?? 0) + 1;
        const out = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
        const units = (Array.isArray(out) ? out : out ? [out] : []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
        if (!out) throw new Error(`${command}: the store returned no ConsumedCapacity`);
        if (WRITES.has(command)) {
          meter.writeUnits += units;
          const item = (input.Key ?? input.Item) as { pk?: unknown; sk?: unknown } | undefined;
          // A fixed sort key names the item's role (ARTICLE, DONE, HTTP); sort keys with data do not.
          const sk = typeof item?.sk === 'string' && /^[A-Z]+$/.test(item.sk) ? `/${item.sk}` : '';
          const kind = `${command.replace('Command', '')} ${String(item?.pk ?? '?').split('#')[0]}${sk}`;
          meter.writesByKind[kind] = (meter.writesByKind[kind] ?? 0) + units;
        }
        else meter.readUnits += units;
      }
      return result;
    },
    { step: 'initialize', name: 'gzwatchBenchCapacity' },
  );
  return meter;
}
