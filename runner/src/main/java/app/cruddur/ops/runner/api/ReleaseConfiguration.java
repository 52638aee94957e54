package app.cruddur.ops.runner.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * A loaded release's configuration (see {@link Release#configure()}).
 *
 * @param projectDir where {@code seeders/} and {@code migrations/} are
 * @param target the target
 * @param context the context steps are filtered by
 * @param lockWait how long to queue behind another release
 * @param listener progress
 * @param names the target's resource names
 * @param environment environment variables for endpoint resolution
 * @param interceptors SDK interceptors on every AWS client
 * @param actor who applies, for the ledger
 * @param outOfOrder whether a new step older than an applied one may run (default: refused, as
 *     Flyway does)
 */
public record ReleaseConfiguration(
    Path projectDir,
    Target target,
    String context,
    Duration lockWait,
    ReleaseListener listener,
    ResourceNames names,
    Map<String, String> environment,
    List<ExecutionInterceptor> interceptors,
    String actor,
    boolean outOfOrder) {}
