import type { DevServer } from '../../libs/devstack/src';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __temporalDevServer__?: DevServer }).__temporalDevServer__?.stop();
}
