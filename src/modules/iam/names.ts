// Name rules of IAM users, roles, policies and role sessions (AWS's character sets and lengths).
import { iamError } from './errors.js';

const RULES = {
  user: { pattern: /^[\w+=,.@-]{1,64}$/, what: 'user name' },
  role: { pattern: /^[\w+=,.@-]{1,64}$/, what: 'role name' },
  policy: { pattern: /^[\w+=,.@-]{1,128}$/, what: 'policy name' },
  session: { pattern: /^[\w+=,.@-]{2,64}$/, what: 'role session name' },
} as const;

export function checkName(kind: keyof typeof RULES, name: string): string {
  const rule = RULES[kind];
  if (!rule.pattern.test(name))
    throw iamError(
      'INVALID_NAME',
      `${rule.what} ${JSON.stringify(name)} must be ${kind === 'session' ? '2' : '1'}-${kind === 'policy' ? 128 : 64} characters of letters, digits and +=,.@_-`,
      { name },
    );
  return name;
}
