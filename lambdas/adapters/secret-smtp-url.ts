import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** The SMTP URL (with credentials) lives in Secrets Manager, never in an environment variable. */
export async function readSmtpUrlSecret(client: SecretsManagerClient, secretArn: string): Promise<string> {
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  const value = out.SecretString?.trim() ?? '';
  // Accept a bare URL or the JSON shape {"url": "..."} that the console's key/value editor makes.
  const url = value.startsWith('{') ? (JSON.parse(value) as { url?: string }).url : value;
  if (!url || !/^smtps?:\/\//.test(url)) throw new Error(`secret ${secretArn} does not hold an smtp:// or smtps:// URL`);
  return url;
}
