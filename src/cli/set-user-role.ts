/**
 * `npm run user:role -- <username> <user|admin>`: the way to make the first admin (after that,
 * admins can use PUT /api/admin/users/:username/role). Needs DATABASE_URL only.
 */
import pg from 'pg';
import { ConfigError, loadDatabaseConfig } from '../config/load-config.js';
import { processEnv } from '../config/process-env.js';

const [username, role] = process.argv.slice(2);
if (!username || (role !== 'user' && role !== 'admin')) {
  console.error('usage: npm run user:role -- <username> <user|admin>');
  process.exit(64);
}

let url: string;
try {
  url = loadDatabaseConfig(processEnv()).url;
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(78);
}

const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const { rows } = await client.query<{ username: string }>(
    'UPDATE users SET role = $2, updated_at = now() WHERE lower(username) = lower($1) RETURNING username',
    [username, role],
  );
  if (rows.length === 0) {
    console.error(`no user named "${username}"`);
    process.exitCode = 1;
  } else {
    console.log(`${rows[0].username} is now ${role}; it applies to their next request`);
  }
} finally {
  await client.end();
}
