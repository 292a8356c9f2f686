// Registers every command group; one file per noun.
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerConfigCommand } from './config.js';
import { registerDataCommands } from './data.js';
import { registerDbCommands } from './db.js';
import { registerEndpointCommands } from './endpoints.js';
import { registerFunctionCommands } from './functions.js';
import { registerIamCommands } from './iam.js';
import { registerMetricsCommands } from './metrics.js';
import { registerAlarmCommands } from './metrics-alarms.js';
import { registerModelCommands } from './models.js';
import { registerMonitorCommands } from './monitor.js';
import { registerSdkCommands } from './sdk.js';
import { registerServeCommand } from './serve.js';
import { registerStoreCommands } from './store.js';
import { registerTrainCommand } from './train.js';
import { registerUpCommand } from './up.js';
import { registerWorkflowCommands } from './workflow.js';

export function registerCommands(program: Command, context: CliContext): void {
  registerUpCommand(program, context);
  registerDataCommands(program, context);
  registerStoreCommands(program, context);
  registerTrainCommand(program, context);
  registerModelCommands(program, context);
  registerFunctionCommands(program, context);
  registerIamCommands(program, context);
  registerEndpointCommands(program, context);
  registerMonitorCommands(program, context);
  registerMetricsCommands(program, context);
  registerAlarmCommands(program, context);
  registerServeCommand(program, context);
  registerConfigCommand(program, context);
  registerDbCommands(program, context);
  registerWorkflowCommands(program, context);
  registerSdkCommands(program, context);
}
