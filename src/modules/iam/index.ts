// Public face of identity and access: policies, evaluation, SigV4 verification, ARNs and action mapping.
export { type AccessRequest, access } from './access/access-request.js';
export { ACCOUNT_ID, arns, canonicalRoleArn, PARTITION, roleNameOf } from './access/arns.js';
export { globalContext, type RequestFacts, timeContext } from './access/global-context.js';
export {
  LAMBDA_OPERATIONS,
  type LambdaOperation,
  type LambdaTarget,
  lambdaAccess,
} from './access/lambda-access.js';
export { S3_OPERATIONS, type S3Operation, type S3Target, s3Access } from './access/s3-access.js';
export {
  SAGEMAKER_OPERATIONS,
  type SageMakerOperation,
  type SageMakerTarget,
  sagemakerAccess,
} from './access/sagemaker-access.js';
export {
  canonicalStatesArn,
  STATES_OPERATIONS,
  type StatesOperation,
  type StatesTarget,
  statesAccess,
} from './access/states-access.js';
export { parseBearer } from './api-key.js';
export type { Authenticated } from './authenticator.js';
export { IAM_ERROR_CODES, iamError } from './errors.js';
export { type IamOptions, IamService, type SimulationResult } from './iam-service.js';
export {
  type CallerIdentity,
  type Decision,
  type DecisionKind,
  describeStatement,
  type EvaluationRequest,
  evaluatePolicies,
  type NamedPolicy,
  type NearMiss,
  type StatementRef,
} from './policy/evaluate.js';
export { analyzePolicy, MAX_POLICY_CHARS, parsePolicy, validatePolicy } from './policy/policy-parse.js';
export type { Effect, Policy, PolicyKind, PolicyProblem, Statement } from './policy/policy-types.js';
export {
  type ConditionContext,
  type ContextInput,
  type ContextValue,
  toConditionContext,
} from './policy/request-context.js';
export type { AttachedPolicy, PrincipalRef } from './policy-store.js';
export {
  type Principal,
  principalContext,
  type RoleSessionPrincipal,
  type UserPrincipal,
} from './principal.js';
export {
  callerIdentityOf,
  type ResourceDecision,
  resourceAccessDenied,
} from './resource-access.js';
export {
  type CreateRoleInput,
  DEFAULT_TRUSTED_SERVICES,
  type IamRole,
  trustPolicyForServices,
} from './role-directory.js';
export { type AssumeRoleInput, MIN_SESSION_SECONDS, type TemporaryCredentials } from './role-sessions.js';
export { assertRoleTrusts } from './role-trust.js';
export { iamMigrations } from './schema.js';
export { fileSecretBox, type SecretBox } from './secret-box.js';
export { serviceSessionPrincipal } from './session-principal.js';
export type { PostPolicySignature } from './sigv4/post-policy-verify.js';
export { type OutgoingRequest, type SigningCredentials, signRequest } from './sigv4/sigv4-sign.js';
export type {
  ChunkVerifier,
  SecretLookup,
  SignedRequest,
  SigningCredential,
  VerifiedRequest,
  VerifyOptions,
} from './sigv4/sigv4-types.js';
export { MAX_SKEW_MS, verifySigV4 } from './sigv4/sigv4-verify.js';
export {
  type AccessKeyInfo,
  type AccessKeyStatus,
  type IamUser,
  MAX_KEYS_PER_USER,
  type NewAccessKey,
} from './user-directory.js';
