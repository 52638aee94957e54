/**
 * The release workflow's side of the vehicle package (see {@link
 * app.cruddur.ops.model.ReleaseWorkflow}): the deploy-time custom resource's handlers, which start
 * the stage's workflow ({@link app.cruddur.ops.vehicle.workflow.DeployTimeStart}) and wait for it
 * ({@link app.cruddur.ops.vehicle.workflow.DeployTimeCheck}) through the runner's {@link
 * app.cruddur.ops.runner.internal.workflow.ReleaseExecutions}, and the CodeBuild entry point of a
 * long step ({@link app.cruddur.ops.vehicle.workflow.LongStepBuild}). They run outside the VPC and
 * never open PostgreSQL.
 */
package app.cruddur.ops.vehicle.workflow;
