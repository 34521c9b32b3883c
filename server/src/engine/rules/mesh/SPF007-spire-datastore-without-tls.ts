import { ruleMeta } from '../../rule';
import { spireRule } from './spire-rule';
import type { SpireSetting } from './spire-config';

/** What is wrong with the TLS of a SQL connection string, or undefined when it verifies the server. */
export function datastoreTlsProblem(dbType: string, conn: string): string | undefined {
  if (/\$\{[^}]+\}|\$\(/.test(conn)) return undefined; // expanded from the environment (-expandEnv): not visible here
  if (dbType === 'postgres') {
    const m = /(?:^|[\s?&])sslmode=([A-Za-z-]+)/.exec(conn);
    const mode = m?.[1];
    if (mode === 'verify-full' || mode === 'verify-ca') return undefined;
    return mode ? `sslmode=${mode} does not verify the database server` : 'no sslmode, so libpq connects without verifying the server (sslmode=prefer)';
  }
  if (dbType === 'mysql') {
    const m = /[?&]tls=([^&\s]+)/.exec(conn);
    const tls = m?.[1];
    if (tls && tls !== 'false' && tls !== 'skip-verify' && tls !== 'preferred') return undefined;
    return tls ? `tls=${tls} does not verify the database server` : 'no tls parameter, so the connection is plaintext';
  }
  return undefined;
}

export default spireRule(
  ruleMeta({
    id: 'SPF007', name: 'spire-datastore-without-tls', title: 'SPIRE server datastore connection without verified TLS', severity: 'warning', language: 'spiffe',
    docs: {
      description: 'The SPIRE server `sql` DataStore connects to PostgreSQL without `sslmode=verify-full`/`verify-ca`, or to MySQL without `tls=true` (or a custom TLS config).',
      rationale: 'The datastore holds every registration entry. Over plaintext or unverified TLS, someone on the network path can read it or add entries, that is issue identities.',
      remediation: 'PostgreSQL: add `sslmode=verify-full` (with `sslrootcert`). MySQL: add `tls=true` or register a custom TLS config with the CA. Better still, keep the whole connection string (it usually holds the password) in a Secret and reference it as `${ENV_VAR}` with `-expandEnv`; Palisade cannot see inside such a reference.',
      example: {
        bad: 'DataStore "sql" {\n  plugin_data {\n    database_type = "postgres"\n    connection_string = "dbname=spire host=db user=spire"\n  }\n}\n',
        good: 'DataStore "sql" {\n  plugin_data {\n    database_type = "postgres"\n    connection_string = "dbname=spire host=db user=spire sslmode=verify-full"\n  }\n}\n',
        language: 'hcl',
      },
    },
  }),
  (cfg, report) => {
    const byParent = new Map<string, SpireSetting[]>();
    for (const s of cfg.settings) {
      if (!s.path.includes('DataStore')) continue;
      const k = s.path.slice(0, -1).join('/');
      byParent.set(k, [...(byParent.get(k) ?? []), s]);
    }
    for (const group of byParent.values()) {
      const type = group.find((s) => s.path[s.path.length - 1] === 'database_type');
      const conn = group.find((s) => s.path[s.path.length - 1] === 'connection_string');
      if (!type || !conn || typeof type.value !== 'string' || typeof conn.value !== 'string') continue;
      const problem = datastoreTlsProblem(type.value, conn.value);
      if (problem) report(conn, `the ${type.value} datastore connection_string has ${problem}; ${type.value === 'postgres' ? "add 'sslmode=verify-full'" : "add 'tls=true'"} so registration entries cannot be read or forged in transit.`, true);
    }
  },
);
