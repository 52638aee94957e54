package app.cruddur.ops.infra;

import app.cruddur.ops.infra.testing.CdkJson;
import java.nio.file.Path;
import java.util.Map;
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
 * @param stacks the app's stacks
 * @param data the data stack's template
 * @param auth the auth stack's template
 * @param database the database stack's template
 * @param release the release stack's template
 */
record Synthesized(
    StageConfig config,
    CruddurApp.Stacks stacks,
    Template data,
    Template auth,
    Template database,
    Template release) {
  private static final Map<String, Synthesized> BY_STAGE = new ConcurrentHashMap<>();

  /** The dev stage. */
  static Synthesized dev() {
    return BY_STAGE.computeIfAbsent("dev", stage -> synthesize(StageConfig.dev()));
  }

  /** The prod stage. */
  static Synthesized prod() {
    return BY_STAGE.computeIfAbsent("prod", stage -> synthesize(StageConfig.prod()));
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
    App app = CdkJson.app(null);
    CruddurApp.Stacks stacks = CruddurApp.define(app, config, packages(), releaseOnDeploy);
    CruddurApp.checkWithNag(app);
    return stacks;
  }

  /** The cdk-nag annotations of {@code stack}. */
  static Annotations annotations(Stack stack) {
    return Annotations.fromStack(stack);
  }

  private static Synthesized synthesize(StageConfig config) {
    CruddurApp.Stacks stacks = synthesize(config, true);
    return new Synthesized(
        config,
        stacks,
        Template.fromStack(stacks.data()),
        Template.fromStack(stacks.auth()),
        Template.fromStack(stacks.database()),
        Template.fromStack(stacks.release()));
  }
}
