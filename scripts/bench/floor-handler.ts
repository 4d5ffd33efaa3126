/**
 * The floor of a Lambda cold start in this project: a handler holding only what every invocation
 * of every function needs, the DynamoDB document client. scripts/bench-bundles.ts bundles it with
 * the same settings as the real handlers and loads it beside them.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION }), { marshallOptions: { removeUndefinedValues: true } });

export async function handler(): Promise<unknown> {
  return doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: 'floor', sk: 'floor' } }));
}
