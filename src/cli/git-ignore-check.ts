import { execFile } from 'node:child_process';
import { dirname } from 'node:path';

function git(args: string[], cwd: string): Promise<number> {
	return new Promise((resolve) => {
		execFile('git', args, { cwd, timeout: 5000 }, (error) => {
			if (!error) resolve(0);
			// No git, or a failure of its own: say nothing rather than guess.
			else resolve(typeof error.code === 'number' ? error.code : -1);
		});
	});
}

/**
 * Whether `file` lies in a git work tree that does not ignore it, i.e. one `git add .` away from
 * being committed. False when git is missing or the directory is not in a work tree.
 */
export async function isUnignoredInGitWorkTree(file: string): Promise<boolean> {
	const cwd = dirname(file);
	if ((await git(['rev-parse', '--is-inside-work-tree'], cwd)) !== 0) return false;
	// check-ignore: 0 = ignored, 1 = not ignored (a tracked file counts as not ignored), else = could not tell.
	return (await git(['check-ignore', '-q', file], cwd)) === 1;
}
