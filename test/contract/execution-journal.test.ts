// One contract for every ExecutionJournal adapter (memory, and SQL on SQLite and PostgreSQL): rounds commit whole
// or not at all, only an execution's owner commits to it, claims are compare-and-set, and two engines racing on
// one journal never both take the same execution.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSconesError } from '../../src/kernel/errors.js';
import { type ExecutionJournal, WriteBatch } from '../../src/modules/workflows/index.js';
import { JOURNAL_ADAPTERS, type OpenedJournal } from '../support/journal-adapters.js';
import {
  arnOf,
  DEFINITION,
  firstRound,
  NOW,
  nextRound,
  owner,
  runRow,
  taskRow,
} from '../support/journal-rows.js';

const A = owner('a');
const B = owner('b');

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return isSconesError(error) ? error.code : `not a typed error: ${String(error)}`;
}

for (const adapter of JOURNAL_ADAPTERS) {
  describe(`ExecutionJournal contract: ${adapter.name}`, () => {
    let opened: OpenedJournal;
    let journal: ExecutionJournal;

    beforeEach(async () => {
      opened = await adapter.create();
      journal = opened.journal;
    });
    afterEach(async () => opened.cleanup());

    it('commits a round and loads the execution back as it left it', async () => {
      const arn = arnOf('one');
      await journal.commit(A, firstRound(arn, A));
      const loaded = await journal.load(arn);
      expect(loaded?.row).toMatchObject({ arn, status: 'RUNNING', owner: A.id, lease_until: NOW + 30_000 });
      expect(loaded?.definition).toBe(DEFINITION);
      expect(loaded?.runs).toEqual([runRow(arn, 'root', 'running')]);
      expect(loaded?.timers).toEqual([
        { execution_arn: arn, timer_id: 't1', run_id: 'root', due_at: NOW + 1000 },
      ]);
      expect(loaded?.nextEventId).toBe(2);
      expect(loaded?.nextJournalSeq).toBe(2);
      expect(await journal.load(arnOf('none'))).toBeUndefined();
    });

    it('applies later writes over earlier ones: upserts, deletes and submitted marks', async () => {
      const arn = arnOf('later');
      await journal.commit(A, firstRound(arn, A));
      const round = nextRound(arn, 2);
      round.putRun(arn, 'root', () => runRow(arn, 'root', 'ended'));
      round.putRun(arn, 'child', () => runRow(arn, 'child', 'pending'));
      round.deleteTimer(arn, 't1');
      round.putTimer({ execution_arn: arn, timer_id: 't2', run_id: 'root', due_at: NOW + 5 });
      round.putTask(taskRow(arn, 'k1'));
      round.putTask(taskRow(arn, 'k2'));
      await journal.commit(A, round);
      const third = nextRound(arn, 3);
      third.markSubmitted(arn, 'k1');
      third.deleteTask(arn, 'k2');
      third.deleteRun(arn, 'child');
      await journal.commit(A, third);
      const loaded = await journal.load(arn);
      expect(loaded?.runs).toEqual([runRow(arn, 'root', 'ended')]);
      expect(loaded?.timers.map((t) => [t.timer_id, t.due_at])).toEqual([['t2', NOW + 5]]);
      expect(loaded?.tasks).toEqual([{ ...taskRow(arn, 'k1'), submitted: 1 }]);
      expect(loaded?.nextEventId).toBe(4);
    });

    it('ends an execution: keeps its row and releases it, drops its runs, timers, tasks and inbox', async () => {
      const arn = arnOf('ends');
      await journal.commit(A, firstRound(arn, A));
      await journal.appendInbox(arn, 'root', '{"type":"stop"}', NOW);
      const round = nextRound(arn, 2);
      round.putTask(taskRow(arn, 'k1'));
      round.endExecution(arn, {
        status: 'SUCCEEDED',
        output: '1',
        error: null,
        cause: null,
        stopDate: NOW + 9,
      });
      await journal.commit(A, round);
      const loaded = await journal.load(arn);
      expect(loaded?.row).toMatchObject({
        status: 'SUCCEEDED',
        output: '1',
        stop_date: NOW + 9,
        owner: null,
      });
      expect([loaded?.runs, loaded?.timers, loaded?.tasks, loaded?.inbox]).toEqual([[], [], [], []]);
      expect(loaded?.nextEventId).toBe(3);
      expect(await journal.candidate(arn)).toBeUndefined();
      expect(await journal.candidates(B)).toEqual([]);
    });

    it('commits nothing of a round that fails', async () => {
      const arn = arnOf('atomic');
      await journal.commit(A, firstRound(arn, A));
      const round = nextRound(arn, 2);
      round.putTimer({ execution_arn: arn, timer_id: 't9', run_id: 'root', due_at: NOW });
      round.history.push({ execution_arn: arn, id: 1, event: '{"again":true}' });
      expect(await codeOf(journal.commit(A, round))).toBe('DB_UNIQUE_VIOLATION');
      const loaded = await journal.load(arn);
      expect(loaded?.timers.map((t) => t.timer_id)).toEqual(['t1']);
      expect([loaded?.nextEventId, loaded?.nextJournalSeq]).toEqual([2, 2]);
      expect(await codeOf(journal.commit(A, firstRound(arn, A)))).toBe('DB_UNIQUE_VIOLATION');
    });

    it('fences commits: an engine that no longer drives an execution commits nothing to it', async () => {
      const arn = arnOf('fenced');
      const other = arnOf('other');
      await journal.commit(A, firstRound(arn, A, NOW - 1));
      await journal.commit(B, firstRound(other, B));
      const seen = await journal.candidate(arn);
      expect(await journal.claim(seen ?? expect.fail('no candidate'), B, NOW + 30_000)).toBe(true);
      const stale = nextRound(arn, 2);
      stale.absorb(nextRound(other, 2));
      expect(await codeOf(journal.commit(A, stale))).toBe('WORKFLOW_EXECUTION_NOT_OWNED');
      expect(await codeOf(journal.commit(A, nextRound(other, 2)))).toBe('WORKFLOW_EXECUTION_NOT_OWNED');
      expect((await journal.load(other))?.nextEventId).toBe(2);
      await journal.commit(B, nextRound(arn, 2));
      expect((await journal.load(arn))?.nextEventId).toBe(3);
    });

    it('lists candidates unowned and expired first, never its own or ended ones', async () => {
      await journal.commit(A, firstRound(arnOf('live'), A, NOW + 60_000));
      await journal.commit(A, firstRound(arnOf('expired'), A, NOW - 5));
      await journal.commit(A, firstRound(arnOf('free'), null));
      await journal.commit(B, firstRound(arnOf('mine'), B));
      const listed = await journal.candidates(B);
      expect(listed.map((c) => c.arn)).toEqual([arnOf('free'), arnOf('expired'), arnOf('live')]);
      expect(listed[1]).toEqual({
        arn: arnOf('expired'),
        owner: A.id,
        owner_host: A.host,
        owner_pid: 1,
        lease_until: NOW - 5,
      });
    });

    it('claims by compare-and-set on owner and lease; renews and releases only its own', async () => {
      const arn = arnOf('cas');
      await journal.commit(A, firstRound(arn, A, NOW - 5));
      const seen = (await journal.candidate(arn)) ?? expect.fail('no candidate');
      await journal.renew(A, NOW + 60_000);
      expect(await journal.claim(seen, B, NOW + 30_000)).toBe(false);
      await journal.renew(B, NOW + 90_000);
      expect((await journal.candidate(arn))?.lease_until).toBe(NOW + 60_000);
      await journal.release(B, [arn]);
      expect((await journal.candidate(arn))?.owner).toBe(A.id);
      await journal.release(A, [arn]);
      const free = (await journal.candidate(arn)) ?? expect.fail('no candidate');
      expect(free).toMatchObject({ owner: null, lease_until: 0 });
      expect(await journal.claim(free, B, NOW + 30_000)).toBe(true);
      expect(await journal.claim(free, A, NOW + 30_000)).toBe(false);
      expect((await journal.candidate(arn))?.owner).toBe(B.id);
    });

    it("gives inbox events to the execution's owner in order, until a round consumes them", async () => {
      const arn = arnOf('inbox');
      await journal.commit(A, firstRound(arn, A));
      await journal.appendInbox(arn, 'root', '{"n":1}', NOW);
      await journal.appendInbox(arn, 'root', '{"n":2}', NOW);
      expect(await journal.inbox(B)).toEqual([]);
      const rows = await journal.inbox(A);
      expect(rows.map((r) => r.event)).toEqual(['{"n":1}', '{"n":2}']);
      expect((await journal.load(arn))?.inbox.map((r) => r.seq)).toEqual(rows.map((r) => r.seq));
      const round = nextRound(arn, 2);
      round.inboxDone.push((rows[0] ?? expect.fail('no row')).seq);
      await journal.commit(A, round);
      expect((await journal.inbox(A)).map((r) => r.event)).toEqual(['{"n":2}']);
    });

    it('lets only one of two engines racing for the same executions claim each', async () => {
      const other = await opened.another();
      const arns = Array.from({ length: 40 }, (_, i) => arnOf(`race-${i}`));
      for (const arn of arns) await journal.commit(A, firstRound(arn, null));
      const grab = async (handle: ExecutionJournal, me: typeof A) => {
        // As an engine does: only executions nobody drives (a claim just taken by the other is not one).
        const seen = (await handle.candidates(me)).filter((c) => c.owner === null);
        const won = await Promise.all(seen.map((c) => handle.claim(c, me, NOW + 30_000)));
        return seen.filter((_, i) => won[i]).map((c) => c.arn);
      };
      const [byA, byB] = await Promise.all([grab(journal, A), grab(other, B)]);
      expect([...byA, ...byB].sort()).toEqual([...arns].sort());
      for (const arn of byA) expect((await journal.candidate(arn))?.owner).toBe(A.id);
      for (const arn of byB) expect((await journal.candidate(arn))?.owner).toBe(B.id);
    });

    it('never lets a commit of the old owner land after a takeover: the new owner loads every round', async () => {
      const other = await opened.another();
      const arns = Array.from({ length: 30 }, (_, i) => arnOf(`fence-${i}`));
      for (const arn of arns) await journal.commit(A, firstRound(arn, A, NOW - 1));
      await Promise.all(arns.map((arn) => other.candidate(arn))); // both pools connected: a fair race
      // A keeps committing rounds while B takes the executions over (their leases ran out) and loads them.
      // Rounds of many rows, so that takeovers run while they are being written.
      const bigRound = (arn: string) => {
        const round = nextRound(arn, 2);
        for (let t = 0; t < 400; t++)
          round.putTimer({ execution_arn: arn, timer_id: `w${t}`, run_id: 'root', due_at: NOW });
        return round;
      };
      const commits = arns.map((arn) =>
        journal.commit(A, bigRound(arn)).then(
          () => true,
          (e: unknown) => {
            if (isSconesError(e) && e.code === 'WORKFLOW_EXECUTION_NOT_OWNED') return false;
            throw e;
          },
        ),
      );
      const takeovers = arns.map(async (arn) => {
        const seen = await other.candidate(arn);
        if (seen === undefined || !(await other.claim(seen, B, NOW + 30_000))) return undefined;
        return (await other.load(arn))?.nextEventId;
      });
      const [committed, loaded] = await Promise.all([Promise.all(commits), Promise.all(takeovers)]);
      for (const [i, arn] of arns.entries()) {
        // Taken over: A's round either landed before (B loaded it) or not at all.
        if (loaded[i] !== undefined) expect(loaded[i]).toBe(committed[i] ? 3 : 2);
        else expect(committed[i]).toBe(true);
        const next = (await other.load(arn))?.nextEventId ?? 0;
        const last = new WriteBatch();
        last.history.push({ execution_arn: arn, id: next, event: '{}' });
        const by = loaded[i] === undefined ? A : B;
        await (by === A ? journal : other).commit(by, last);
      }
    });
  });
}
