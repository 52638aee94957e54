package app.cruddur.ops.runner.api;

/** The three stores a release writes to. */
public enum Store {
  /**
   * PostgreSQL: the schema (Liquibase), users' Cognito ids; also home of the ledger and the lock.
   */
  POSTGRES("postgres"),
  /** DynamoDB: the messages table and its seeds. */
  DYNAMODB("dynamodb"),
  /** Cognito: the user pool and (locally) its dev users. */
  COGNITO("cognito");

  private final String label;

  Store(String label) {
    this.label = label;
  }

  /** Lower-case name for output. */
  public String label() {
    return label;
  }
}
