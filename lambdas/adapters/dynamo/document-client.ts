import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableDefinition } from './table-schema';

export interface DynamoConnection {
  endpoint?: string;
  region: string;
}

/** One client for AWS and for any DynamoDB-compatible endpoint (dynalite, DynamoDB Local). */
export function createDocumentClient(connection: DynamoConnection): DynamoDBDocumentClient {
  const local = connection.endpoint !== undefined;
  const client = new DynamoDBClient({
    region: connection.region,
    endpoint: connection.endpoint,
    // A local store takes any key; AWS uses the normal credential chain.
    credentials: local ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined,
    maxAttempts: local ? 2 : 5,
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** Creates the table where it does not exist yet (local stores only; on AWS the stack owns it). */
export async function ensureTable(doc: DynamoDBDocumentClient, tableName: string): Promise<void> {
  try {
    await doc.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException) && (error as Error).name !== 'ResourceNotFoundException') throw error;
  }
  await doc.send(new CreateTableCommand(tableDefinition(tableName)));
  for (let i = 0; i < 50; i++) {
    const { Table } = await doc.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}
