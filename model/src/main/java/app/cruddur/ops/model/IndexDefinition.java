package app.cruddur.ops.model;

import java.util.Objects;

/**
 * A global secondary index with projection {@code ALL} (the only projection this model uses).
 *
 * @param indexName the index name
 * @param partitionKey its HASH key
 * @param sortKey its RANGE key
 */
public record IndexDefinition(String indexName, KeyAttribute partitionKey, KeyAttribute sortKey) {
  public IndexDefinition {
    Objects.requireNonNull(indexName, "indexName");
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(sortKey, "sortKey");
  }

  /** The projection type of the index. */
  public String projection() {
    return "ALL";
  }
}
