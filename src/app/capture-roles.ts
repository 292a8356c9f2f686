// Data capture as SageMaker writes it: with the endpoint's execution role. With auth on, each capture file is
// written only if that role (trusting sagemaker.amazonaws.com) may `s3:PutObject` the file's key; a refusal is a
// logged capture error and a metric, never a failed inference.
import {
  ACCOUNT_ID,
  arns,
  assertRoleTrusts,
  type IamService,
  iamError,
  roleNameOf,
  s3Access,
  serviceSessionPrincipal,
} from '../modules/iam/index.js';
import type { CaptureAuthorizer, CaptureFailureListener } from '../modules/inference/index.js';
import { DIMENSIONS, type MetricsRecorder, NAMESPACES } from '../modules/monitoring/index.js';
import { allow, type RoleSpec } from './iam-roles.js';

export const SAGEMAKER_SERVICE = 'sagemaker.amazonaws.com';
const SESSION = 'scones-data-capture';
/** Capture files not written, with a Reason dimension: AccessDenied or WriteFailed. */
export const CAPTURE_ERRORS_METRIC = 'DataCaptureErrors';

export function captureRoleAuthorizer(iam: IamService, region: string): CaptureAuthorizer {
  return {
    async authorizeWrite(write) {
      const roleArn = write.executionRoleArn;
      if (roleArn === undefined)
        throw iamError(
          'ACCESS_DENIED',
          `endpoint ${write.endpoint} has no execution role, so nothing may write its data capture`,
        );
      const roleName = roleNameOf(roleArn);
      if (roleName === undefined) throw iamError('ACCESS_DENIED', `${roleArn} is not an IAM role ARN`);
      // Looked up on every file, as AWS does: a role deleted or edited since the deploy takes effect at once.
      const role = await iam.roles.getRole(roleName);
      assertRoleTrusts(role, { service: SAGEMAKER_SERVICE });
      await iam.enforce(
        serviceSessionPrincipal(role, SESSION, Date.now()),
        s3Access('PutObject', { bucket: write.bucket, key: write.key }),
        {
          'aws:SourceArn': arns.endpoint(region, write.endpoint),
          'aws:SourceAccount': ACCOUNT_ID,
        },
      );
    },
  };
}

/** Each capture file not written, as a metric per endpoint and variant. */
export function captureFailureMetrics(metrics: MetricsRecorder): CaptureFailureListener {
  return {
    onCaptureFailure: (failure) =>
      metrics.put({
        namespace: NAMESPACES.endpoints,
        name: CAPTURE_ERRORS_METRIC,
        dimensions: {
          [DIMENSIONS.endpoint]: failure.endpoint,
          [DIMENSIONS.variant]: failure.variant,
          Reason: failure.reason === 'denied' ? 'AccessDenied' : 'WriteFailed',
        },
        value: 1,
        at: failure.at,
        unit: 'Count',
      }),
  };
}

/** An endpoint's least-privilege capture role: PutObject under `<prefix>/<endpoint>/` of its destination only. */
export function endpointCaptureRole(
  endpoint: string,
  destination: { bucket: string; prefix: string },
): RoleSpec {
  const base = destination.prefix.replace(/\/+$/, '');
  return {
    name: `scones-endpoint-${endpoint}`,
    services: [SAGEMAKER_SERVICE],
    description: `endpoint ${endpoint}: writes its data capture files`,
    policies: {
      'write-data-capture': allow(
        's3:PutObject',
        arns.s3Object(destination.bucket, `${base ? `${base}/` : ''}${endpoint}/*`),
      ),
    },
  };
}
