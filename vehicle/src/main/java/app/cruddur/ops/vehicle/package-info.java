/**
 * The release vehicle: {@code cruddur} as a Lambda function inside a deployed stage's VPC, where
 * PostgreSQL is. {@link app.cruddur.ops.vehicle.ReleaseHandler} is the entry point; the package
 * carries the runner (without the embedded PostgreSQL) and the seeders/ and migrations/ of the
 * commit it was built from ({@link app.cruddur.ops.vehicle.PackagedProject}).
 */
package app.cruddur.ops.vehicle;
