package app.cruddur.ops.bench;

import java.net.URI;

/** A DynamoDB engine on 127.0.0.1 that a benchmark writes to. Closing stops what it started. */
public interface DynamoEngine extends AutoCloseable {
  /** Short name for tables and logs ({@code moto}, {@code dynalite}). */
  String name();

  /** Its name and version, for the report. */
  String describe();

  /** Its endpoint. */
  URI endpoint();

  @Override
  void close();

  /** The moto server of the benchmarks' local environment (stopped with the environment). */
  static DynamoEngine moto(BenchContext context) {
    URI endpoint = context.local().awsEndpoint();
    String version =
        Dynalite.firstLine(
            java.util.List.of("python3", "-c", "import moto; print(moto.__version__)"));
    return new DynamoEngine() {
      @Override
      public String name() {
        return "moto";
      }

      @Override
      public String describe() {
        return "moto_server " + version + " (the local environment's engine)";
      }

      @Override
      public URI endpoint() {
        return endpoint;
      }

      @Override
      public void close() {
        // the local environment owns it
      }
    };
  }
}
