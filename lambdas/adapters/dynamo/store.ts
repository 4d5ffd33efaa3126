import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../../core/ports';
import { createArticleRepository } from './article-repository';
import { createListValidatorRepository } from './list-validator-repository';
import { createChannelRepository } from './channel-repository';
import { createMentionRepository } from './mention-repository';
import { createOutboxRepository } from './outbox-repository';
import { createSourceCatalogueRepository } from './source-catalogue-repository';
import { createSourceHealthRepository } from './source-health-repository';
import { createSubscriberRepository } from './subscriber-repository';
import { createWatchlistRepository } from './watchlist-repository';

/** Every repository over one table: the same code against AWS, dynalite or DynamoDB Local. */
export function createDynamoStore(doc: DynamoDBDocumentClient, table: string): Store {
  return {
    watchlist: createWatchlistRepository(doc, table),
    articles: createArticleRepository(doc, table),
    mentions: createMentionRepository(doc, table),
    sources: createSourceHealthRepository(doc, table),
    catalogue: createSourceCatalogueRepository(doc, table),
    listValidators: createListValidatorRepository(doc, table),
    subscribers: createSubscriberRepository(doc, table),
    outbox: createOutboxRepository(doc, table),
    channels: createChannelRepository(doc, table),
  };
}
