import { execFile } from 'node:child_process';
import { basename } from 'node:path';

/** Runs a command to its end; rejects with everything it printed when it fails or overruns. */
export function exec(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: options.timeoutMs ?? 60_000,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`.trim();
        if (!error) return resolve(output);
        const why = error.killed
          ? `killed after ${options.timeoutMs ?? 60_000} ms`
          : `exit code ${error.code}`;
        const commandLine = [basename(command), ...args.map((arg) => basename(arg))].join(' ');
        reject(new Error(`\`${commandLine}\` failed (${why}):\n${output}`));
      },
    );
  });
}
