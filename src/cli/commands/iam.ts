// `scones iam users|keys|roles|policies|simulate`: identities, access keys, roles and IAM-grammar policies.
import type { Command } from 'commander';
import { trustPolicyForServices } from '../../modules/iam/index.js';
import type { CliContext } from '../context.js';
import { table, timestamp } from '../text-table.js';
import { readDocument, registerPolicyCommands, registerSimulateCommand } from './iam-policies.js';

export function registerIamCommands(program: Command, context: CliContext): void {
  const iam = program.command('iam').description('identity and access: users, access keys, roles, policies');
  registerUserCommands(iam, context);
  registerKeyCommands(iam, context);
  registerRoleCommands(iam, context);
  registerPolicyCommands(iam, context);
  registerSimulateCommand(iam, context);
}

function registerUserCommands(iam: Command, context: CliContext): void {
  const users = iam.command('users').description('IAM users (who holds access keys)');
  users
    .command('create <name>')
    .description('create a user')
    .option('--json', 'print JSON')
    .action(async (name: string, flags: { json?: boolean }) => {
      const user = await (await context.app()).iam.users.createUser(name);
      context.printAs(flags.json, user, () => `created user ${user.name} (${user.arn})`);
    });
  users
    .command('list')
    .description('list users')
    .option('--json', 'print a JSON array')
    .action(async (flags: { json?: boolean }) => {
      const list = await (await context.app()).iam.users.listUsers();
      if (flags.json) context.printJson(list);
      else if (list.length === 0) context.print('no users yet; run `scones iam users create NAME`');
      else
        context.print(
          table(
            ['NAME', 'ID', 'CREATED'],
            list.map((u) => [u.name, u.id, timestamp(u.createdAt)]),
          ),
        );
    });
  users
    .command('delete <name>')
    .description('delete a user (refused while it has keys or policies, unless --force)')
    .option('--force', 'also delete its access keys and policies')
    .action(async (name: string, flags: { force?: boolean }) => {
      const removed = await (await context.app()).iam.users.deleteUser(name, { force: flags.force === true });
      context.print(
        `deleted user ${name} (${removed.keys.length} key(s), ${removed.policies.length} policy(ies))`,
      );
    });
}

function registerKeyCommands(iam: Command, context: CliContext): void {
  const keys = iam.command('keys').description("access keys: a user's credentials for SigV4 and the API");
  keys
    .command('create')
    .description('create an access key; the secret is printed now and never again')
    .requiredOption('--user <name>', 'the user who owns the key')
    .option('--json', 'print {accessKeyId, secretAccessKey, ...} as JSON')
    .action(async (flags: { user: string; json?: boolean }) => {
      const key = await (await context.app()).iam.users.createAccessKey(flags.user);
      if (flags.json) context.printJson(key);
      else
        context.print(
          [
            `accessKeyId:     ${key.accessKeyId}`,
            `secretAccessKey: ${key.secretAccessKey}`,
            'The secret is shown only now: store it safely (Scones keeps it encrypted and never prints it again).',
          ].join('\n'),
        );
    });
  keys
    .command('list')
    .description('list access keys (never their secrets)')
    .option('--user <name>', 'only this user')
    .option('--json', 'print a JSON array')
    .action(async (flags: { user?: string; json?: boolean }) => {
      const app = await context.app();
      if (flags.user !== undefined) await app.iam.users.getUser(flags.user);
      const list = await app.iam.users.listAccessKeys(flags.user);
      if (flags.json) context.printJson(list);
      else if (list.length === 0) context.print('no access keys');
      else
        context.print(
          table(
            ['ACCESS_KEY_ID', 'USER', 'STATUS', 'CREATED'],
            list.map((k) => [k.accessKeyId, k.userName, k.status, timestamp(k.createdAt)]),
          ),
        );
    });
  for (const [verb, status] of [
    ['activate', 'Active'],
    ['deactivate', 'Inactive'],
  ] as const) {
    keys
      .command(`${verb} <accessKeyId>`)
      .description(`mark an access key ${status}`)
      .action(async (accessKeyId: string) => {
        await (await context.app()).iam.users.setAccessKeyStatus(accessKeyId, status);
        context.print(`access key ${accessKeyId} is ${status}`);
      });
  }
  keys
    .command('delete <accessKeyId>')
    .description('delete an access key')
    .action(async (accessKeyId: string) => {
      await (await context.app()).iam.users.deleteAccessKey(accessKeyId);
      context.print(`deleted access key ${accessKeyId}`);
    });
}

/** `--trust` takes a trust policy (JSON or @file) or service principals: `lambda.amazonaws.com,states.amazonaws.com`. */
async function trustPolicy(value: string | undefined, cwd: string): Promise<string | undefined> {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('@')) return readDocument(trimmed, cwd);
  const services = trimmed
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return trustPolicyForServices(services.map((s) => (s.includes('.') ? s : `${s}.amazonaws.com`)));
}

function registerRoleCommands(iam: Command, context: CliContext): void {
  const roles = iam.command('roles').description('roles that functions and state machines assume');
  roles
    .command('create <name>')
    .description('create a role (trusted by Lambda and Step Functions unless --trust says otherwise)')
    .option('--trust <policy>', 'trust policy JSON, @file, or service principals (lambda,states)')
    .option('--max-session <seconds>', 'maximum session duration, 3600-43200', (v) => Number(v))
    .option('--description <text>', 'what the role is for')
    .option('--json', 'print JSON')
    .action(
      async (
        name: string,
        flags: { trust?: string; maxSession?: number; description?: string; json?: boolean },
      ) => {
        const app = await context.app();
        const trust = await trustPolicy(flags.trust, context.io.cwd);
        const role = await app.iam.roles.createRole(name, {
          ...(trust === undefined ? {} : { trustPolicy: trust }),
          ...(flags.maxSession === undefined ? {} : { maxSessionSeconds: flags.maxSession }),
          ...(flags.description === undefined ? {} : { description: flags.description }),
        });
        context.printAs(flags.json, role, () => `created role ${role.name} (${role.arn})`);
      },
    );
  roles
    .command('list')
    .description('list roles')
    .option('--json', 'print a JSON array')
    .action(async (flags: { json?: boolean }) => {
      const list = await (await context.app()).iam.roles.listRoles();
      if (flags.json) context.printJson(list);
      else if (list.length === 0) context.print('no roles yet; run `scones iam roles create NAME`');
      else
        context.print(
          table(
            ['NAME', 'ARN', 'MAX_SESSION', 'CREATED'],
            list.map((r) => [r.name, r.arn, `${r.maxSessionSeconds}s`, timestamp(r.createdAt)]),
          ),
        );
    });
  roles
    .command('delete <name>')
    .description('delete a role (refused while it has policies, unless --force)')
    .option('--force', 'also delete its policies')
    .action(async (name: string, flags: { force?: boolean }) => {
      const removed = await (await context.app()).iam.roles.deleteRole(name, { force: flags.force === true });
      context.print(`deleted role ${name} (${removed.policies.length} policy(ies))`);
    });
}
