import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Records every command any AWS SDK v3 client sends, as IAM names it (`dynamodb:BatchGetItem`),
 * and lets it through unchanged: the store is still dynalite, so what is recorded is what the code
 * really sends on that path. Clients mocked with aws-sdk-client-mock are recorded by their mocks.
 */
export interface CommandRecorder {
  /** Actions recorded while `label` was current. */
  actions(label: string): Set<string>;
  setLabel(label: string): void;
  restore(): void;
}

const SERVICE_PREFIX: Record<string, string> = { DynamoDB: 'dynamodb', SQS: 'sqs', SESv2: 'ses', 'Secrets Manager': 'secretsmanager' };

/** lib-dynamodb's commands carry DynamoDB's operation under another name. */
const DOCUMENT_COMMANDS: Record<string, string> = {
  PutCommand: 'PutItem',
  GetCommand: 'GetItem',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  QueryCommand: 'Query',
  ScanCommand: 'Scan',
  BatchGetCommand: 'BatchGetItem',
  BatchWriteCommand: 'BatchWriteItem',
  TransactWriteCommand: 'TransactWriteItems',
  TransactGetCommand: 'TransactGetItems',
};

/** IAM's action for an SDK command: SQS's batch send is authorised as SendMessage, SES v2's send as SendEmail. */
export function iamAction(serviceId: string, commandName: string): string {
  const prefix = SERVICE_PREFIX[serviceId] ?? serviceId.toLowerCase();
  const operation = DOCUMENT_COMMANDS[commandName] ?? commandName.replace(/Command$/, '');
  if (prefix === 'sqs' && operation === 'SendMessageBatch') return 'sqs:SendMessage';
  // The Invoke API (synchronous or not) is authorised as lambda:InvokeFunction.
  if (prefix === 'lambda' && operation === 'Invoke') return 'lambda:InvokeFunction';
  return `${prefix}:${operation}`;
}

export function recordAwsCommands(): CommandRecorder {
  // Every v3 client (and lib-dynamodb's document client) inherits `send` from one smithy Client.
  const base = Object.getPrototypeOf(DynamoDBClient.prototype) as { send: (...args: unknown[]) => unknown };
  const original = base.send;
  const seen = new Map<string, Set<string>>();
  let label = '';
  base.send = function (this: { config: { serviceId?: string } }, command: unknown, ...rest: unknown[]) {
    const name = (command as object).constructor.name;
    const set = seen.get(label) ?? new Set<string>();
    set.add(iamAction(this.config.serviceId ?? 'DynamoDB', name));
    seen.set(label, set);
    return original.call(this, command, ...rest);
  };
  return {
    actions: (l) => seen.get(l) ?? new Set(),
    setLabel: (l) => {
      label = l;
    },
    restore: () => {
      base.send = original;
    },
  };
}
