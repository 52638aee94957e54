package app.cruddur.ops.runner.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of ARCHITECTURE.md, checked on the compiled classes of model, functions and the
 * runner: modules point one way (model ← functions ← runner; nothing here knows infra), and inside
 * the runner the CLI talks to the API only, the API exposes only its own types, and internal never
 * calls a facade. No package cycles, in the bytecode nor in the sources. The target is decided in
 * one room; the kinds read the step-file format without knowing the orchestrator. The vehicle and
 * the bench, whose classes are not on this class path, are checked on their sources.
 */
class ArchitectureTest {
  static final String MODEL = "app.cruddur.ops.model..";
  static final String MOTO = "app.cruddur.ops.moto..";
  static final String FUNCTIONS = "app.cruddur.ops.functions..";
  static final String INFRA = "app.cruddur.ops.infra..";
  static final String RUNNER = "app.cruddur.ops.runner..";

  /** The facades: the runner's entry points, outside api/ as Flyway keeps {@code Flyway}. */
  static final String FACADES = "app.cruddur.ops.runner";

  static final String API = "app.cruddur.ops.runner.api..";
  static final String INTERNAL = "app.cruddur.ops.runner.internal..";
  static final String CLI = "app.cruddur.ops.runner.cli..";
  static final String CLI_ROOT = "app.cruddur.ops.runner.cli";
  static final String TARGETS = "app.cruddur.ops.runner.internal.targets..";
  static final String AWS = "app.cruddur.ops.runner.internal.aws..";
  static final String STEP_FILE = "app.cruddur.ops.runner.internal.stepfile..";
  static final String STEP_SPI = "app.cruddur.ops.runner.internal.step..";
  static final String PLAN = "app.cruddur.ops.runner.internal.plan..";
  static final String ORCHESTRATOR = "app.cruddur.ops.runner.internal.release..";
  static final String OPERATIONS = "app.cruddur.ops.runner.internal.operations..";

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = OurClasses.get();
  }

  @Test
  void theClassesOfEveryModuleUnderTestAreImported() {
    // a rule over no classes passes whatever it says: make sure each module is really there
    for (String pkg :
        new String[] {
          "app.cruddur.ops.model",
          "app.cruddur.ops.moto",
          "app.cruddur.ops.functions",
          FACADES,
          "app.cruddur.ops.runner.api",
          "app.cruddur.ops.runner.internal.operations",
          "app.cruddur.ops.runner.cli"
        }) {
      org.assertj.core.api.Assertions.assertThat(
              classes.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)))
          .as(pkg)
          .isTrue();
    }
  }

  @Test
  void theModelImportsNothingOfOurs() {
    noClasses()
        .that()
        .resideInAPackage(MODEL)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(FUNCTIONS, RUNNER, INFRA)
        .check(classes);
    classes()
        .that()
        .resideInAPackage(MODEL)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", MODEL)
        .because("the model is plain Java: no AWS types, no I/O")
        .check(classes);
  }

  @Test
  void theMotoLauncherImportsNothingOfOursSoAnyModuleMayUseIt() {
    classes()
        .that()
        .resideInAPackage(MOTO)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", MOTO)
        .check(classes);
  }

  @Test
  void theLambdaNeverImportsTheRunnerOrInfra() {
    noClasses()
        .that()
        .resideInAPackage(FUNCTIONS)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(RUNNER, INFRA)
        .check(classes);
  }

  @Test
  void theRunnerNeverImportsInfra() {
    noClasses()
        .that()
        .resideInAPackage(RUNNER)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(INFRA)
        .check(classes);
  }

  @Test
  void theCliTalksToTheApiOnly() {
    noClasses()
        .that()
        .resideInAPackage(CLI)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(INTERNAL)
        .because(
            "commands parse options, call one operation of a facade, and render its api result")
        .check(classes);
  }

  @Test
  void apiTypesDependOnNeitherInternalNorTheFacades() {
    noClasses()
        .that()
        .resideInAPackage(API)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(INTERNAL, FACADES, CLI)
        .check(classes);
  }

  @Test
  void internalNeverCallsAFacadeOrTheCli() {
    noClasses()
        .that()
        .resideInAPackage(INTERNAL)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(FACADES, CLI)
        .check(classes);
  }

  @Test
  void theFacadesExposeOnlyApiTypes() {
    codeUnits()
        .that()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .resideInAnyPackage(FACADES, API)
        .and()
        .areDeclaredInClassesThat()
        .arePublic()
        .should(exposeNo(INTERNAL))
        .check(classes);
  }

  @Test
  void noPackageCycles() {
    slices().matching("app.cruddur.ops.(*)..").should().beFreeOfCycles().check(classes);
    slices().matching("app.cruddur.ops.runner.(*)..").should().beFreeOfCycles().check(classes);
    // every package of the runner is a slice; only the CLI's root and its commands know each other
    // (Main builds the command tree, commands use the CLI's context and renderer)
    slices()
        .matching("app.cruddur.ops.runner.(**)")
        .should()
        .beFreeOfCycles()
        .ignoreDependency(
            JavaClass.Predicates.resideInAPackage(CLI), JavaClass.Predicates.resideInAPackage(CLI))
        .check(classes);
  }

  @Test
  void noPackageCyclesInTheSourcesConstantsIncluded() {
    java.nio.file.Path root = app.cruddur.ops.runner.testing.TestPaths.projectRoot();
    SourceImports sources =
        SourceImports.of(
            "app.cruddur.ops",
            java.util.stream.Stream.of("model", "moto", "functions", "runner")
                .map(m -> root.resolve(m).resolve("src/main/java"))
                .toList());
    org.assertj.core.api.Assertions.assertThat(sources.packages())
        .contains("app.cruddur.ops.runner.internal.aws", "app.cruddur.ops.runner.internal.local");
    // the CLI's root and its commands know each other (Main builds the tree, commands use the root)
    org.assertj.core.api.Assertions.assertThat(
            sources.cycles((from, to) -> from.startsWith(CLI_ROOT) && to.startsWith(CLI_ROOT)))
        .as("package cycles counted on source imports and names written in full")
        .isEmpty();
  }

  /**
   * What the vehicle may take from the runner besides its facades and api, each with its reason.
   */
  static final java.util.Map<String, String> VEHICLE_MAY_ALSO_USE =
      java.util.Map.of(
          "app.cruddur.ops.runner.internal.workflow.ReleaseExecutions",
          "the deploy-time handlers hold an SDK client, not a target: a facade would repeat it",
          "app.cruddur.ops.runner.cli.Renderer",
          "every run's transcript goes to the function's log as the CLI would print it");

  /**
   * What the bench may take from the runner besides its facades and api: the internals it measures
   * on their own, and what it needs to run them as the CLI or the vehicle does.
   */
  static final java.util.Map<String, String> BENCH_MAY_ALSO_USE =
      java.util.Map.of(
          "app.cruddur.ops.runner.internal.dynamo.BatchWriter", "measured: BatchWriteItem alone",
          "app.cruddur.ops.runner.internal.dynamo.TableSchema", "the bench's tables, as created",
          "app.cruddur.ops.runner.internal.cognito.CognitoSync", "measured: the sync alone",
          "app.cruddur.ops.runner.internal.seed.SyntheticSeed", "the seed the bench loads",
          "app.cruddur.ops.runner.internal.pg.Users", "the seed's users, as the runner writes them",
          "app.cruddur.ops.runner.internal.local.MotoInstallation", "the moto version it reports",
          "app.cruddur.ops.runner.internal.local.Ports", "free ports for the moto it starts",
          "app.cruddur.ops.runner.cli.Logging", "the CLI's logging, so the run logs as the CLI");

  @Test
  void theVehicleAndTheBenchReachTheRunnerThroughItsFacadesAndApiOnly() {
    java.nio.file.Path root = app.cruddur.ops.runner.testing.TestPaths.projectRoot();
    org.assertj.core.api.Assertions.assertThat(
            runnerClassesNamedOutsideTheFacadesAndApi(root.resolve("vehicle/src/main/java")))
        .as("the vehicle's use of the runner beyond its facades and api (ARCHITECTURE.md)")
        .isSubsetOf(VEHICLE_MAY_ALSO_USE.keySet())
        .contains("app.cruddur.ops.runner.internal.workflow.ReleaseExecutions");
    org.assertj.core.api.Assertions.assertThat(
            runnerClassesNamedOutsideTheFacadesAndApi(root.resolve("bench/src/main/java")))
        .as("the bench's use of the runner beyond its facades and api (ARCHITECTURE.md)")
        .isSubsetOf(BENCH_MAY_ALSO_USE.keySet())
        .contains("app.cruddur.ops.runner.internal.dynamo.BatchWriter");
  }

  /** The runner's classes the sources under {@code root} name, other than its facades and api. */
  static Set<String> runnerClassesNamedOutsideTheFacadesAndApi(java.nio.file.Path root) {
    SourceImports sources = SourceImports.of("app.cruddur.ops", java.util.List.of(root));
    Set<String> named = new TreeSet<>();
    for (String pkg : sources.packages()) {
      for (String name : sources.classesNamedBy(pkg)) {
        String inPackage = name.substring(0, name.lastIndexOf('.'));
        boolean facadeOrApi =
            inPackage.equals(FACADES)
                || inPackage.equals(FACADES + ".api")
                || inPackage.startsWith(FACADES + ".api.");
        if (name.startsWith(FACADES + ".") && !facadeOrApi) {
          named.add(name);
        }
      }
    }
    return named;
  }

  @Test
  void nothingButTheTargetAndTheAwsClientFactoryBranchesOnTheKindOfTarget() {
    noClasses()
        .that()
        .resideOutsideOfPackages(TARGETS, AWS)
        .and()
        .doNotBelongToAnyOf(
            app.cruddur.ops.runner.api.Target.class,
            app.cruddur.ops.runner.api.ResolvedTarget.class)
        .should()
        .dependOnClassesThat()
        .belongToAnyOf(app.cruddur.ops.runner.api.Target.Kind.class)
        .because(
            "the target is decided once: everything else asks the resolved target (owns, local)")
        .check(classes);
  }

  @Test
  void theKindsReadTheStepFileFormatWithoutTheOrchestrator() {
    classes()
        .that()
        .implement(app.cruddur.ops.runner.internal.step.StepKind.class)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(STEP_FILE)
        .check(classes);
    noClasses()
        .that()
        .implement(app.cruddur.ops.runner.internal.step.StepKind.class)
        .or()
        .implement(app.cruddur.ops.runner.internal.step.StepAction.class)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ORCHESTRATOR, PLAN, OPERATIONS)
        .because("a kind is read and run by the release, never the other way round")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage(STEP_FILE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(STEP_SPI, ORCHESTRATOR, PLAN, OPERATIONS)
        .because("the step-file format is read by the kinds and the engines alike")
        .check(classes);
  }

  @Test
  // 320 formatted lines: 260 lines in the 120-column layout before the formatter, whose 100-column
  // lines made runner/src/main 1.22 times as long (18,861 -> 22,938 lines when it was applied).
  void aRunnerClassOverAboutThreeHundredTwentyLinesSaysWhyInItsJavadoc() throws Exception {
    java.nio.file.Path sources =
        app.cruddur.ops.runner.testing.TestPaths.projectRoot().resolve("runner/src/main/java");
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(sources)) {
      for (java.nio.file.Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String text = java.nio.file.Files.readString(file);
        if (text.lines().count() > 320) {
          // the formatter reflows Javadoc: the phrase may span lines
          org.assertj.core.api.Assertions.assertThat(text.replaceAll("\\s*\\n\\s*\\*\\s*", " "))
              .as(sources.relativize(file) + " is long: say why in its Javadoc")
              .contains("Longer than our usual class");
        }
      }
    }
  }

  /**
   * A public method or constructor whose parameter, return or thrown types include no class of
   * {@code pkg}.
   */
  private static ArchCondition<JavaCodeUnit> exposeNo(String pkg) {
    DescribedPredicate<JavaClass> hidden = JavaClass.Predicates.resideInAPackage(pkg);
    return new ArchCondition<>("expose no type of " + pkg) {
      @Override
      public void check(JavaCodeUnit unit, ConditionEvents events) {
        if (unit.getModifiers().contains(JavaModifier.SYNTHETIC)) {
          return;
        }
        Set<String> exposed = new TreeSet<>();
        unit.getReturnType().getAllInvolvedRawTypes().stream()
            .filter(hidden)
            .forEach(c -> exposed.add(c.getName()));
        unit.getParameterTypes()
            .forEach(
                p ->
                    p.getAllInvolvedRawTypes().stream()
                        .filter(hidden)
                        .forEach(c -> exposed.add(c.getName())));
        unit.getThrowsClause().getTypes().stream()
            .filter(hidden)
            .forEach(c -> exposed.add(c.getName()));
        if (!exposed.isEmpty()) {
          events.add(
              SimpleConditionEvent.violated(unit, unit.getFullName() + " exposes " + exposed));
        }
      }
    };
  }
}
