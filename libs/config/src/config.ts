import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** A configuration problem, naming the variable. Printed without a stack trace by `exitOnConfigError`. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`配置错误 / configuration error: ${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
}

export interface AppConfig {
  port: number;
  dataDir: string;
  databaseUrl: string;
  temporal: TemporalConfig;
  smtpUrl: string;
  mailFrom: string;
  adminEmail?: string;
  adminPassword?: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  /** A session unused this long is over (on top of the absolute jwtTtlSeconds). */
  sessionIdleMinutes: number;
  /** Sign-in attempts allowed per minute from one IP address, and for one account name. */
  loginRateLimit: { perIp: number; perAccount: number };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Readable lines (pino-pretty) or JSON; unset: readable on a terminal, JSON otherwise. */
  logFormat: 'json' | 'pretty';
  /** Set by `npm start`'s launcher: where it records which of its processes are running (shown by /api/health). */
  supervisorStateFile?: string;
  /** Departments per batch when a year is launched (each batch is one activity and one transaction). */
  launchBatchSize: number;
  /**
   * /api/docs and /api/docs-json: open to all, only with a bearer token of an active user, or not
   * served. Unset: `login` when NODE_ENV=production, `public` otherwise.
   */
  apiDocs: ApiDocsMode;
  /**
   * The console's address as people reach it (notices link to its pages), without a trailing slash.
   * Unset: the console this API serves on this machine, `http://localhost:<PORT>`.
   */
  publicUrl: string;
}

export const API_DOCS_MODES = ['public', 'login', 'off'] as const;
export type ApiDocsMode = (typeof API_DOCS_MODES)[number];

export type Env = Record<string, string | undefined>;

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}, '应为 postgres://user:password@host:port/database 形式的地址 (expected postgres://user:password@host:port/database)');

const hostPort = z
  .string()
  .regex(/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/, '应为 host:port 形式 (expected host:port, e.g. 127.0.0.1:7233)');

const smtpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}, '应为 smtp://[user:pass@]host:port 形式的地址 (expected smtp://[user:pass@]host:port)');

const publicUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.hostname !== '' &&
      url.username === '' &&
      url.password === '' &&
      url.search === '' &&
      url.hash === ''
    );
  } catch {
    return false;
  }
}, '应为 http(s)://host[:port][/path] 形式的地址，不含查询参数 (expected http(s)://host[:port][/path], no query)');

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: postgresUrl,
  TEMPORAL_ADDRESS: hostPort,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('rol-cycle'),
  SMTP_URL: smtpUrl,
  MAIL_FROM: z.string().min(3).default('依法治办 <no-reply@rol-cycle.local>'),
  ADMIN_EMAIL: z.string().email('应为邮箱地址 (expected an email address)').optional(),
  ADMIN_PASSWORD: z.string().min(8, '至少8个字符 (at least 8 characters)').optional(),
  JWT_SECRET: z.string().min(16, '至少16个字符 (at least 16 characters)').optional(),
  JWT_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(12 * 3600),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(2)
    .max(24 * 60)
    .default(30),
  LOGIN_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).max(100_000).default(300),
  LOGIN_RATE_LIMIT_PER_ACCOUNT: z.coerce.number().int().min(1).max(100_000).default(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  SUPERVISOR_STATE_FILE: z.string().min(1).optional(),
  LAUNCH_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  API_DOCS: z.enum(API_DOCS_MODES, { message: '应为 public、login 或 off (expected public, login or off)' }).optional(),
  PUBLIC_URL: publicUrl.optional(),
  NODE_ENV: z.string().optional(),
});

const REQUIRED_HINT: Record<string, string> = {
  DATABASE_URL: '未设置；`npm start` 会提供内嵌数据库 (unset; `npm start` provides an embedded database)',
  TEMPORAL_ADDRESS: '未设置；`npm start` 会启动本地 Temporal 开发服务器 (unset; `npm start` starts a local dev server)',
  SMTP_URL: '未设置；`npm start` 会启动本地邮件捕获服务 (unset; `npm start` starts a local mail catcher)',
};

/** Validates the environment once, into a typed object. Throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const cleaned: Env = {};
  for (const [key, value] of Object.entries(env)) cleaned[key] = value === '' ? undefined : value;
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0]);
    const problem =
      cleaned[variable] === undefined && REQUIRED_HINT[variable] ? REQUIRED_HINT[variable] : issue.message;
    throw new ConfigError(variable, problem);
  }
  const v = parsed.data;
  if ((v.ADMIN_EMAIL === undefined) !== (v.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(
      v.ADMIN_EMAIL === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD',
      'ADMIN_EMAIL 与 ADMIN_PASSWORD 需同时设置 (set both or neither)',
    );
  }
  const dataDir = resolve(v.DATA_DIR);
  return {
    port: v.PORT,
    dataDir,
    databaseUrl: v.DATABASE_URL,
    temporal: { address: v.TEMPORAL_ADDRESS, namespace: v.TEMPORAL_NAMESPACE, taskQueue: v.TEMPORAL_TASK_QUEUE },
    smtpUrl: v.SMTP_URL,
    mailFrom: v.MAIL_FROM,
    adminEmail: v.ADMIN_EMAIL?.toLowerCase(),
    adminPassword: v.ADMIN_PASSWORD,
    jwtSecret: v.JWT_SECRET ?? persistentSecret(dataDir, 'jwt-secret'),
    jwtTtlSeconds: v.JWT_TTL_SECONDS,
    sessionIdleMinutes: v.SESSION_IDLE_MINUTES,
    loginRateLimit: { perIp: v.LOGIN_RATE_LIMIT_PER_IP, perAccount: v.LOGIN_RATE_LIMIT_PER_ACCOUNT },
    logLevel: v.LOG_LEVEL,
    logFormat: v.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    launchBatchSize: v.LAUNCH_BATCH_SIZE,
    supervisorStateFile: v.SUPERVISOR_STATE_FILE,
    apiDocs: v.API_DOCS ?? (v.NODE_ENV === 'production' ? 'login' : 'public'),
    publicUrl: new URL(v.PUBLIC_URL ?? `http://localhost:${v.PORT}`).href.replace(/\/+$/, ''),
  };
}

/** A random secret generated once and kept under DATA_DIR, so tokens survive restarts. */
export function persistentSecret(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  try {
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw new ConfigError('DATA_DIR', `无法写入 ${file} (cannot write): ${(error as Error).message}`);
  }
}

/** Prints a configuration problem as one clear line and stops the process; anything else is rethrown. */
export function exitOnStartupError(error: unknown, what: string): never {
  const message = error instanceof ConfigError || error instanceof StartupError ? error.message : undefined;
  if (message) {
    process.stderr.write(`${what}: ${message}\n`);
    process.exit(1);
  }
  throw error;
}

/** A failure to reach a backing service at start-up; reported as one line, without a stack trace. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}
