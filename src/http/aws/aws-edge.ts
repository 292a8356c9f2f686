// The AWS-compatible APIs on the shared port: the pre-routing rule and the protocol plugins it routes to.
import type { FastifyPluginAsync } from 'fastify';
import type { ObjectStore } from '../../modules/storage/index.js';
import type { EdgeAuth } from '../auth/edge-auth.js';
import { type OwnRoutes, S3_MOUNT } from './edge-routing.js';
import { serveUnknownExpectations } from './s3/expect-header.js';
import { s3Plugin } from './s3/s3-plugin.js';

export { awsEdgeRewriteUrl, OwnRoutes } from './edge-routing.js';

export interface AwsEdgeServices {
  readonly store: ObjectStore;
  readonly auth?: EdgeAuth | undefined;
  /** Scones's own route paths, which unsigned requests keep (see edge-routing.ts). */
  readonly ownRoutes: OwnRoutes;
}

/** Registers each AWS protocol plugin under its internal mount; `awsEdgeRewriteUrl` sends requests there. */
export const awsEdgeRoutes: FastifyPluginAsync<AwsEdgeServices> = async (app, services) => {
  await app.register(s3Plugin, { prefix: S3_MOUNT, store: services.store, auth: services.auth });
  serveUnknownExpectations(app.server, services.ownRoutes);
};
