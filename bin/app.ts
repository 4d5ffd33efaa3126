// CDK entry (`npx cdk synth|deploy`, via cdk.json). Configuration comes from cdk.json context.
import { createApp } from '../lib/app';
import { DeployConfigError } from '../lib/deploy-config';

try {
  createApp().app.synth();
} catch (error) {
  // A bad context value is the operator's to fix: one line naming the key, not a stack trace.
  if (!(error instanceof DeployConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}
