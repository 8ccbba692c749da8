package dev.sluice.store;

/**
 * The shared ledger's daily rollup, {@code sluice_ledger_daily}: requests, tokens and spend per
 * UTC day, key, team, project, model and backend, as the embedded store's {@link DailyRollup}. It
 * answers a budget's spend since its window's start (which a Redis counter that went missing
 * starts from) and {@code /admin/usage} over whole days in a few rows a day, where the records
 * are a month of index entries (3 million records: ~0.4 s a query, growing with the ledger).
 *
 * <p>The database keeps it, not the replicas: a statement-level trigger adds each insert's new
 * records ({@code ON CONFLICT DO NOTHING} leaves a replayed record out of them, so it counts
 * once) in the insert's own transaction. So every writer keeps it right, including a replica of
 * an older version still running during an upgrade, and no replica can commit records without
 * their sums. Replicas insert a batch as one statement ({@link PgSchema#INSERT}): one trigger
 * run a batch. Each replica adds to rows of its own ({@code replica}, the tag in its entry ids'
 * low byte): replicas' batches never wait on each other's rows, where one row per day and names
 * would make every replica's commits take turns; readers sum across them. Rows are upserted in
 * the key's order, so even two writers with the same tag cannot deadlock.
 *
 * <p>Unknown names are stored as {@code ''} (they are in the primary key) and read back as NULL.
 */
final class PgDaily {
  private static final String DAY_MILLIS = Long.toString(DailyRollup.DAY_MILLIS);

  static final String TABLE = """
      CREATE TABLE sluice_ledger_daily (
        day                 BIGINT NOT NULL,
        replica             INTEGER NOT NULL,
        key_id              TEXT   NOT NULL,
        team                TEXT   NOT NULL,
        project             TEXT   NOT NULL,
        model               TEXT   NOT NULL,
        backend             TEXT   NOT NULL,
        requests            BIGINT NOT NULL,
        input_tokens        BIGINT NOT NULL,
        output_tokens       BIGINT NOT NULL,
        cached_input_tokens BIGINT NOT NULL,
        cost_nanos          BIGINT NOT NULL,
        PRIMARY KEY (day, replica, key_id, team, project, model, backend)
      )""";

  /** The rows the records of {@code from} sum to, in the key's order (the trigger's lock order). */
  private static String sums(String from) {
    return "SELECT"
        // the day by floor division, as DailyRollup's: ts before 1970 belongs to the day before
        + " ts / " + DAY_MILLIS + " - (CASE WHEN ts % " + DAY_MILLIS + " < 0 THEN 1 ELSE 0 END),"
        + " (entry_id & 255)::integer," // the writing replica's tag (see PgLedger)
        + " coalesce(key_id, ''), coalesce(team, ''), coalesce(project, ''), coalesce(model, ''),"
        + " coalesce(backend, ''), count(*), coalesce(sum(input_tokens), 0),"
        + " coalesce(sum(output_tokens), 0), coalesce(sum(cached_input_tokens), 0), sum(cost_nanos)"
        + " FROM " + from + " GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7";
  }

  static final String FUNCTION = "CREATE FUNCTION sluice_ledger_daily_add() RETURNS trigger"
      + " LANGUAGE plpgsql AS $$ BEGIN"
      + " INSERT INTO sluice_ledger_daily AS d (day, replica, key_id, team, project, model, backend,"
      + " requests, input_tokens, output_tokens, cached_input_tokens, cost_nanos) "
      + sums("inserted")
      + " ON CONFLICT (day, replica, key_id, team, project, model, backend) DO UPDATE SET"
      + " requests = d.requests + excluded.requests,"
      + " input_tokens = d.input_tokens + excluded.input_tokens,"
      + " output_tokens = d.output_tokens + excluded.output_tokens,"
      + " cached_input_tokens = d.cached_input_tokens + excluded.cached_input_tokens,"
      + " cost_nanos = d.cost_nanos + excluded.cost_nanos;"
      + " RETURN NULL; END $$";

  /**
   * Created before the backfill, in the migration's transaction: creating a trigger locks the
   * table against inserts until the commit, so every record is summed by exactly one of the two.
   */
  static final String TRIGGER = "CREATE TRIGGER sluice_ledger_daily_add AFTER INSERT ON sluice_ledger"
      + " REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT"
      + " EXECUTE FUNCTION sluice_ledger_daily_add()";

  static final String BACKFILL = "INSERT INTO sluice_ledger_daily " + sums("sluice_ledger");

  private PgDaily() {}
}
