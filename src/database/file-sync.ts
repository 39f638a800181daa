import { open } from 'node:fs/promises';

/** Flushing a file to disk in libuv's thread pool; an object so a test can watch the calls. */
export const fileSync = {
  async datasync(path: string): Promise<void> {
    const file = await open(path, 'r');
    try {
      await file.datasync();
    } finally {
      await file.close();
    }
  },
};
