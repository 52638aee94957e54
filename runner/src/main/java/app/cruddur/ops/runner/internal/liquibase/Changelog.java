package app.cruddur.ops.runner.internal.liquibase;

import app.cruddur.ops.runner.internal.OneLine;
import app.cruddur.ops.runner.internal.stepfile.Checksums;
import app.cruddur.ops.runner.internal.stepfile.StepFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import liquibase.ChecksumVersion;
import liquibase.Contexts;
import liquibase.change.AbstractSQLChange;
import liquibase.change.Change;
import liquibase.change.ChangeFactory;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.filter.ContextChangeSetFilter;
import liquibase.database.core.PostgresDatabase;
import liquibase.exception.ChangeLogParseException;
import liquibase.parser.ChangeLogParser;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.serializer.LiquibaseSerializable;

/**
 * A Liquibase changelog as the release engine sees it: its changesets with our canonical checksums,
 * and the canonical checksum of the whole {@code migrations/} tree (which lets a no-op release skip
 * Liquibase entirely when nothing changed).
 */
public final class Changelog {
  private static final Pattern LINE = Pattern.compile("line (\\d+)");

  private final String path;
  private final List<ChangeSetInfo> changeSets;

  private Changelog(String path, List<ChangeSetInfo> changeSets) {
    this.path = path;
    this.changeSets = List.copyOf(changeSets);
  }

  /** The changelog's path relative to the project. */
  public String path() {
    return path;
  }

  /** Its changesets in execution order. */
  public List<ChangeSetInfo> changeSets() {
    return changeSets;
  }

  /**
   * Parses {@code changelog} (relative to the project directory) and checks that every changeset
   * has a rollback.
   *
   * @throws StepFileException naming file and line when it does not parse
   */
  public static Changelog parse(Path projectDir, String changelog, String context) {
    if (!Files.isRegularFile(projectDir.resolve(changelog))) {
      throw new StepFileException(
          changelog,
          0,
          "the changelog does not exist",
          "Create it, or fix the path in the step file");
    }
    try {
      return LiquibaseScope.run(projectDir, () -> parseInScope(changelog, context));
    } catch (StackOverflowError e) {
      // Liquibase follows includes without remembering where it has been
      Optional<IncludeCycle> cycle = IncludeCycle.find(projectDir, changelog);
      throw new StepFileException(
          cycle.map(IncludeCycle::file).orElse(changelog),
          0,
          "the changelog includes itself"
              + cycle
                  .map(c -> " (" + c.describe() + ")")
                  .orElse(", directly or through the files it includes"),
          "Remove the include that leads back; nothing was applied");
    } catch (StepFileException e) {
      throw e;
    } catch (ChangeLogParseException e) {
      throw parseError(changelog, e);
    } catch (Exception e) {
      if (e.getCause() instanceof ChangeLogParseException parse) {
        throw parseError(changelog, parse);
      }
      throw new StepFileException(changelog, 0, "cannot read the changelog: " + e.getMessage());
    }
  }

  private static Changelog parseInScope(String changelog, String context) throws Exception {
    liquibase.resource.ResourceAccessor accessor =
        liquibase.Scope.getCurrentScope().getResourceAccessor();
    ChangeLogParser parser = ChangeLogParserFactory.getInstance().getParser(changelog, accessor);
    DatabaseChangeLog log = parser.parse(changelog, new ChangeLogParameters(), accessor);
    ContextChangeSetFilter filter = new ContextChangeSetFilter(new Contexts(context));
    PostgresDatabase dialect = new PostgresDatabase();
    List<ChangeSetInfo> infos = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (ChangeSet cs : log.getChangeSets()) {
      String file = cs.getFilePath();
      if (cs.getRollback().getChanges().isEmpty() && !autoRollback(cs, dialect)) {
        throw new StepFileException(
            file,
            0,
            "changeset " + cs.getId() + " (" + cs.getAuthor() + ") has no rollback",
            "Add one (--rollback <sql> in formatted SQL, a rollback: block in YAML); every"
                + " changeset must be reversible");
      }
      ChangeSetInfo info =
          new ChangeSetInfo(
              file,
              cs.getId(),
              cs.getAuthor(),
              ChangeSetInfo.contexts(cs.getContextFilter()),
              cs.isRunInTransaction(),
              checksum(cs),
              filter.accepts(cs).isAccepted(),
              cs.generateCheckSum(ChecksumVersion.latest()).toString(),
              concurrentIndexes(cs));
      // Liquibase itself finds a duplicate only when it validates, on the way to applying: here it
      // is
      // a file error before anything runs
      if (!keys.add(info.key())) {
        throw new StepFileException(
            file,
            0,
            "changeset " + cs.getId() + " (" + cs.getAuthor() + ") is defined twice",
            "Give each changeset its own id (or author); nothing was applied");
      }
      infos.add(info);
    }
    return new Changelog(changelog, infos);
  }

  private static final Pattern CONCURRENT_INDEX =
      Pattern.compile(
          "(?i)CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+CONCURRENTLY\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\"[^\"]+\"|[\\w$]+)");

