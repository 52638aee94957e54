package app.cruddur.ops.runner.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Database URLs with hostile passwords: parsed where they can be, and never printed. */
class DatabaseUrlsTest {
  static final String PASSWORD_WITH_AT = "p@ss:w0rd@x";
  static final String PASSWORD_WITH_SLASH = "pa/ss?w#rd";

  @Test
  void aPasswordWithAtSignsAndColonsParsesUnencoded() {
    DatabaseUrls.Parsed p =
        DatabaseUrls.parse("postgresql://app:" + PASSWORD_WITH_AT + "@db.example.com:6543/cruddur");

    assertThat(p.user()).contains("app");
    assertThat(p.password()).contains(PASSWORD_WITH_AT);
    assertThat(p.host()).isEqualTo("db.example.com");
    assertThat(p.port()).isEqualTo(6543);
    assertThat(p.database()).isEqualTo("cruddur");
    assertThat(p.toString()).isEqualTo("postgresql://app@db.example.com:6543/cruddur");
  }

  @Test
  void percentEscapesAreDecodedAndAPlusStaysAPlus() {
    DatabaseUrls.Parsed p =
        DatabaseUrls.parse("postgresql://app:a+b%2Fc%40d%E2%82%AC@h/db?sslmode=require&user=other");

    assertThat(p.password()).contains("a+b/c@d€");
    assertThat(p.user()).contains("other");
    assertThat(p.query()).isEqualTo("sslmode=require");
  }

  @Test
  void anAtSignInTheQueryIsNotUserInformation() {
    DatabaseUrls.Parsed p = DatabaseUrls.parse("postgresql://h:5432/db?user=me@corp");

    assertThat(p.host()).isEqualTo("h");
    assertThat(p.user()).contains("me@corp");
  }

  @Test
  void aPasswordWithAnUnencodedSlashIsRefusedWithoutBeingPrinted() {
    String url = "postgresql://app:" + PASSWORD_WITH_SLASH + "@db:5432/cruddur";

    assertThatThrownBy(() -> DatabaseUrls.parse(url))
        .isInstanceOfSatisfying(
            CruddurException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.BAD_DATABASE_URL);
              assertThat(e.getMessage())
                  .doesNotContain("pa/ss", "w#rd", "ss?w")
                  .contains("postgresql://app:****@db:5432/cruddur")
                  .contains("percent-encoded (%2F %3F %23)");
            });
  }

  @Test
  void redactionRemovesEveryPasswordWholeWhateverItContains() {
    for (String password :
        new String[] {PASSWORD_WITH_AT, PASSWORD_WITH_SLASH, "x'y", "%zz", "::z", "\"q\""}) {
      String shown =
          DatabaseUrls.redact(
              "error: cannot use postgresql://app:"
                  + password
                  + "@db/x; also mysql://root:"
                  + password
                  + "@h/y and 'https://u:"
                  + password
                  + "@e.example/path?password="
                  + password
                  + "'");
      assertThat(shown)
          .as(password)
          .doesNotContain(password)
          .contains("postgresql://app:****@db/x", "mysql://root:****@h/y", "'https://u:****@");
    }
    assertThat(DatabaseUrls.parse("postgresql://app:a secret@db/x").password())
        .contains("a secret");
    assertThatThrownBy(() -> DatabaseUrls.parse("postgresql://app:a secret@d b/x"))
        .as("a URL given with spaces in it")
        .hasMessageNotContaining("secret")
        .hasMessageContaining("postgresql://app:****@d b/x");
    assertThat(DatabaseUrls.redact("postgresql://app:" + PASSWORD_WITH_AT + "@db/x is down"))
        .isEqualTo("postgresql://app:****@db/x is down");
    assertThat(DatabaseUrls.redact("postgresql://postgres@127.0.0.1:5432/cruddur"))
        .as("a user alone is kept")
        .isEqualTo("postgresql://postgres@127.0.0.1:5432/cruddur");
    assertThat(
            DatabaseUrls.redact(
                "jdbc:postgresql://h/db?user=a&password=" + PASSWORD_WITH_AT + "&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=a&password=****&ssl=true");
  }

  @Test
  void aPortOutOfRangeIsABadUrl() {
    assertThatThrownBy(() -> DatabaseUrls.parse("postgresql://h:99999/db"))
        .hasMessageStartingWith(
            "the database URL postgresql://h:99999/db has port 99999, not one from 1 to 65535");
    assertThat(DatabaseUrls.parse("postgres://h/db").port()).isEqualTo(5432);
    assertThat(DatabaseUrls.parse("jdbc:postgresql://h/db").password()).isEqualTo(Optional.empty());
  }
}
