package app.cruddur.ops.runner.migration;

import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.UserRef;
import app.cruddur.ops.runner.api.migration.ItemMigration;

/**
 * Java migrations the tests name from step files (listed in META-INF/services of the test class
 * path).
 */
public final class TestMigrations {
  private TestMigrations() {}

  /** Messages without a display name get their sender's handle as one (idempotent). */
  public static final class DisplayNamesFromHandles implements ItemMigration {
    @Override
    public String name() {
      return "display-names-from-handles";
    }

    @Override
    public Message migrate(Message m) {
      if (!m.sender().displayName().isBlank()) {
        return m;
      }
      return new Message(
          m.groupUuid(),
          m.createdAt(),
          m.messageUuid(),
          m.text(),
          new UserRef(m.sender().uuid(), m.sender().handle(), m.sender().handle()));
    }
  }

  /** Appends '!' to every message: not idempotent, so the engine must refuse it. */
  public static final class Exclaims implements ItemMigration {
    @Override
    public String name() {
      return "exclaims";
    }

    @Override
    public Message migrate(Message m) {
      return new Message(m.groupUuid(), m.createdAt(), m.messageUuid(), m.text() + "!", m.sender());
    }
  }
}
