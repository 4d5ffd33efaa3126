import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { HANDLER_ENTRIES, PROJECT_ROOT, type HandlerName } from './bundling';
import { buildLambdaAsset } from './lambda-asset';

/**
 * A function's code: the asset lib/lambda-asset.ts builds (index.js plus the lazily loaded
 * packages beside it), which NodejsFunction's own bundling cannot produce (one output file). Built
 * in-process with local esbuild, as NodejsFunction did: no Docker, no network, so `cdk synth`
 * works offline. Hashed by its output, so an unchanged build is not uploaded again.
 */
export function lambdaCode(name: HandlerName): Code {
  return Code.fromAsset(PROJECT_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the type; never pulled or run, because local bundling succeeds or throws. The
      // command names the entry because CDK keys its staging cache on these options (the local
      // bundler, a function, is invisible to it): without it every function got the first's asset.
      image: DockerImage.fromRegistry('local-esbuild-only'),
      command: ['build-lambda-asset', HANDLER_ENTRIES[name]],
      local: {
        tryBundle(outputDir) {
          buildLambdaAsset(name, outputDir);
          return true;
        },
      },
    },
  });
}
