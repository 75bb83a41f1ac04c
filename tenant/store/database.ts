import Database from "better-sqlite3";
import { MIGRATIONS } from "./migrations";
import type { OrgInfo } from "./rows";

/**
 * The tenant's SQLite file (better-sqlite3): one file in WAL mode, synchronous FULL, with foreign
 * keys on, the schema migrated in code; transactions and the organisation. The tables' reads and
 * writes build on it, one concern per file (recipients.ts, mailboxes.ts, store.ts).
 */
export class StoreDatabase {
  readonly db: Database.Database;

  constructor(dataFile: string) {
    this.db = new Database(dataFile);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("foreign_keys = ON");
    // Acknowledged means kept, as in Exchange: with WAL, NORMAL may lose the last commits on a
    // power loss (not on a crash of the process); FULL syncs the log at each commit. Measured
    // (tenant/README.md, "Durability"): about 200 commits/s against 6,000 on this disk, while the
    // tenant's write routes stay within the noise of their NORMAL rates.
    this.db.pragma("synchronous = FULL");
    this.db.pragma("busy_timeout = 5000");
    this.migrate();
  }

  /** Applies the migrations this file has not seen; returns the schema version. */
  migrate(): number {
    this.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`);
    const row = this.db.prepare(`SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations`).get() as { v: number };
    for (let version = row.v + 1; version <= MIGRATIONS.length; version++) {
      this.db.transaction(() => {
        const migration = MIGRATIONS[version - 1];
        if (typeof migration === "string") this.db.exec(migration);
        else migration(this.db);
        this.db.prepare(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`).run(version, new Date().toISOString());
      }).immediate();
    }
    return MIGRATIONS.length;
  }

  schemaVersion(): number {
    return (this.db.prepare(`SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations`).get() as { v: number }).v;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Runs fn in one write transaction: all of it is committed, or none of it. */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** The organisation: its name and domains, written by the seed. */
  org(): OrgInfo | undefined {
    const row = this.db.prepare(`SELECT value FROM meta WHERE key = 'org'`).get() as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as OrgInfo) : undefined;
  }

  setOrg(org: OrgInfo): void {
    this.db.prepare(`INSERT INTO meta (key, value) VALUES ('org', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(JSON.stringify(org));
  }
}