  /**
   * The indexes a changeset's SQL builds concurrently, by name (unquoted, lower case unless
   * quoted).
   */
  private static Set<String> concurrentIndexes(ChangeSet cs) {
    Set<String> names = new HashSet<>();
    for (Change change : cs.getChanges()) {
      if (change instanceof AbstractSQLChange sql && sql.getSql() != null) {
        Matcher m = CONCURRENT_INDEX.matcher(sql.getSql());
        while (m.find()) {
          String name = m.group(1);
          names.add(
              name.startsWith("\"")
                  ? name.substring(1, name.length() - 1)
                  : name.toLowerCase(java.util.Locale.ROOT));
        }
      }
    }
    return names;
  }

  private static boolean autoRollback(ChangeSet cs, PostgresDatabase dialect) {
    if (cs.getChanges().isEmpty()) {
      return true;
    }
    for (Change change : cs.getChanges()) {
      if (change instanceof AbstractSQLChange || !change.supportsRollback(dialect)) {
        return false;
      }
    }
    return true;
  }

  /** Our checksum of a changeset: its changes' names and fields, text in canonical form. */
  static String checksum(ChangeSet cs) {
    StringBuilder canonical = new StringBuilder();
    for (Change change : cs.getChanges()) {
      canonical
          .append(ChangeFactory.getInstance().getChangeMetaData(change).getName())
          .append('\n');
      if (change instanceof AbstractSQLChange sql) {
        canonical
            .append("sql=")
            .append(Checksums.canonicalText(sql.getSql() == null ? "" : sql.getSql()))
            .append('\n');
      }
      canonical.append(Checksums.canonicalData(fields(change))).append('\n');
    }
    return Checksums.of(canonical.toString());
  }

  private static Map<String, Object> fields(LiquibaseSerializable object) {
    Map<String, Object> fields = new TreeMap<>();
    for (String name : object.getSerializableFields()) {
      if (name.equals("sql")) {
        continue; // canonicalized above
      }
      Object value = object.getSerializableFieldValue(name);
      Object canonical = canonicalValue(value);
      if (canonical != null) {
        fields.put(name, canonical);
      }
    }
    return fields;
  }

  private static Object canonicalValue(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return Checksums.canonicalText(s);
    }
    if (value instanceof LiquibaseSerializable nested) {
      return fields(nested);
    }
    if (value instanceof Collection<?> list) {
      List<Object> items = new ArrayList<>();
      for (Object item : list) {
        items.add(canonicalValue(item));
      }
      return items;
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value;
    }
    return value.toString();
  }

  /**
   * Canonical checksum of every file under the changelog's directory: if it matches the one
   * recorded at the last successful apply, nothing in the changelog can have changed.
   */
  public static String treeChecksum(Path projectDir, String changelog) {
    Path root = projectDir.resolve(changelog).getParent();
    StringBuilder canonical = new StringBuilder();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String relative = projectDir.relativize(file).toString().replace('\\', '/');
        canonical
            .append("== ")
            .append(relative)
            .append('\n')
            .append(Checksums.canonicalText(text(file, relative)))
            .append('\n');
      }
    } catch (IOException e) {
      throw new StepFileException(
          projectDir.relativize(root).toString(), 0, "cannot be read: " + e.getMessage());
    }
    return Checksums.of(canonical.toString());
  }

  /**
   * A file of the changelog's tree as text: UTF-8, or a file error naming it (a .DS_Store, an
   * editor's swap file).
   */
  private static String text(Path file, String relative) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new StepFileException(
          relative,
          0,
          "is not UTF-8 text (everything under the changelog's directory is read as "
              + "part of the migrations)",
          "Delete it, or move it out of "
              + relative.substring(0, relative.lastIndexOf('/') + 1)
              + " (editor swap files and .DS_Store belong in .gitignore); nothing was applied");
    } catch (IOException e) {
      throw new StepFileException(relative, 0, "cannot be read: " + e.getMessage());
    }
  }

  private static StepFileException parseError(String changelog, ChangeLogParseException e) {
    String message = rootMessage(e);
    Matcher line = LINE.matcher(message);
    int lineNumber = line.find() ? Integer.parseInt(line.group(1)) : 0;
    String file = fileIn(message).orElse(changelog);
    return new StepFileException(
        file, lineNumber, "the changelog does not parse: " + OneLine.of(message, 300));
  }

  private static Optional<String> fileIn(String message) {
    Matcher m = Pattern.compile("(migrations/[\\w./-]+)").matcher(message);
    return m.find() ? Optional.of(m.group(1).replaceAll("[.'\"]+$", "")) : Optional.empty();
  }

  private static String rootMessage(Throwable e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    Throwable cause = e.getCause();
    while (cause != null) {
      if (cause.getMessage() != null && cause.getMessage().contains("line ")) {
        message = cause.getMessage();
      }
      cause = cause.getCause();
    }
    return message;
  }
}
