package app.cruddur.ops.infra;

import app.cruddur.ops.infra.testing.CdkJson;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

/**
 * The app of a stage, synthesized once per test run (the first synth in a JVM costs 10–20 s, so
 * every test class shares these), with a template per stack.
 *
 * @param config the stage
 * @param existing what the stage takes over
 * @param stacks the app's stacks
 * @param data the data stack's template
 * @param auth the auth stack's template
 * @param database the database stack's template
 * @param release the release stack's template
 */
record Synthesized(
    StageConfig config,
    ExistingResources existing,
    CruddurApp.Stacks stacks,
    Template data,
    Template auth,
    Template database,
    Template release) {
  private static final Map<String, Synthesized> BY_STAGE = new ConcurrentHashMap<>();

  /** The name the course's {@code bin/ddb/schema-load} gave the table. */
  static final String COURSE_TABLE = "cruddur-messages";

  /** A pool id as the console shows one. */
  static final String COURSE_POOL_ID = "us-east-1_CrUdDuR23";

  /** A manual snapshot of the instance the course's {@code aws rds create-db-instance} made. */
  static final String COURSE_SNAPSHOT =
      "arn:aws:rds:us-east-1:123456789012:snapshot:cruddur-db-instance-final";

  /** What a stage adopts from a deployment the course's scripts made ({@code importing} or not). */
  static ExistingResources courseDeployment(boolean importing) {
    return new ExistingResources(
        Optional.of(new ExistingResources.AdoptedTable(COURSE_TABLE, importing)),
        Optional.of(COURSE_POOL_ID),
        Optional.of(new ExistingResources.SnapshotRestore(COURSE_SNAPSHOT, "root")));
  }

  /** The dev stage. */
  static Synthesized dev() {
    return BY_STAGE.computeIfAbsent(
        "dev", stage -> synthesize(StageConfig.dev(), ExistingResources.none()));
  }

  /** The prod stage. */
  static Synthesized prod() {
    return BY_STAGE.computeIfAbsent(
        "prod", stage -> synthesize(StageConfig.prod(), ExistingResources.none()));
  }

  /**
   * The prod stage taking over a deployment the course's scripts made: the table adopted (after its
   * import), the hand-made pool referred to, the database restored from a snapshot.
   */
  static Synthesized prodAdopting() {
    return BY_STAGE.computeIfAbsent(
        "prod-adopting", stage -> synthesize(StageConfig.prod(), courseDeployment(false)));
  }

  /** The dev stage taking over a course-made deployment, as {@link #prodAdopting()}. */
  static Synthesized devAdopting() {
    return BY_STAGE.computeIfAbsent(
        "dev-adopting", stage -> synthesize(StageConfig.dev(), courseDeployment(false)));
  }

  /** The prod stage as {@code cdk import} synthesizes it: the table as schema-load made it. */
  static Synthesized prodImporting() {
    return BY_STAGE.computeIfAbsent(
        "prod-importing", stage -> synthesize(StageConfig.prod(), courseDeployment(true)));
  }

  /** Every variant the app synthesizes, for the checks that hold for all of them. */
  static java.util.List<Synthesized> all() {
    return java.util.List.of(dev(), prod(), devAdopting(), prodAdopting(), prodImporting());
  }

  /**
   * The functions module's shaded jar, as the build passes it (Maven packages it before these
   * tests).
   */
  static Path functionsJar() {
    String jar =
        System.getProperty("cruddur.functionsJar", "../" + CruddurApp.DEFAULT_FUNCTIONS_JAR);
    return CruddurApp.functionsJar(jar);
  }

  /** The vehicle module's package, as the build passes it (packaged before these tests). */
  static Path vehicleJar() {
    String jar = System.getProperty("cruddur.vehicleJar", "../" + CruddurApp.DEFAULT_VEHICLE_JAR);
    return packages(jar).vehicleJar();
  }

  /** Both packages. */
  static CruddurApp.Packages packages() {
    return packages(
        System.getProperty("cruddur.vehicleJar", "../" + CruddurApp.DEFAULT_VEHICLE_JAR));
  }

  private static CruddurApp.Packages packages(String vehicleJar) {
    return CruddurApp.Packages.at(functionsJar().toString(), vehicleJar);
  }

  /**
   * The stacks of {@code stage} synthesized in an app of their own, with the release on deploy
   * switched {@code on} or off.
   */
  static CruddurApp.Stacks synthesize(StageConfig config, boolean releaseOnDeploy) {
    return synthesize(config, ExistingResources.none(), releaseOnDeploy);
  }

  /**
   * The stacks of {@code stage} taking over {@code existing}, synthesized in an app of their own.
   */
  static CruddurApp.Stacks synthesize(
      StageConfig config, ExistingResources existing, boolean releaseOnDeploy) {
    App app = CdkJson.app(null);
    CruddurApp.Stacks stacks =
        CruddurApp.define(app, config, existing, packages(), releaseOnDeploy);
    CruddurApp.checkWithNag(app);
    return stacks;
  }

  /** The stage, and what it takes over: for test names. */
  @Override
  public String toString() {
    return config.stage()
        + (existing.importingTable() ? " importing" : existing.any() ? " adopting" : "");
  }

  /** The cdk-nag annotations of {@code stack}. */
  static Annotations annotations(Stack stack) {
    return Annotations.fromStack(stack);
  }

  private static Synthesized synthesize(StageConfig config, ExistingResources existing) {
    CruddurApp.Stacks stacks = synthesize(config, existing, true);
    return new Synthesized(
        config,
        existing,
        stacks,
        Template.fromStack(stacks.data()),
        Template.fromStack(stacks.auth()),
        Template.fromStack(stacks.database()),
        Template.fromStack(stacks.release()));
  }
}
