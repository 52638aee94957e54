package app.cruddur.ops.runner.testing;

import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.ResourceNames;
import app.cruddur.ops.runner.api.StepStatus;
import app.cruddur.ops.runner.api.Target;
import app.cruddur.ops.runner.api.VerbRequest;
import app.cruddur.ops.runner.cli.Invocation;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One slice of a release workflow's execution in a process of its own, as the release vehicle runs
 * it ({@code Release.run} of a slice request: the execution's lease, its time box), held inside a
 * step at a {@link Gate}: once the step's progress reaches a count of items (reported as each
 * item's outcome is known, before its page is recorded), every further report waits, the first at
 * the gate. So a kill -9 then lands mid-page, its page unrecorded, wherever the machine's speed put
 * the other segments.
 */
public final class SliceProcess {
  private SliceProcess() {}

  /**
   * Starts {@code owner}'s slice of a release of {@code project} on {@code target}, held at the
   * shut gate of {@code target} once {@code version} reported {@code items} items.
   */
  public static CruddurProcess start(
      TestProject project, TestTarget target, String owner, String version, long items) {
    return CruddurProcess.startMain(
        SliceProcess.class,
        project.dir(),
        SharedLocalEnvironment.dir(),
        owner,
        version,
        Long.toString(items),
        target.databaseUrl(),
        target.table(),
        target.userPoolName());
  }

  /** {@code owner version items database-url table user-pool-name} */
  public static void main(String[] args) throws Exception {
    String owner = args[0];
    String version = args[1];
    long items = Long.parseLong(args[2]);
    String databaseUrl = args[3];
    CountDownLatch never = new CountDownLatch(1);
    AtomicBoolean atGate = new AtomicBoolean();
    ReleaseListener heldAtTheGate =
        new ReleaseListener() {
          @Override
          public void stepProgress(StepStatus step, long done, long total) {
            if (!step.version().equals(version) || done < items) {
              return;
            }
            try {
              if (atGate.compareAndSet(false, true)) {
                waitAtTheGate(databaseUrl);
              }
              never.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    try (Release release =
        Release.configure()
            .projectDirectory(Path.of(System.getenv(Release.PROJECT_DIR_ENV)))
            .target(
                Target.local(Path.of(System.getenv(Invocation.LOCAL_DIR_ENV)))
                    .withDatabaseUrl(databaseUrl))
            .resourceNames(
                ResourceNames.defaults().withTableName(args[4]).withUserPoolName(args[5]))
            .timeBox(Duration.ofMinutes(10))
            .listener(heldAtTheGate)
            .load()) {
      release.run(
          VerbRequest.slice(
              new VerbRequest.Slice(owner, Duration.ofSeconds(60), Optional.empty()), true));
    }
    System.out.println("the slice ended without reaching the gate");
  }

  /** Runs the gate's statement on a session of its own: returns once the gate opens. */
  private static void waitAtTheGate(String databaseUrl) {
    // postgresql://user:password@host:port/database
    URI url = URI.create(databaseUrl);
    String[] credentials = url.getUserInfo().split(":", 2);
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://" + url.getHost() + ":" + url.getPort() + url.getPath(),
                credentials[0],
                credentials[1]);
        Statement s = c.createStatement()) {
      s.execute(Gate.SQL);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
