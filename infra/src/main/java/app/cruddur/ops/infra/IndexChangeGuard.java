package app.cruddur.ops.infra;

import app.cruddur.ops.model.IndexDefinition;
import app.cruddur.ops.model.KeyAttribute;
import app.cruddur.ops.model.TableDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses, at synth, a deployment CloudFormation would reject half-way: one stack update may create
 * or delete only one global secondary index of a table, and cannot change an index's keys.
 *
 * <p>Synth is offline, so it cannot ask the deployed table which indexes it has. It compares the
 * model with a committed baseline instead, {@value #RESOURCE}: the indexes deployed on every stage.
 * A committed file is reviewable in the change that touches indexes, deterministic (the same commit
 * synthesizes the same way everywhere), and fails safe: a baseline that lags behind the deployed
 * table only makes the guard stricter; one that runs ahead lets CloudFormation reject the update,
 * as it would without a guard. Stages deploy in order from one branch, so "one change from the
 * baseline" is "one change per deployment" for each of them.
 */
public final class IndexChangeGuard {
  /** The baseline, a class-path resource of the infra module. */
  public static final String RESOURCE = "app/cruddur/ops/infra/deployed-indexes.txt";

  /**
   * The indexes deployed, by name.
   *
   * @param indexes each deployed index with its keys, in file order
   */
  public record Baseline(Map<String, IndexDefinition> indexes) {
    public Baseline {
      indexes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(indexes));
    }

    /** The committed baseline. */
    public static Baseline committed() {
      try (InputStream in = IndexChangeGuard.class.getClassLoader().getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(
              RESOURCE + " is missing from the infra module: it records the deployed GSIs");
        }
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Lines of {@code name partition-key sort-key}; {@code #} starts a comment. */
    public static Baseline parse(String text) {
      Map<String, IndexDefinition> indexes = new LinkedHashMap<>();
      int n = 0;
      for (String raw : text.split("\n", -1)) {
        n++;
        String line = raw.replaceFirst("#.*", "").strip();
        if (line.isEmpty()) {
          continue;
        }
        String[] parts = line.split("\\s+");
        if (parts.length != 3) {
          throw new IllegalStateException(
              RESOURCE
                  + " line "
                  + n
                  + ": expected 'name partition-key sort-key', not '"
                  + line
                  + "'");
        }
        indexes.put(
            parts[0],
            new IndexDefinition(parts[0], new KeyAttribute(parts[1]), new KeyAttribute(parts[2])));
      }
      return new Baseline(indexes);
    }
  }

  private IndexChangeGuard() {}

  /**
   * Checks that {@code model} differs from {@code baseline} by at most one created or deleted GSI.
   *
   * @return a note for the one change there is (to record in the baseline once deployed), or empty
   * @throws IllegalStateException naming the indexes and what to do, when CloudFormation would
   *     reject it
   */
  public static Optional<String> check(TableDefinition model, Baseline baseline) {
    List<String> created = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    List<String> rekeyed = new ArrayList<>();
    for (IndexDefinition index : model.globalIndexes()) {
      IndexDefinition deployed = baseline.indexes().get(index.indexName());
      if (deployed == null) {
        created.add(index.indexName());
      } else if (!deployed.equals(index)) {
        rekeyed.add(index.indexName() + " (" + keys(deployed) + " → " + keys(index) + ")");
      }
    }
    for (String name : baseline.indexes().keySet()) {
      if (model.index(name).isEmpty()) {
        deleted.add(name);
      }
    }
    String table = model.tableName();
    if (!rekeyed.isEmpty()) {
      throw new IllegalStateException(
          "the model changes the keys of GSI "
              + String.join(", ", rekeyed)
              + " of "
              + table
              + ", which CloudFormation cannot update in place. Add an index under a new name"
              + " instead (and delete the old one in a later deployment)");
    }
    if (created.size() + deleted.size() > 1) {
      List<String> changes = new ArrayList<>();
      created.forEach(c -> changes.add("creates " + c));
      deleted.forEach(d -> changes.add("deletes " + d));
      throw new IllegalStateException(
          "the model "
              + String.join(" and ", changes)
              + " on "
              + table
              + " against the deployed"
              + " indexes ("
              + RESOURCE
              + "), but CloudFormation creates or deletes one GSI per stack update. Change one,"
              + " deploy it to every stage, record it in "
              + RESOURCE
              + ", then the next");
    }
    if (created.size() + deleted.size() == 1) {
      String change =
          created.isEmpty() ? "deletes GSI " + deleted.get(0) : "creates GSI " + created.get(0);
      return Optional.of(
          "this deployment "
              + change
              + " on "
              + table
              + "; once it has reached every stage, record it in "
              + RESOURCE
              + " before changing another index");
    }
    return Optional.empty();
  }

  private static String keys(IndexDefinition index) {
    return index.partitionKey().name() + ", " + index.sortKey().name();
  }
}
