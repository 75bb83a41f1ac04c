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
  /**
   * Prepared statements by their text. Preparing is most of a simple query's CPU (a profile of a
   * destroy of 200 put it at a third of the tenant's request handling), so each text is prepared
   * once; the texts come from this code, so the map stays small. No caller changes a statement's
   * mode (pluck, raw, expand), which would leak into the next caller of the same text.
   */
  private readonly statements = new Map<string, Database.Statement>();

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

  /** The prepared statement for this SQL text, prepared on first use and kept for the file's life. */
  sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /** Applies the migrations this file has not seen; returns the schema version. */
  migrate(): number {
    this.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`);
    const row = this.sql(`SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations`).get() as { v: number };
    for (let version = row.v + 1; version <= MIGRATIONS.length; version++) {
      this.db.transaction(() => {
        const migration = MIGRATIONS[version - 1];
        if (typeof migration === "string") this.db.exec(migration);
        else migration(this.db);
        this.sql(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`).run(version, new Date().toISOString());
      }).immediate();
    }
    return MIGRATIONS.length;
  }

  schemaVersion(): number {
    return (this.sql(`SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations`).get() as { v: number }).v;
  }

  close(): void {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }

  /** Runs fn in one write transaction: all of it is committed, or none of it. */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** The organisation: its name and domains, written by the seed. */
  org(): OrgInfo | undefined {
    const row = this.sql(`SELECT value FROM meta WHERE key = 'org'`).get() as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as OrgInfo) : undefined;
  }

  setOrg(org: OrgInfo): void {
    this.sql(`INSERT INTO meta (key, value) VALUES ('org', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(JSON.stringify(org));
  }
}
