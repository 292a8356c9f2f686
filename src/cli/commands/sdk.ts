// `scones sdk python`: where the SageMaker Python SDK subset that ships with Scones lives, for `pip install`.
import type { Command } from 'commander';
import { PYTHON_SDK_DIR, SDK_LAYER_NAME } from '../../app/sdk-layer.js';
import type { CliContext } from '../context.js';

export function registerSdkCommands(program: Command, context: CliContext): void {
  const sdk = program.command('sdk').description('the SDKs that ship with Scones');
  sdk
    .command('python')
    .description(`the SageMaker Python SDK subset (also the Lambda layer "${SDK_LAYER_NAME}")`)
    .option('--path', 'print only the package folder (pip install "$(scones sdk python --path)")')
    .option('--json', 'print {path, layer, install} as JSON')
    .action((options: { path?: boolean; json?: boolean }) => {
      if (options.path) return context.print(PYTHON_SDK_DIR);
      const described = {
        path: PYTHON_SDK_DIR,
        layer: SDK_LAYER_NAME,
        install: `pip install ${JSON.stringify(PYTHON_SDK_DIR)}`,
      };
      if (options.json) return context.printJson(described);
      context.print(`${described.install}\nLambda layer: ${SDK_LAYER_NAME} (ListLayers shows its ARN)`);
    });
}
