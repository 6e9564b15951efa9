/** The file-system side of the `clarify` command in Node, shared by the command and its tests. */
import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import type { AuditIo } from './audit';

/**
 * A regular file's text. Opened without blocking and checked on the open handle, so a FIFO that took the
 * place of a file since it was listed is refused instead of waited on forever.
 */
export async function readRegularFile(path: string): Promise<string> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    if (!(await handle.stat()).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** What a path is, and an identity that is the same for every link to it (for loop detection). */
export const fileInfo: AuditIo['stat'] = async (path) => {
  const info = await stat(path, { bigint: true });
  return {
    kind: info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other',
    // Device and inode name a file whatever the links to it; where a file system has no inodes, its real path.
    identity: info.ino !== 0n ? `${info.dev}:${info.ino}` : await realpath(path),
  };
};
