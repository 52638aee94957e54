package app.cruddur.ops.runner.testing;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the tests that run {@code cruddur} on the real local engines, each test on its own slice:
 * a copy of the project, a database, a table name and a user pool name of its own.
 */
@ExtendWith(SharedLocalEnvironment.class)
public abstract class LocalSliceTest {
  /** This test's copy of seeders/ and migrations/. */
  protected TestProject project;

  /** This test's database, table and pool. */
  protected TestTarget target;

  /** The CLI on the shared environment and this test's project (without the slice's options). */
  protected Cli cli;

  @BeforeEach
  void setUpSlice(TestInfo test) {
    String name = test.getTestMethod().orElseThrow().getName();
    project = TestProject.copyOfRepository(name);
    target = TestTarget.fresh(name);
    cli = Cli.in(SharedLocalEnvironment.dir()).projectDir(project.dir());
  }

  /** Runs {@code cruddur args...} on this test's slice. */
  protected Cli.Result run(String... args) {
    return cli.run(target.args(args));
  }
}
