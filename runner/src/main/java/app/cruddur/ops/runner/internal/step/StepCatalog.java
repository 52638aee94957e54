package app.cruddur.ops.runner.internal.step;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.internal.stepfile.Checksums;
import app.cruddur.ops.runner.internal.stepfile.StepFileException;
import app.cruddur.ops.runner.internal.stepfile.StepId;
import app.cruddur.ops.runner.internal.stepfile.StepSource;
import app.cruddur.ops.runner.internal.stepfile.YamlMap;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The steps declared in {@code seeders/}: every {@code V<version>__<name>.yaml} and {@code
 * R__<name>.yaml}, parsed and checked (names, versions, kinds, keys) before anything is applied.
 * Any problem is {@code <file> line <n>: <what>}, exit 2.
 */
public final class StepCatalog {
  /** The directory of step files, relative to the project. */
  public static final String DIRECTORY = "seeders";

  /**
   * The key that marks a step longer than a slice ({@code long: true}): a release workflow runs it
   * in its long-step project.
   */
  public static final String LONG_KEY = "long";

  /** Contexts known without being declared. */
  public static final List<String> BUILT_IN_CONTEXTS = List.of("dev", "test", "prod");

  private final List<StepDefinition> steps;

  private StepCatalog(List<StepDefinition> steps) {
    this.steps = List.copyOf(steps);
  }

  /** The steps in release order. */
  public List<StepDefinition> steps() {
    return steps;
  }

  /** Every context a step names, plus the built-in ones. */
  public Set<String> knownContexts() {
    Set<String> known = new LinkedHashSet<>(BUILT_IN_CONTEXTS);
    steps.forEach(s -> known.addAll(s.contexts()));
    return known;
  }

  /** Loads and checks every step file of the project. */
  public static StepCatalog load(Path projectDir, StepKinds kinds) {
    Path dir = projectDir.resolve(DIRECTORY);
    if (!Files.isDirectory(dir)) {
      throw CruddurException.of(
          ErrorCode.NO_PROJECT,
          "there is no " + DIRECTORY + "/ directory in " + projectDir,
          "Run cruddur from the project checkout, or pass --project-dir");
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files =
          list.filter(Files::isRegularFile)
              .filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
              .sorted(Comparator.comparing(p -> p.getFileName().toString()))
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    List<StepDefinition> steps = new ArrayList<>();
    for (Path file : files) {
      StepDefinition step = parse(projectDir, file, kinds);
      for (StepDefinition other : steps) {
        if (other.id().key().equals(step.id().key()) || other.id().sameVersion(step.id())) {
          throw new StepFileException(
              step.file(),
              0,
              "version " + step.id().key().substring(1) + " is also used by " + other.file(),
              "Give each step its own version; nothing was applied");
        }
      }
      steps.add(step);
    }
    steps.sort(Comparator.comparing(StepDefinition::id));
    return new StepCatalog(steps);
  }

  private static StepDefinition parse(Path projectDir, Path path, StepKinds kinds) {
    String file = DIRECTORY + "/" + path.getFileName();
    StepId id =
        StepId.fromFileName(path.getFileName().toString())
            .orElseThrow(
                () ->
                    new StepFileException(
                        file,
                        0,
                        "the file name does not say the step's version",
                        "Name it " + StepId.NAMING));
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new StepFileException(
          file,
          0,
          "is not UTF-8 text",
          "Save it as UTF-8, or move it out of " + DIRECTORY + "/; nothing was applied");
    } catch (IOException e) {
      throw new StepFileException(file, 0, "cannot be read: " + e.getMessage());
    }
    Node root;
    Object data;
    try {
      root = yaml().compose(new StringReader(text));
      data = yaml().load(text);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new StepFileException(file, line, "is not valid YAML: " + e.getProblem());
    } catch (YAMLException e) {
      throw new StepFileException(file, 0, "is not valid YAML: " + e.getMessage());
    }
    if (!(root instanceof MappingNode mapping)) {
      throw new StepFileException(
          file,
          root == null ? 0 : YamlMap.line(root),
          "a step file is a mapping with at least 'kind:'",
          "Start it with a kind: line, as seeders/V001__schema.yaml does (README.md, \"Steps and"
              + " migrations\", lists the kinds)");
    }
    YamlMap body = new YamlMap(file, mapping);
    String kindName = body.string("kind");
    StepKind<?> kind =
        kinds
            .get(kindName)
            .orElseThrow(
                () ->
                    body.error(
                        "kind", "unknown kind '" + kindName + "' (known: " + kinds.names() + ")"));
    String description = body.optionalString("description").orElse(id.defaultDescription());
    List<String> contexts = body.stringList("contexts");
    for (String context : contexts) {
      if (!context.matches("[A-Za-z0-9_-]+")) {
        throw body.error("contexts", "context '" + context + "' is not a plain name");
      }
    }
    if (kind.runsEveryRelease() && id.versioned()) {
      throw new StepFileException(
          file,
          body.line("kind"),
          "a " + kind.name() + " step runs on every release",
          "Name it R__" + id.name() + ".yaml");
    }
    // how it runs, not what it does: not part of the checksum (marking an applied step long is no
    // drift)
    boolean longRunning = body.optionalBoolean(LONG_KEY).orElse(false);
    StepAction action = kind.parse(body, new StepSource(projectDir, file));
    body.rejectUnknownKeys("a " + kind.name() + " step");
    return new StepDefinition(
        id,
        description,
        kind.name(),
        kind.store(),
        kind.runsEveryRelease(),
        contexts,
        file,
        checksum(projectDir, data, action),
        action,
        longRunning);
  }

  private static String checksum(Path projectDir, Object data, StepAction action) {
    if (data instanceof Map<?, ?> map && map.containsKey(LONG_KEY)) {
      Map<Object, Object> without = new LinkedHashMap<>(map);
      without.remove(LONG_KEY);
      data = without;
    }
    StringBuilder canonical = new StringBuilder(Checksums.canonicalData(data));
    for (Path input : action.inputs()) {
      try {
        canonical
            .append("\n== ")
            .append(projectDir.relativize(input).toString().replace('\\', '/'))
            .append('\n')
            .append(Checksums.canonicalText(Files.readString(input, StandardCharsets.UTF_8)));
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new StepFileException(
            projectDir.relativize(input).toString(), 0, "is not UTF-8 text");
      } catch (IOException e) {
        throw new StepFileException(
            projectDir.relativize(input).toString(), 0, "cannot be read: " + e.getMessage());
      }
    }
    action.inputChecksum().ifPresent(c -> canonical.append("\n== inputs ").append(c));
    return Checksums.of(canonical.toString());
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(10);
    return new Yaml(
        new SafeConstructor(options),
        new org.yaml.snakeyaml.representer.Representer(new org.yaml.snakeyaml.DumperOptions()),
        new org.yaml.snakeyaml.DumperOptions(),
        options);
  }
}
