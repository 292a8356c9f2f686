// Create/Describe/Delete/List/Stop/StartMonitoringSchedule(s) over Scones's monitoring: the schedule's job
// definition names the endpoint, and the endpoint gets Scones's schedule (one per endpoint) with the cron and
// the endpoint's capture destination, so `scones monitor schedules` and the dashboard show it.
import { isSconesError } from '../../../kernel/errors.js';
import { sagemakerControlError } from '../errors.js';
import { type ListQuery, listPage } from '../listing.js';
import { arnOf, assertName, type Home } from '../names.js';
import type { ResourceRepository } from '../resource-repository.js';
import type { Echoed } from '../resources.js';
import { type ExecutionQuery, executionPage, executionSummary, runsOf } from './executions.js';
import { endpointOf, type JobDefinitionOperations } from './job-definitions.js';
import type { MonitorPort } from './monitor-port.js';
import { DAILY_DEFAULT, toSconesCron } from './schedule-expression.js';

export interface CreateScheduleRequest extends Echoed {
  readonly MonitoringScheduleName: string;
  readonly MonitoringScheduleConfig: {
    readonly ScheduleConfig?: { readonly ScheduleExpression: string } & Echoed;
    readonly MonitoringJobDefinitionName?: string;
    readonly MonitoringJobDefinition?: Echoed;
    readonly MonitoringType?: string;
  } & Echoed;
}

interface StoredSchedule {
  readonly MonitoringScheduleName: string;
  readonly MonitoringScheduleArn: string;
  readonly MonitoringScheduleConfig: CreateScheduleRequest['MonitoringScheduleConfig'];
  readonly MonitoringType: 'DataQuality';
  readonly EndpointName: string;
  readonly MonitoringScheduleStatus: 'Scheduled' | 'Stopped';
}

const KIND = 'monitoring-schedule';
/** The endpoint's one schedule: Scones's monitoring keeps one schedule per endpoint. */
const ENDPOINT_CLAIM = 'monitored-endpoint';

export interface ScheduleParts {
  readonly repository: ResourceRepository;
  readonly home: Home;
  readonly definitions: JobDefinitionOperations;
  readonly monitor: MonitorPort;
  /**
   * The endpoint as Scones names it (SageMaker's names are case-insensitive) and its capture destination
   * (`s3://...`), if any; throws when the endpoint does not exist.
   */
  readonly endpoint: (name: string) => Promise<{ name: string; capture: string | undefined }>;
}

export class MonitoringScheduleOperations {
  constructor(private readonly parts: ScheduleParts) {}

  async create(request: CreateScheduleRequest): Promise<{ MonitoringScheduleArn: string }> {
    const { repository, home } = this.parts;
    const name = request.MonitoringScheduleName;
    assertName('monitoringScheduleName', name);
    const config = request.MonitoringScheduleConfig;
    if ((config.MonitoringType ?? 'DataQuality') !== 'DataQuality')
      throw refuse(`Scones serves DataQuality monitoring only, not ${config.MonitoringType}.`);
    if (config.MonitoringJobDefinitionName === undefined)
      throw refuse(
        'Scones needs MonitoringScheduleConfig.MonitoringJobDefinitionName (a CreateDataQualityJobDefinition); an inline MonitoringJobDefinition is not served.',
      );
    const cron = toSconesCron(config.ScheduleConfig?.ScheduleExpression ?? DAILY_DEFAULT);
    const definition = await this.parts.definitions.get(config.MonitoringJobDefinitionName);
    const { name: endpoint, capture } = await this.parts.endpoint(endpointOf(definition.body));
    const MonitoringScheduleArn = arnOf(home, KIND, name);
    await this.#claimEndpoint(endpoint, MonitoringScheduleArn);
    const stored: StoredSchedule = {
      MonitoringScheduleName: name,
      MonitoringScheduleArn,
      MonitoringScheduleConfig: { ...config, MonitoringType: 'DataQuality' },
      MonitoringType: 'DataQuality',
      EndpointName: endpoint,
      MonitoringScheduleStatus: 'Scheduled',
    };
    try {
      if (!(await repository.create(KIND, name, stored)))
        throw sagemakerControlError(
          'RESOURCE_IN_USE',
          `Monitoring schedule "${MonitoringScheduleArn}" already exists.`,
        );
      try {
        await this.parts.monitor.schedule(endpoint, { cron, ...(capture ? { capture } : {}) });
      } catch (error) {
        await repository.delete(KIND, name);
        throw error;
      }
    } catch (error) {
      await repository.delete(ENDPOINT_CLAIM, endpoint);
      throw error;
    }
    return { MonitoringScheduleArn };
  }

  async describe(name: string) {
    const found = await this.#get(name);
    const last = (await runsOf(this.parts.monitor, found.body, found.createdAt))[0];
    return {
      ...found.body,
      CreationTime: found.createdAt,
      LastModifiedTime: found.updatedAt,
      ...(last ? { LastMonitoringExecutionSummary: executionSummary(found.body, last) } : {}),
    };
  }

  async delete(name: string): Promise<void> {
    const found = await this.#get(name);
    if (found.body.MonitoringScheduleStatus === 'Scheduled') await this.#unschedule(found.body.EndpointName);
    await this.parts.repository.delete(KIND, name);
    await this.parts.repository.delete(ENDPOINT_CLAIM, found.body.EndpointName);
  }

