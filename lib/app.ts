import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { builtInSources } from '../lambdas/sources/registry';
import { readDeployConfig, stackNameFor } from './deploy-config';
import { GzwatchStack } from './gzwatch-stack';

/**
 * The app as `cdk synth` builds it, shared with the infrastructure tests so they check the very
 * template that deploys, cdk-nag packs included (a nag error fails the synth). The stack is named
 * after the stage (`gzwatch:stage`): `Gzwatch` for prod, `Gzwatch-<stage>` beside it.
 */
export function createApp(props: AppProps = {}): { app: App; stack: GzwatchStack } {
  const app = new App(props);
  const config = readDeployConfig(app.node, builtInSources.map((source) => source.id));
  const stack = new GzwatchStack(app, stackNameFor(config.stage), { config });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { app, stack };
}
