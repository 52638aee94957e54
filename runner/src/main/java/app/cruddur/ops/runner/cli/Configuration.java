package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.DatabaseUrls;
import app.cruddur.ops.runner.api.ErrorCode;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Where each {@link Configurable} option's value comes from, as Flyway decides it: the command
 * line, else the environment ({@code CRUDDUR_PROFILE}), else the project file {@code cruddur.toml}
 * in the project directory ({@code profile = "admin"}), else the option's default. picocli asks it
 * for the default of every option not on the command line; {@code --debug} prints what came from
 * where.
 *
 * <p>Longer than our usual class: the three sources, their precedence, the {@code --debug} report
 * and the check of the file's keys (which looks in the whole command tree when only the command run
 * was built) are one decision over one state; split, each part would need the others' maps.
 */
public final class Configuration implements IDefaultValueProvider {
  /** The project file's name, in the project directory. */
  public static final String FILE_NAME = "cruddur.toml";

  /** The prefix of every option's environment variable. */
  public static final String ENV_PREFIX = "CRUDDUR_";

  /** Where a value came from, strongest first. */
  public enum Source {
    /** Given on the command line. */
    COMMAND_LINE("the command line"),
    /** An environment variable. */
    ENVIRONMENT("the environment"),
    /** The project file. */
    PROJECT_FILE(FILE_NAME),
    /** Nowhere: the option's own default. */
    DEFAULT("the default");

    private final String label;

    Source(String label) {
      this.label = label;
    }

    /** How {@code --debug} names it. */
    public String label() {
      return label;
    }
  }

  /** Which source gave each option, by its longest name; see {@link #sources}. */
  @FunctionalInterface
  public interface Sources {
    /** Where the value of the option named {@code longestName} came from. */
    Source of(String longestName);
  }

  private final Map<String, String> env;
  private final Path file;
  private final Map<String, Value> fileValues;

  /** A value of the project file: its text (as picocli converts it) and its line. */
  private record Value(String text, int line) {}

  private Configuration(Map<String, String> env, Path file, Map<String, Value> fileValues) {
    this.env = Map.copyOf(env);
    this.file = file;
    this.fileValues = fileValues;
  }

