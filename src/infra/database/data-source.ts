import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadDatabaseConfigOrExit } from '../../config/process-env.js';
import { dataSourceOptions } from './data-source-options.js';

/** The DataSource the TypeORM CLI uses (`npm run migration:*`); the app builds its own from the same options. */
export default new DataSource(dataSourceOptions(loadDatabaseConfigOrExit()));
