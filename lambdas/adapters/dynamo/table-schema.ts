import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The single table's shape, shared by the embedded store (which creates it) and the CDK stack
 * (which must declare the same keys). dynalite cannot add indexes later, so everything is here.
 *
 * Items (pk / sk):
 *   WATCHLIST / ENTITY#<id>            a tracked entity; WATCHLIST / META the seed marker
 *   ARTICLE#<id> / ARTICLE             an article; gsi1 SEEN#<utc day> / <firstSeenAt>#<id>
 *   ARTICLE#<id> / DONE                finished: its mention and alert records are durable (articles
 *                                      stored with `awaitsDone` are pending until it exists)
 *   ARTICLE#<id> / PENDING             stored but not finished, as earlier versions marked it (token-tied)
 *   MENTION#<entityId> / <firstSeenAt>#<articleId>   one article's mentions of one entity (packed `d`)
 *   SOURCE / <sourceId>                source health
 *   SOURCEDEF / DEF#<sourceId>         a stored source definition; SOURCEDEF / META the seed marker
 *   SUBSCRIBER / <email>               a subscriber
 *   OUTBOX#<email> / DIGEST#<date>     one digest delivery (alerts: ALERT#<id>)
 *   OUTBODY#<email> / <key>#<id>       its message (html, text, images), written once, named by the record's `body`
 *   UNSENT#<email> / UNSENT            the keys of that recipient's records not yet SENT or FAILED
 *   CHANNEL / <id>                     a chat channel (type, URL, secret, follows, digest hour,
 *                                      latest delivery state, send times in the rate window)
 *   OUTBOX#channel#<id> / <batch key>#<part 001…>   one part of a batch posted to a channel
 *   HTTPCACHE#<url hash> / HTTP        validators for conditional GET
 */
export const TABLE_KEYS = { pk: 'pk', sk: 'sk', gsi1: 'gsi1', gsi1pk: 'gsi1pk', gsi1sk: 'gsi1sk', ttl: 'expiresAt' } as const;

export function tableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'gsi1pk', AttributeType: 'S' },
      { AttributeName: 'gsi1sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'gsi1',
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}
