// `scones iam policies attach|detach|list|validate` and `scones iam simulate` (which statement decided, and why).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import {
  type Decision,
  describeStatement,
  iamError,
  type PrincipalRef,
  validatePolicy,
} from '../../modules/iam/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { table, timestamp } from '../text-table.js';

/** `--document` is inline JSON, or `@path` to read a file (relative to the working directory). */
export async function readDocument(value: string, cwd: string): Promise<string> {
  if (!value.startsWith('@')) return value;
  const file = path.resolve(cwd, value.slice(1));
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw cliError('FILE_NOT_FOUND', `cannot read the policy document ${file}`);
  }
}

interface TargetFlags {
  user?: string;
  role?: string;
}

function target(flags: TargetFlags, required: boolean): PrincipalRef | undefined {
  if (flags.user !== undefined && flags.role !== undefined)
    throw cliError('USAGE', 'give --user or --role, not both');
  if (flags.user !== undefined) return { type: 'user', name: flags.user };
  if (flags.role !== undefined) return { type: 'role', name: flags.role };
  if (required) throw cliError('USAGE', 'give --user NAME or --role NAME');
  return undefined;
}

export function registerPolicyCommands(iam: Command, context: CliContext): void {
  const policies = iam
    .command('policies')
    .description('inline policies of users and roles (IAM JSON grammar)');
  policies
    .command('attach')
    .description('attach (or replace) a named policy; it is validated first')
    .option('--user <name>', 'attach to this user')
    .option('--role <name>', 'attach to this role')
    .requiredOption('--name <policy>', 'policy name')
    .requiredOption('--document <json>', 'policy JSON, or @file')
    .action(async (flags: TargetFlags & { name: string; document: string }) => {
      const principal = target(flags, true) as PrincipalRef;
      const document = await readDocument(flags.document, context.io.cwd);
      await (await context.app()).iam.policies.attach(principal, flags.name, document);
      context.print(`attached policy ${flags.name} to ${principal.type} ${principal.name}`);
    });
  policies
    .command('detach')
    .description('remove a named policy')
    .option('--user <name>', 'from this user')
    .option('--role <name>', 'from this role')
    .requiredOption('--name <policy>', 'policy name')
    .action(async (flags: TargetFlags & { name: string }) => {
      const principal = target(flags, true) as PrincipalRef;
      await (await context.app()).iam.policies.detach(principal, flags.name);
      context.print(`detached policy ${flags.name} from ${principal.type} ${principal.name}`);
    });
  policies
    .command('list')
    .description('list policies (all, or those of one user or role)')
    .option('--user <name>', 'only this user')
    .option('--role <name>', 'only this role')
    .option('--json', 'print a JSON array with the documents')
    .action(async (flags: TargetFlags & { json?: boolean }) => {
      const list = await (await context.app()).iam.policies.list(target(flags, false));
      if (flags.json) context.printJson(list.map((p) => ({ ...p, document: JSON.parse(p.document) })));
      else if (list.length === 0) context.print('no policies');
      else
        context.print(
          table(
            ['PRINCIPAL', 'POLICY', 'UPDATED'],
            list.map((p) => [`${p.principal.type}/${p.principal.name}`, p.name, timestamp(p.updatedAt)]),
          ),
        );
    });
  policies
    .command('validate')
    .description('check a policy document; prints every problem with its JSON pointer (exit 1 when invalid)')
    .requiredOption('--document <json>', 'policy JSON, or @file')
    .option('--trust', 'validate as a role trust policy')
    .option('--json', 'print the problems as a JSON array')
    .action(async (flags: { document: string; trust?: boolean; json?: boolean }) => {
      const problems = validatePolicy(
        await readDocument(flags.document, context.io.cwd),
        flags.trust ? 'trust' : 'identity',
      );
      if (flags.json) context.printJson(problems);
      else if (problems.length === 0) context.print('the policy is valid');
      else context.print(problems.map((p) => `${p.pointer || '(document)'}: ${p.message}`).join('\n'));
      if (problems.length > 0)
        throw iamError('MALFORMED_POLICY', `the policy has ${problems.length} problem(s)`, { problems });
    });
}

/** `k=v` pairs; a key given more than once becomes a multi-valued key (for ForAnyValue/ForAllValues). */
function collectContext(value: string, previous: Record<string, string[]> = {}): Record<string, string[]> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw cliError('USAGE', `--context takes key=value (got ${JSON.stringify(value)})`);
  const key = value.slice(0, eq);
  return { ...previous, [key]: [...(previous[key] ?? []), value.slice(eq + 1)] };
}

export function registerSimulateCommand(iam: Command, context: CliContext): void {
  iam
    .command('simulate')
    .description(
      'evaluate the policies of a user or role for one action on one resource, and explain the decision',
    )
    .requiredOption('--principal <ref>', 'user/NAME or role/NAME')
    .requiredOption('--action <action>', 'e.g. s3:GetObject')
    .requiredOption('--resource <arn>', 'e.g. arn:aws:s3:::bucket/key (or *)')
    .option(
      '--context <key=value>',
      'a condition key (repeat; a repeated key is multi-valued)',
      collectContext,
    )
    .option('--json', 'print the decision as JSON')
    .action(
      async (flags: {
        principal: string;
        action: string;
        resource: string;
        context?: Record<string, string[]>;
        json?: boolean;
      }) => {
        const app = await context.app();
        const values = Object.fromEntries(
          Object.entries(flags.context ?? {}).map(([k, v]) => [k, v.length === 1 ? (v[0] as string) : v]),
        );
        const { principal, decision } = await app.iam.simulate(
          flags.principal,
          flags.action,
          flags.resource,
          values,
        );
        if (flags.json)
          context.printJson({
            principal: principal.arn,
            action: flags.action,
            resource: flags.resource,
            ...decision,
          });
        else context.print(explain(principal.arn, decision));
      },
    );
}

function explain(principalArn: string, decision: Decision): string {
  const lines = [
    `decision:   ${decision.decision}`,
    `principal:  ${principalArn}`,
    `reason:     ${decision.reason}`,
  ];
  if (decision.decidedBy)
    lines.push(`decided by: ${describeStatement(decision.decidedBy)} (${decision.decidedBy.effect})`);
  const others = decision.matched.filter((s) => s !== decision.decidedBy);
  if (others.length > 0)
    lines.push('also matched:', ...others.map((s) => `  ${describeStatement(s)} (${s.effect})`));
  if (decision.nearMisses.length > 0)
    lines.push(
      'did not apply:',
      ...decision.nearMisses.map((m) => `  ${describeStatement(m)} (${m.effect}): ${m.failed}`),
    );
  return lines.join('\n');
}