  /**
   * The environment {@code env} and the project file of {@code projectDir}, if it has one.
   *
   * @throws CruddurException exit 2 ({@code CONFIG_FILE}) for a file that does not parse or holds
   *     anything but top-level keys with a string, number or boolean
   */
  public static Configuration load(Map<String, String> env, Path projectDir) {
    Path file = projectDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return new Configuration(env, file, Map.of());
    }
    return new Configuration(env, file, read(file));
  }

  private static Map<String, Value> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw fileError(file, 0, "cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    JsonNode root;
    try {
      root = new TomlMapper().readTree(text);
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      throw fileError(
          file, at == null ? 0 : at.getLineNr(), "is not valid TOML: " + e.getOriginalMessage());
    }
    Map<String, Value> values = new LinkedHashMap<>();
    List<String> lines = text.lines().toList();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      int line = lineOf(lines, field.getKey());
      JsonNode value = field.getValue();
      if (!value.isValueNode()) {
        throw fileError(
            file,
            line,
            "'"
                + field.getKey()
                + "' is a "
                + (value.isArray() ? "list" : "table")
                + ", not a value",
            "Write each option as a top-level key with one value, e.g. context = \"prod\"");
      }
      values.put(field.getKey(), new Value(value.asText(), line));
    }
    return values;
  }

  private static int lineOf(List<String> lines, String key) {
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (l.startsWith(key) && l.substring(key.length()).strip().startsWith("=")) {
        return i + 1;
      }
    }
    return 0;
  }

  private static CruddurException fileError(Path file, int line, String problem) {
    return fileError(file, line, problem, "Fix " + FILE_NAME + ", or move it aside");
  }

  private static CruddurException fileError(Path file, int line, String problem, String remedy) {
    return CruddurException.of(
        ErrorCode.CONFIG_FILE, file + (line > 0 ? " line " + line : "") + ": " + problem, remedy);
  }

  /**
   * Checks the project file's keys against the options of {@code root}'s commands.
   *
   * @throws CruddurException exit 2 ({@code CONFIG_FILE}) naming an unknown key (with the nearest
   *     known ones) or one the file may not set
   */
  public void check(CommandLine root) {
    check(root, () -> root);
  }

  /**
   * As {@link #check(CommandLine)}, for a command line built with only some commands: a key none of
   * theirs knows is looked up in {@code whole}, the command line with every command.
   */
  public void check(CommandLine root, Supplier<CommandLine> whole) {
    Map<String, OptionSpec> known = new TreeMap<>();
    collect(root.getCommandSpec(), known);
    if (!known.keySet().containsAll(fileValues.keySet())) {
      known.clear();
      collect(whole.get().getCommandSpec(), known);
    }
    for (Map.Entry<String, Value> entry : fileValues.entrySet()) {
      String key = entry.getKey();
      OptionSpec option = known.get(key);
      if (option == null) {
        List<String> near = Nearest.to(key, known.keySet(), 3);
        throw fileError(
            file,
            entry.getValue().line(),
            "unknown key '" + key + "'",
            "Use an option's long name without its dashes (did you mean "
                + String.join(" or ", near)
                + "?)");
      }
      if (!annotation(option).orElseThrow().inFile()) {
        throw fileError(
            file,
            entry.getValue().line(),
            "'" + key + "' cannot be set in " + FILE_NAME,
            "Pass " + option.longestName() + " or set " + envName(option) + " instead");
      }
    }
  }

  private static void collect(CommandSpec command, Map<String, OptionSpec> known) {
    for (OptionSpec option : command.options()) {
      if (annotation(option).isPresent()) {
        known.put(key(option), option);
      }
    }
    command.subcommands().values().forEach(sub -> collect(sub.getCommandSpec(), known));
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    Optional<Configurable> configurable = annotation(option);
    if (configurable.isEmpty()) {
      return null;
    }
    String fromEnv = env.get(envName(option));
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    Value fromFile = configurable.get().inFile() ? fileValues.get(key(option)) : null;
    return fromFile == null ? null : fromFile.text();
  }

  /** Where each option of the command {@code parsed} ends in came from. */
  public Sources sources(ParseResult parsed) {
    return name -> {
      for (ParseResult p = parsed; p != null; p = p.subcommand()) {
        if (p.hasMatchedOption(name)) {
          return Source.COMMAND_LINE;
        }
      }
      OptionSpec option = leaf(parsed).commandSpec().findOption(name);
      return option == null ? Source.DEFAULT : sourceOfDefault(option);
    };
  }

  private Source sourceOfDefault(OptionSpec option) {
    Optional<Configurable> configurable = annotation(option);
    if (configurable.isEmpty()) {
      return Source.DEFAULT;
    }
    String fromEnv = env.get(envName(option));
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Source.ENVIRONMENT;
    }
    return configurable.get().inFile() && fileValues.containsKey(key(option))
        ? Source.PROJECT_FILE
        : Source.DEFAULT;
  }

  /**
   * What {@code --debug} says of the configuration: one line per configurable option of the command
   * that has a value from anywhere but its default, with where it came from and what it overrode.
   */
  public List<String> describe(ParseResult parsed) {
    Sources sources = sources(parsed);
    List<String> lines = new ArrayList<>();
    lines.add(
        "configuration: flag > environment (CRUDDUR_*) > "
            + (fileValues.isEmpty() && !Files.isRegularFile(file)
                ? file + " (none)"
                : file.toString()));
    ParseResult leaf = leaf(parsed);
    for (OptionSpec option : leaf.commandSpec().options()) {
      Optional<Configurable> configurable = annotation(option);
      if (configurable.isEmpty()) {
        continue;
      }
      Source source = sources.of(option.longestName());
      List<String> overridden = new ArrayList<>();
      String fromEnv = env.get(envName(option));
      if (fromEnv != null && !fromEnv.isBlank() && source != Source.ENVIRONMENT) {
        overridden.add(envName(option) + "=" + shown(fromEnv));
      }
      Value fromFile = configurable.get().inFile() ? fileValues.get(key(option)) : null;
      if (fromFile != null && source != Source.PROJECT_FILE) {
        overridden.add(FILE_NAME + "'s " + shown(fromFile.text()));
      }
      if (source == Source.DEFAULT && overridden.isEmpty()) {
        continue;
      }
      Object value = option.getValue();
      lines.add(
          "  "
              + option.longestName()
              + " = "
              + (value == null ? "(none)" : shown(String.valueOf(value)))
              + " from "
              + (source == Source.ENVIRONMENT ? envName(option) : source.label())
              + (overridden.isEmpty() ? "" : ", over " + String.join(" and ", overridden)));
    }
    return lines;
  }

  private static String shown(String value) {
    return DatabaseUrls.redact(value);
  }

  /** The last command of {@code parsed}: the one that runs. */
  private static ParseResult leaf(ParseResult parsed) {
    ParseResult p = parsed;
    while (p.hasSubcommand()) {
      p = p.subcommand();
    }
    return p;
  }

  /** The environment variable of {@code option}. */
  public static String envName(OptionSpec option) {
    return annotation(option)
        .map(Configurable::env)
        .filter(e -> !e.isEmpty())
        .orElseGet(() -> ENV_PREFIX + key(option).toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  /** The key of {@code option} in the project file: its long name without the dashes. */
  public static String key(OptionSpec option) {
    return option.longestName().replaceFirst("^-+", "");
  }

  /** The {@link Configurable} of {@code option}, if it is one. */
  public static Optional<Configurable> annotation(OptionSpec option) {
    return option.userObject() instanceof Field field
        ? Optional.ofNullable(field.getAnnotation(Configurable.class))
        : Optional.empty();
  }
}
