// Publishes each report of a monitored endpoint where Model Monitor puts it: under the schedule's job definition
// output, `<S3Uri>/<endpoint>/<schedule>/yyyy/mm/dd/hh/` of the scheduled time, as statistics.json and
// constraint_violations.json in SageMaker's formats (Scones's own documents stay where `scones monitor` keeps them).
import type { ReportDocument, StatisticsDocument } from '../../monitoring/index.js';
import { type ObjectStore, parseS3Uri } from '../../storage/index.js';
import type { ResourceRepository } from '../resource-repository.js';
import { type JobDefinitionOperations, outputOf } from './job-definitions.js';
import { sagemakerStatistics, sagemakerViolations } from './sagemaker-documents.js';

interface ScheduleRow {
  readonly MonitoringScheduleName: string;
  readonly EndpointName: string;
  readonly MonitoringScheduleConfig: { readonly MonitoringJobDefinitionName?: string };
}

/** `2026/12/08/03`: the execution's folder, from its scheduled time (UTC). */
export function hourFolder(at: number): string {
  const iso = new Date(at).toISOString();
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(11, 13)}`;
}

export class ReportExporter {
  constructor(
    private readonly parts: {
      readonly repository: ResourceRepository;
      readonly definitions: JobDefinitionOperations;
      readonly store: ObjectStore;
    },
  ) {}

  async export(report: ReportDocument): Promise<void> {
    const schedules = (await this.parts.repository.list<ScheduleRow>('monitoring-schedule')).filter(
      ({ body }) => body.EndpointName.toLowerCase() === report.endpoint.toLowerCase(),
    );
    if (schedules.length === 0) return;
    const source = parseS3Uri(report.files.statistics);
    const profiled = JSON.parse(
      (await this.parts.store.getObjectBytes(source.bucket, source.key)).toString('utf8'),
    ) as StatisticsDocument;
    const documents = {
      'statistics.json': sagemakerStatistics(profiled),
      'constraint_violations.json': sagemakerViolations(report.violations),
    };
    for (const { body } of schedules) {
      const definitionName = body.MonitoringScheduleConfig.MonitoringJobDefinitionName;
      if (definitionName === undefined) continue;
      const output = parseS3Uri(outputOf((await this.parts.definitions.get(definitionName)).body));
      const folder = [
        output.key.replace(/\/+$/, ''),
        body.EndpointName,
        body.MonitoringScheduleName,
        hourFolder(Date.parse(report.window.to)),
      ]
        .filter((part) => part !== '')
        .join('/');
      await this.parts.store.ensureBucket(output.bucket);
      for (const [file, document] of Object.entries(documents))
        await this.parts.store.putObject(
          output.bucket,
          `${folder}/${file}`,
          Buffer.from(`${JSON.stringify(document, null, 2)}\n`),
          { contentType: 'application/json' },
        );
    }
  }
}
