// The workflows module's public face: the workflow service (durable executions, state machines, versions, aliases),
// definition validation, the pure ASL core, the express runner, the state-machine test runner.

export type { AliasDescription, RoutingEntry } from './aliases.js';
export { parseExecutionArn, parseMachineRef, stateMachineArn } from './arns.js';
export type { Command, RunTaskCommand, StartChildCommand, TimerPurpose } from './asl/commands.js';
export type { Machine, QueryLanguage, StateDefinition, StateMachineDefinition } from './asl/definition.js';
export { machineAt } from './asl/definition.js';
export { StatesErrors } from './asl/errors.js';
export type { EventBody, EventStamp, WorkflowEvent } from './asl/events.js';
export type { HistoryEvent, HistoryEventType, HistoryMode } from './asl/history.js';
export type { Json, JsonObject } from './asl/json.js';
export type { JsonataJob, JsonataOffload, JsonataOutcome } from './asl/jsonata/run.js';
export type { ActiveState, ExecutionInfo, RunState, RunStatus } from './asl/run-state.js';
export { newChildState, newExecutionState } from './asl/run-state.js';
export { MAX_PAYLOAD_BYTES, type StepOptions, type StepResult, step } from './asl/step/step.js';
export { lambdaFailure, lambdaInvokeResult } from './asl/task/integration-results.js';
export { parseFunctionName, parseResource, type TaskResource } from './asl/task/resource.js';
export type { Diagnostic, DiagnosticCode } from './asl/validate/diagnostics.js';
export { type ValidationResult, validateDefinition } from './asl/validate/validate.js';
export type {
  Candidate,
  ExecutionJournal,
  JournalOwner,
  LoadedExecution,
} from './engine/durable/journal/execution-journal.js';
export { memoryExecutionJournal } from './engine/durable/journal/memory-journal.js';
export { sqlExecutionJournal } from './engine/durable/journal/sql-journal.js';
export type { ExecutionEnd } from './engine/durable/journal/write-batch.js';
export { WriteBatch } from './engine/durable/journal/write-batch.js';
export type { ExecutionEvent, ExecutionListener } from './engine/execution-listener.js';
export {
  EXPRESS_HISTORY,
  ExpressRunner,
  type ExpressRunnerOptions,
  type RunOutcome,
  type RunRequest,
  type StartedRun,
} from './engine/express/express-runner.js';
export {
  type MockConfigFile,
  type MockedResponse,
  resolveMocks,
  type StateMocks,
} from './engine/express/mocks.js';
export type {
  InvokeEndpointRequest,
  InvokeEndpointResult,
  InvokeFunctionRequest,
  InvokeFunctionResult,
  ObjectStorePort,
  ObjectSummary,
  StartExecutionRequest,
  StartExecutionResult,
  StoredObject,
  TaskAccess,
  TaskAuthorizer,
  TaskCaller,
  TaskDispatcher,
} from './engine/ports.js';
export { TaskFailure } from './engine/ports.js';
export type { ExecutionResult } from './engine/storage-runner.js';
export {
  DEFAULT_EXPRESSION_TIMEOUT_MS,
  defaultPoolSize,
  ExpressionPool,
  type ExpressionPoolOptions,
  type ExpressionPoolStats,
} from './engine/tasks/expression-pool.js';
export type {
  FunctionInvocation,
  FunctionInvocationResult,
  FunctionInvoker,
} from './engine/tasks/function-invoker.js';
export { objectStorePort } from './engine/tasks/object-store-port.js';
export { executeTask } from './engine/tasks/task-executor.js';
export type { TaskEvent, TaskPorts, TaskReport } from './engine/tasks/task-report.js';
export { type DispatcherParts, workflowDispatcher } from './engine/tasks/workflow-dispatcher.js';
export { workflowError } from './errors.js';
export type {
  ExecutionDescription,
  ExecutionSummary,
  HistoryInput,
  ListExecutionsInput,
} from './execution-queries.js';
export type { StartExecutionInput } from './executions.js';
export { workflowMigrations } from './migrations.js';
export type { Page } from './paging.js';
export type { ExecutionStatus } from './schema.js';
export {
  type CreateStateMachineInput,
  type MachineType,
  parseDefinition,
  type StateMachineDescription,
  type UpdateStateMachineInput,
} from './state-machines.js';
export type { TestStateInput, TestStateOutput } from './test-state.js';
export {
  type ExpectedResult,
  type FunctionStub,
  loadTestCases,
  parseTestCase,
  type TestCase,
} from './testing/case-file.js';
export {
  type CaseReport,
  runCase,
  runTestCases,
  runTestFiles,
  type TestReport,
  type TestRunOptions,
} from './testing/test-runner.js';
export { assertValidDefinition } from './validation.js';
export { type ValidateOutput, WorkflowService, type WorkflowServiceOptions } from './workflow-service.js';
