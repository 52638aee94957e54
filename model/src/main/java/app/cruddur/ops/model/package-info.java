/**
 * The one model of the Cruddur messaging data (../shared/cruddur-messaging.md): the DynamoDB table
 * definition, its key scheme, the two item types and the access patterns A–E, the PostgreSQL and
 * Cognito names the runner needs. Plain Java with no I/O and no AWS types, so that the CDK app, the
 * release runner and the stream Lambda all build on the same definitions.
 */
package app.cruddur.ops.model;
