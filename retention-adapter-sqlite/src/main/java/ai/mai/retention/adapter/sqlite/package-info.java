/** The SQLite adapter. */
package ai.mai.retention.adapter.sqlite;
