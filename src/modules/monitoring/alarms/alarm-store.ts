// Alarms, their current state and their history (state changes, actions, configuration) in SQL.
import type { Kysely, Selectable } from 'kysely';
import type { AlarmHistoryTable, AlarmStateValue, AlarmsTable, MonitoringTables } from '../schema.js';
import type { AlarmDefinition } from './alarm-definition.js';

export interface StoredAlarm {
  readonly definition: AlarmDefinition;
  readonly state: AlarmStateValue;
  readonly stateReason: string;
  readonly stateReasonData: Readonly<Record<string, unknown>>;
  readonly stateUpdatedAt: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface HistoryItem {
  readonly id: number;
  readonly alarmName: string;
  readonly at: number;
  readonly type: AlarmHistoryTable['type'];
  readonly summary: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface StateChange {
  readonly state: AlarmStateValue;
  readonly reason: string;
  readonly reasonData: Readonly<Record<string, unknown>>;
  readonly at: number;
}

export class AlarmStore {
  constructor(private readonly db: Kysely<MonitoringTables>) {}

  async get(name: string): Promise<StoredAlarm | undefined> {
    const row = await this.db
      .selectFrom('monitoring_alarms')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? toAlarm(row) : undefined;
  }

  async list(filter: { state?: AlarmStateValue; prefix?: string } = {}): Promise<StoredAlarm[]> {
    let query = this.db.selectFrom('monitoring_alarms').selectAll().orderBy('name');
    if (filter.state) query = query.where('state', '=', filter.state);
    if (filter.prefix)
      query = query.where('name', '>=', filter.prefix).where('name', '<', `${filter.prefix}\uffff`);
    return (await query.execute()).map(toAlarm);
  }

  /** Creates the alarm in INSUFFICIENT_DATA, or replaces its definition keeping its state. */
  async put(definition: AlarmDefinition, now: number): Promise<'created' | 'updated'> {
    return this.db.transaction().execute(async (trx) => {
      // Insert-or-nothing, then update: two servers putting one new alarm at once both succeed (no unique error).
      const inserted = await trx
        .insertInto('monitoring_alarms')
        .values({
          name: definition.name,
          definition: JSON.stringify(definition),
          state: 'INSUFFICIENT_DATA',
          state_reason: 'Unchecked: Initial alarm creation',
          state_reason_data: '{}',
          state_updated_at: now,
          created_at: now,
          updated_at: now,
        })
        .onConflict((c) => c.column('name').doNothing())
        .executeTakeFirst();
      const created = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
      if (!created)
        await trx
          .updateTable('monitoring_alarms')
          .set({ definition: JSON.stringify(definition), updated_at: now })
          .where('name', '=', definition.name)
          .execute();
      await appendHistory(
        trx,
        definition.name,
        now,
        'ConfigurationUpdate',
        `Alarm "${definition.name}" ${created ? 'created' : 'updated'}`,
        { definition },
      );
      return created ? 'created' : 'updated';
    });
  }

  async delete(name: string): Promise<boolean> {
    const result = await this.db.deleteFrom('monitoring_alarms').where('name', '=', name).executeTakeFirst();
    await this.db.deleteFrom('monitoring_alarm_history').where('alarm_name', '=', name).execute();
    return Number(result.numDeletedRows) > 0;
  }

  /**
   * Records a new state and its history item together, only if the alarm is still in `previous` (compare and
   * set): of several servers evaluating one alarm, one makes the change and runs its actions. True if this did.
   */
  async changeState(name: string, previous: AlarmStateValue, change: StateChange): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const changed = await trx
        .updateTable('monitoring_alarms')
        .set({
          state: change.state,
          state_reason: change.reason,
          state_reason_data: JSON.stringify(change.reasonData),
          state_updated_at: change.at,
        })
        .where('name', '=', name)
        .where('state', '=', previous)
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) === 0) return false;
      await appendHistory(
        trx,
        name,
        change.at,
        'StateUpdate',
        `Alarm updated from ${previous} to ${change.state}`,
        {
          oldState: previous,
          newState: change.state,
          reason: change.reason,
          reasonData: change.reasonData,
        },
      );
      return true;
    });
  }

  /** The latest reason of an unchanged state (what the last evaluation saw). */
  async touch(name: string, reason: string, reasonData: Readonly<Record<string, unknown>>): Promise<void> {
    await this.db
      .updateTable('monitoring_alarms')
      .set({ state_reason: reason, state_reason_data: JSON.stringify(reasonData) })
      .where('name', '=', name)
      .execute();
  }

  async appendAction(
    name: string,
    at: number,
    summary: string,
    data: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    await appendHistory(this.db, name, at, 'Action', summary, data);
  }

  /** Newest first. */
  async history(
    name: string,
    options: { type?: HistoryItem['type']; limit?: number } = {},
  ): Promise<HistoryItem[]> {
    let query = this.db
      .selectFrom('monitoring_alarm_history')
      .selectAll()
      .where('alarm_name', '=', name)
      .orderBy('id', 'desc')
      .limit(options.limit ?? 100);
    if (options.type) query = query.where('type', '=', options.type);
    return (await query.execute()).map(toHistoryItem);
  }
}

async function appendHistory(
  db: Kysely<MonitoringTables>,
  name: string,
  at: number,
  type: HistoryItem['type'],
  summary: string,
  data: Readonly<Record<string, unknown>>,
): Promise<void> {
  await db
    .insertInto('monitoring_alarm_history')
    .values({ alarm_name: name, at, type, summary, data: JSON.stringify(data) })
    .execute();
}

function toAlarm(row: Selectable<AlarmsTable>): StoredAlarm {
  return {
    definition: JSON.parse(row.definition) as AlarmDefinition,
    state: row.state,
    stateReason: row.state_reason,
    stateReasonData: JSON.parse(row.state_reason_data) as Record<string, unknown>,
    stateUpdatedAt: Number(row.state_updated_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toHistoryItem(row: Selectable<AlarmHistoryTable>): HistoryItem {
  return {
    id: row.id,
    alarmName: row.alarm_name,
    at: Number(row.at),
    type: row.type,
    summary: row.summary,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}
