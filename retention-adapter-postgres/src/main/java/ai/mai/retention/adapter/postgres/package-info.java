/**
 * The PostgreSQL adapter: batched delete in physical (TID range) or index (keyset) order with
 * server-side statistics from {@code DELETE ... RETURNING}, an advisory run lock, migrations under
 * {@code db/retention/postgresql}, a plain factory ({@link
 * ai.mai.retention.adapter.postgres.PostgresRetention}) and a Guice module.
 */
package ai.mai.retention.adapter.postgres;
