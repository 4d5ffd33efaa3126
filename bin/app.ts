// CDK entry (`npx cdk synth|deploy`, via cdk.json). Configuration comes from cdk.json context.
import { createApp } from '../lib/app';

createApp().app.synth();
