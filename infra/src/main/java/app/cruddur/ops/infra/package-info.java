/**
 * The CDK app of Cruddur Ops ({@code cdk.json} at the repository root runs {@link
 * app.cruddur.ops.infra.CruddurApp}): one class per stack, one per reusable construct, a record for
 * the stage configuration, and every accepted cdk-nag finding in {@link
 * app.cruddur.ops.infra.AcceptedNagFindings}. No environment lookups: synth is offline and
 * deterministic.
 */
package app.cruddur.ops.infra;