  async stop(name: string): Promise<void> {
    const found = await this.#get(name);
    if (found.body.MonitoringScheduleStatus === 'Stopped') return;
    await this.#unschedule(found.body.EndpointName);
    await this.parts.repository.update(KIND, name, { ...found.body, MonitoringScheduleStatus: 'Stopped' });
  }

  async start(name: string): Promise<void> {
    const found = await this.#get(name);
    if (found.body.MonitoringScheduleStatus === 'Scheduled') return;
    const expression = found.body.MonitoringScheduleConfig.ScheduleConfig?.ScheduleExpression;
    const { capture } = await this.parts.endpoint(found.body.EndpointName);
    await this.parts.monitor.schedule(found.body.EndpointName, {
      cron: toSconesCron(expression ?? DAILY_DEFAULT),
      ...(capture ? { capture } : {}),
    });
    await this.parts.repository.update(KIND, name, { ...found.body, MonitoringScheduleStatus: 'Scheduled' });
  }

  async list(query: ListQuery & ScheduleFilters) {
    const all = (await this.#all())
      .filter(
        ({ body, updatedAt }) =>
          matches(body, query) &&
          (query.LastModifiedTimeAfter === undefined || updatedAt > query.LastModifiedTimeAfter) &&
          (query.LastModifiedTimeBefore === undefined || updatedAt < query.LastModifiedTimeBefore),
      )
      .map((s) => ({ ...s, name: s.body.MonitoringScheduleName, status: s.body.MonitoringScheduleStatus }));
    const { page, next } = listPage(all, query);
    return {
      MonitoringScheduleSummaries: page.map((s) => ({
        MonitoringScheduleName: s.name,
        MonitoringScheduleArn: s.body.MonitoringScheduleArn,
        CreationTime: s.createdAt,
        LastModifiedTime: s.updatedAt,
        MonitoringScheduleStatus: s.status,
        EndpointName: s.body.EndpointName,
        MonitoringJobDefinitionName: s.body.MonitoringScheduleConfig.MonitoringJobDefinitionName,
        MonitoringType: s.body.MonitoringType,
      })),
      ...(next ? { NextToken: next } : {}),
    };
  }

  async executions(query: ExecutionQuery & { MonitoringScheduleName?: string; EndpointName?: string }) {
    const wanted = query.MonitoringScheduleName?.toLowerCase();
    const schedules = (await this.#all()).filter(
      ({ body }) =>
        (wanted === undefined || body.MonitoringScheduleName.toLowerCase() === wanted) &&
        (query.EndpointName === undefined || body.EndpointName === query.EndpointName),
    );
    const withRuns = await Promise.all(
      schedules.map(async (s) => ({
        ref: s.body,
        runs: await runsOf(this.parts.monitor, s.body, s.createdAt),
      })),
    );
    return executionPage(withRuns, query);
  }

  /** True when a schedule names the job definition. */
  async usesDefinition(definition: string): Promise<boolean> {
    const key = definition.toLowerCase();
    return (await this.#all()).some(
      (s) => s.body.MonitoringScheduleConfig.MonitoringJobDefinitionName?.toLowerCase() === key,
    );
  }

  async #get(name: string) {
    const found = await this.parts.repository.get<StoredSchedule>(KIND, name);
    if (!found)
      throw sagemakerControlError(
        'RESOURCE_NOT_FOUND',
        `Could not find monitoring schedule "${arnOf(this.parts.home, KIND, name)}".`,
        { name },
      );
    return found;
  }

  /** One schedule per endpoint, claimed by an insert-or-refuse row: of two creates racing, one wins. */
  async #claimEndpoint(endpoint: string, scheduleArn: string): Promise<void> {
    const { repository } = this.parts;
    if (await repository.create(ENDPOINT_CLAIM, endpoint, { MonitoringScheduleArn: scheduleArn })) return;
    const holder = await repository.get<{ MonitoringScheduleArn: string }>(ENDPOINT_CLAIM, endpoint);
    throw sagemakerControlError(
      'RESOURCE_IN_USE',
      `Endpoint "${endpoint}" already has monitoring schedule "${holder?.body.MonitoringScheduleArn ?? ''}"; Scones runs one schedule per endpoint.`,
    );
  }

  #all() {
    return this.parts.repository.list<StoredSchedule>(KIND);
  }

  /** Scones's schedule may already be gone (`scones monitor` can remove it): nothing left to stop then. */
  async #unschedule(endpoint: string): Promise<void> {
    await this.parts.monitor.unschedule(endpoint).catch((error: unknown) => {
      if (!isSconesError(error) || error.code !== 'MONITORING_NO_SCHEDULE') throw error;
    });
  }
}

interface ScheduleFilters {
  readonly LastModifiedTimeAfter?: number;
  readonly LastModifiedTimeBefore?: number;
  readonly EndpointName?: string;
  readonly MonitoringJobDefinitionName?: string;
  readonly MonitoringTypeEquals?: string;
}

function matches(body: StoredSchedule, query: ScheduleFilters): boolean {
  return (
    (query.EndpointName === undefined || body.EndpointName === query.EndpointName) &&
    (query.MonitoringJobDefinitionName === undefined ||
      body.MonitoringScheduleConfig.MonitoringJobDefinitionName === query.MonitoringJobDefinitionName) &&
    (query.MonitoringTypeEquals === undefined || query.MonitoringTypeEquals === body.MonitoringType)
  );
}

function refuse(message: string) {
  return sagemakerControlError('VALIDATION', message);
}
