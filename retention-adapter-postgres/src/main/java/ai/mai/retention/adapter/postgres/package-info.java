/** The PostgreSQL adapter. */
package ai.mai.retention.adapter.postgres;
