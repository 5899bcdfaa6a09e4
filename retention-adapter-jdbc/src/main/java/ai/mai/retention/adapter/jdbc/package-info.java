/** Shared JDBC and MyBatis plumbing of the database adapters. */
package ai.mai.retention.adapter.jdbc;
