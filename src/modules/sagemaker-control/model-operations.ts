// CreateModel / DescribeModel / DeleteModel / ListModels and the same four for endpoint configs.
import { sagemakerControlError } from './errors.js';
import { type ListQuery, listPage } from './listing.js';
import { alreadyExists, arnOf, assertName, type Home, notFound } from './names.js';
import type { ResourceRepository } from './resource-repository.js';
import {
  type CreateEndpointConfigRequest,
  type CreateModelRequest,
  containerOf,
  type StoredConfig,
  type StoredModel,
} from './resources.js';

export class ModelOperations {
  constructor(
    private readonly repository: ResourceRepository,
    private readonly home: Home,
  ) {}

  async createModel(request: CreateModelRequest): Promise<{ ModelArn: string }> {
    assertName('modelName', request.ModelName);
    if ((request.Containers?.length ?? 0) > 1)
      throw sagemakerControlError(
        'VALIDATION',
        'Scones serves one container per model: multi-container (inference pipeline) models are not supported.',
      );
    const container = containerOf(request);
    if (!container?.ModelDataUrl?.startsWith('s3://'))
      throw sagemakerControlError(
        'VALIDATION',
        'PrimaryContainer.ModelDataUrl must name the model.tar.gz in S3 (s3://bucket/key): Scones has no model without its artifact.',
      );
    const { Tags: _tags, ...kept } = request;
    const ModelArn = arnOf(this.home, 'model', request.ModelName);
    if (!(await this.repository.create('model', request.ModelName, { ...kept, ModelArn })))
      throw alreadyExists(this.home, 'model', request.ModelName);
    return { ModelArn };
  }

  async describeModel(name: string) {
    const found = await this.repository.get<StoredModel>('model', name);
    if (!found) throw notFound(this.home, 'model', name);
    return { ...found.body, CreationTime: found.createdAt };
  }

  async deleteModel(name: string): Promise<void> {
    if (!(await this.repository.delete('model', name))) throw notFound(this.home, 'model', name);
  }

  async listModels(query: ListQuery) {
    const all = (await this.repository.list<StoredModel>('model')).map((m) => ({
      name: m.body.ModelName,
      createdAt: m.createdAt,
      summary: { ModelName: m.body.ModelName, ModelArn: m.body.ModelArn, CreationTime: m.createdAt },
    }));
    const { page, next } = listPage(all, query);
    return { Models: page.map((m) => m.summary), ...(next ? { NextToken: next } : {}) };
  }

  async createEndpointConfig(request: CreateEndpointConfigRequest): Promise<{ EndpointConfigArn: string }> {
    assertName('endpointConfigName', request.EndpointConfigName);
    for (const variant of request.ProductionVariants) {
      assertName('variantName', variant.VariantName);
      if (!(await this.repository.get('model', variant.ModelName)))
        throw notFound(this.home, 'model', variant.ModelName);
    }
    const names = request.ProductionVariants.map((v) => v.VariantName.toLowerCase());
    if (new Set(names).size !== names.length)
      throw sagemakerControlError('VALIDATION', 'The variant names of ProductionVariants must be unique.');
    const capture = request.DataCaptureConfig;
    if (capture && !capture.DestinationS3Uri.startsWith('s3://'))
      throw sagemakerControlError(
        'VALIDATION',
        `DataCaptureConfig.DestinationS3Uri ${capture.DestinationS3Uri} is not an s3:// URI.`,
      );
    const { Tags: _tags, ...kept } = request;
    const EndpointConfigArn = arnOf(this.home, 'endpoint-config', request.EndpointConfigName);
    const stored: StoredConfig = { ...kept, EndpointConfigArn };
    if (!(await this.repository.create('endpoint-config', request.EndpointConfigName, stored)))
      throw alreadyExists(this.home, 'endpoint-config', request.EndpointConfigName);
    return { EndpointConfigArn };
  }

  async describeEndpointConfig(name: string) {
    const found = await this.config(name);
    return { ...found.body, CreationTime: found.createdAt };
  }

  async config(name: string) {
    const found = await this.repository.get<StoredConfig>('endpoint-config', name);
    if (!found) throw notFound(this.home, 'endpoint-config', name);
    return found;
  }

  async model(name: string) {
    const found = await this.repository.get<StoredModel>('model', name);
    if (!found) throw notFound(this.home, 'model', name);
    return found.body;
  }

  async deleteEndpointConfig(name: string): Promise<void> {
    if (!(await this.repository.delete('endpoint-config', name)))
      throw notFound(this.home, 'endpoint-config', name);
  }

  async listEndpointConfigs(query: ListQuery) {
    const all = (await this.repository.list<StoredConfig>('endpoint-config')).map((c) => ({
      name: c.body.EndpointConfigName,
      createdAt: c.createdAt,
      summary: {
        EndpointConfigName: c.body.EndpointConfigName,
        EndpointConfigArn: c.body.EndpointConfigArn,
        CreationTime: c.createdAt,
      },
    }));
    const { page, next } = listPage(all, query);
    return { EndpointConfigs: page.map((c) => c.summary), ...(next ? { NextToken: next } : {}) };
  }
}
