package app.cruddur.ops.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a DynamoDB table must look like: keys, global secondary indexes and stream view. The CDK app
 * turns it into CloudFormation, the runner into a CreateTable request and a drift check.
 *
 * @param tableName the table name
 * @param partitionKey the HASH key
 * @param sortKey the RANGE key
 * @param globalIndexes the global secondary indexes, in declaration order
 * @param streamView the stream view type ({@code NEW_IMAGE}, ...)
 */
public record TableDefinition(
    String tableName,
    KeyAttribute partitionKey,
    KeyAttribute sortKey,
    List<IndexDefinition> globalIndexes,
    String streamView) {

  public TableDefinition {
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(sortKey, "sortKey");
    globalIndexes = List.copyOf(globalIndexes);
    Objects.requireNonNull(streamView, "streamView");
  }

  /** The same definition under another table name (tests, stages). */
  public TableDefinition withTableName(String name) {
    return new TableDefinition(name, partitionKey, sortKey, globalIndexes, streamView);
  }

  /** The index of that name, if the table has one. */
  public Optional<IndexDefinition> index(String indexName) {
    return globalIndexes.stream().filter(i -> i.indexName().equals(indexName)).findFirst();
  }

  /** Every attribute used by a key of the table or an index, each once, in a stable order. */
  public List<KeyAttribute> keyAttributes() {
    Set<KeyAttribute> all = new LinkedHashSet<>();
    all.add(partitionKey);
    all.add(sortKey);
    for (IndexDefinition index : globalIndexes) {
      all.add(index.partitionKey());
      all.add(index.sortKey());
    }
    return new ArrayList<>(all);
  }
}
