import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BundleOptions } from '@temporalio/worker';

const REPO_ROOT = resolve(__dirname, '../../..');

/**
 * Where the workflow code is, and how webpack resolves the `@rol/*` aliases in it. Works from the
 * TypeScript sources (tests) and from the compiled output (where tsc-alias already rewrote them).
 */
export function workflowBundleOptions(): Pick<BundleOptions, 'workflowsPath' | 'webpackConfigHook'> {
  const ts = join(REPO_ROOT, 'workflows/index.ts');
  const workflowsPath = existsSync(ts) ? ts : join(REPO_ROOT, 'workflows/index.js');
  const libs = (name: string) => join(REPO_ROOT, 'libs', name, 'src');
  return {
    workflowsPath,
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.alias = {
        ...(config.resolve.alias as Record<string, string>),
        '@rol/contracts': libs('contracts'),
        '@rol/domain': libs('domain'),
      };
      return config;
    },
  };
}
