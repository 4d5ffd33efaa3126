import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { AwsConfig } from './aws-config';
import { createDocumentClient } from './adapters/dynamo/document-client';
import { createDynamoStore } from './adapters/dynamo/store';
import { createSesMailer } from './adapters/mail/ses-mailer';
import { createSmtpMailer } from './adapters/mail/smtp-mailer';
import { readSmtpUrlSecret } from './adapters/secret-smtp-url';
import type { Mailer, Store } from './core/ports';

/** Store and mailer for every function; only the collector adds the HTTP fetcher (and its bundle weight). */
export interface AwsWiring {
  store: Store;
  mailer: Mailer;
}

/** The AWS set of adapters, built once per cold start and reused by every invocation. */
export async function buildAws(config: AwsConfig, clients: { secrets?: SecretsManagerClient; ses?: SESv2Client } = {}): Promise<AwsWiring> {
  const doc = createDocumentClient({ region: process.env.AWS_REGION ?? 'us-east-1', endpoint: process.env.DYNAMODB_ENDPOINT });
  const mailer =
    config.mailTransport === 'smtp'
      ? createSmtpMailer(await readSmtpUrlSecret(clients.secrets ?? new SecretsManagerClient({}), config.smtpSecretArn!))
      : createSesMailer({ client: clients.ses, configurationSet: config.sesConfigurationSet });
  return { store: createDynamoStore(doc, config.tableName), mailer };
}
