import type { AppConfig } from '../../config/app-config.js';
import { LocalDiskStorage } from './local-disk.storage.js';
import type { ObjectStorage } from './object-storage.js';

/** What it takes to reach the storage: all a process needs to build its own ObjectStorage. */
export type StorageSettings = Pick<AppConfig['storage'], 'dir'>;

/**
 * The storage the settings name. The API and the worker get it from StorageModule; a render
 * child, which has no configuration of its own (its environment is an allow-list), builds the
 * same one from the settings its worker sends it over IPC. An object store would be chosen here.
 */
export function createObjectStorage(settings: StorageSettings): ObjectStorage {
  return new LocalDiskStorage(settings.dir);
}
