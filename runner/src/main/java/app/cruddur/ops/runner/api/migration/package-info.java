/**
 * The extension point of {@code dynamodb-migration} steps: {@link
 * app.cruddur.ops.runner.api.migration.ItemMigration}, implemented in Java and found with {@link
 * java.util.ServiceLoader}.
 */
package app.cruddur.ops.runner.api.migration;
