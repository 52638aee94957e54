package app.cruddur.ops.runner.internal.stepfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML mapping read with its line numbers, so that every complaint about a step file names the
 * line: {@code seeders/V003__x.yaml line 7: contexts must be a list of names}.
 */
public final class YamlMap {
  private final String file;
  private final MappingNode node;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Set<String> read = new LinkedHashSet<>();

  public YamlMap(String file, MappingNode node) {
    this.file = file;
    this.node = node;
    for (NodeTuple tuple : node.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        throw error(tuple.getKeyNode(), "keys must be plain names");
      }
      if (entries.put(key.getValue(), tuple) != null) {
        throw error(key, "'" + key.getValue() + "' is given twice");
      }
    }
  }

  /** The file this mapping is in, as shown to users. */
  public String file() {
    return file;
  }

  /** 1-based line of this mapping. */
  public int line() {
    return line(node);
  }

  /** 1-based line of a node. */
  public static int line(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  /** 1-based line of a key's value, or of the mapping when absent. */
  public int line(String key) {
    NodeTuple t = entries.get(key);
    return t == null ? line() : line(t.getValueNode());
  }

  /** The keys of this mapping, in file order; each counts as read. */
  public java.util.Set<String> keys() {
    read.addAll(entries.keySet());
    return java.util.Collections.unmodifiableSet(entries.keySet());
  }

  public boolean has(String key) {
    return entries.containsKey(key);
  }

  /** A required string. */
  public String string(String key) {
    return optionalString(key).orElseThrow(() -> error(node, "'" + key + "' is missing"));
  }

  /** An optional string (a scalar). */
  public Optional<String> optionalString(String key) {
    read.add(key);
    NodeTuple t = entries.get(key);
    if (t == null) {
      return Optional.empty();
    }
    if (!(t.getValueNode() instanceof ScalarNode scalar)) {
      throw error(t.getValueNode(), "'" + key + "' must be a single value");
    }
    return Optional.of(scalar.getValue());
  }

  /** An optional {@code true} or {@code false}. */
  public Optional<Boolean> optionalBoolean(String key) {
    return optionalString(key)
        .map(
            text -> {
              String value = text.strip().toLowerCase(Locale.ROOT);
              if (value.equals("true") || value.equals("false")) {
                return Boolean.valueOf(value);
              }
              throw error(
                  entries.get(key).getValueNode(),
                  "'" + key + "' must be true or false, not '" + text + "'");
            });
  }

  /** An optional positive whole number. */
  public Optional<Integer> optionalPositiveInt(String key) {
    return optionalString(key)
        .map(
            text -> {
              try {
                int value = Integer.parseInt(text.strip());
                if (value > 0) {
                  return value;
                }
              } catch (NumberFormatException e) {
                // reported below
              }
              throw error(
                  entries.get(key).getValueNode(),
                  "'" + key + "' must be a positive whole number, not '" + text + "'");
            });
  }

  /**
   * An optional duration: {@code 10s}, {@code 5m}, {@code 1h}, {@code 500ms}, or {@code 0} for
   * none.
   */
  public Optional<java.time.Duration> optionalDuration(String key) {
    return optionalString(key)
        .map(
            text -> {
              java.util.regex.Matcher m =
                  java.util.regex.Pattern.compile("(\\d{1,9})\\s*(ms|s|m|min|h)?")
                      .matcher(text.strip());
              if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? (n == 0 ? "s" : "") : m.group(2);
                switch (unit) {
                  case "ms" -> {
                    return java.time.Duration.ofMillis(n);
                  }
                  case "s" -> {
                    return java.time.Duration.ofSeconds(n);
                  }
                  case "m", "min" -> {
                    return java.time.Duration.ofMinutes(n);
                  }
                  case "h" -> {
                    return java.time.Duration.ofHours(n);
                  }
                  default -> {
                    // a bare number other than 0: say which unit
                  }
                }
              }
              throw error(
                  entries.get(key).getValueNode(),
                  "'"
                      + key
                      + "' must be a duration such as 10s, 5m or 1h (0 for none), not '"
                      + text
                      + "'");
            });
  }

  /** A list of strings; a single scalar counts as a one-element list. */
  public List<String> stringList(String key) {
    read.add(key);
    NodeTuple t = entries.get(key);
    if (t == null) {
      return List.of();
    }
    Node value = t.getValueNode();
    if (value instanceof ScalarNode scalar) {
      List<String> parts = new ArrayList<>();
      for (String part : scalar.getValue().split(",")) {
        if (!part.isBlank()) {
          parts.add(part.strip());
        }
      }
      return parts;
    }
    if (!(value instanceof SequenceNode seq)) {
      throw error(value, "'" + key + "' must be a list");
    }
    List<String> items = new ArrayList<>();
    for (Node item : seq.getValue()) {
      if (!(item instanceof ScalarNode s)) {
        throw error(item, "each item of '" + key + "' must be a single value");
      }
      items.add(s.getValue());
    }
    return items;
  }

  /** A list of mappings. */
  public List<YamlMap> mapList(String key) {
    read.add(key);
    NodeTuple t = entries.get(key);
    if (t == null) {
      return List.of();
    }
    if (!(t.getValueNode() instanceof SequenceNode seq)) {
      throw error(t.getValueNode(), "'" + key + "' must be a list");
    }
    List<YamlMap> items = new ArrayList<>();
    for (Node item : seq.getValue()) {
      if (!(item instanceof MappingNode m)) {
        throw error(item, "each item of '" + key + "' must be a mapping (key: value lines)");
      }
      items.add(new YamlMap(file, m));
    }
    return items;
  }

  /** A nested mapping. */
  public Optional<YamlMap> optionalMap(String key) {
    read.add(key);
    NodeTuple t = entries.get(key);
    if (t == null) {
      return Optional.empty();
    }
    if (!(t.getValueNode() instanceof MappingNode m)) {
      throw error(t.getValueNode(), "'" + key + "' must be a mapping (key: value lines)");
    }
    return Optional.of(new YamlMap(file, m));
  }

  /** The raw node of a key (for kinds with their own structure). */
  public Optional<Node> node(String key) {
    read.add(key);
    return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
  }

  /** Fails on any key nobody asked for: a typo must not be silently ignored. */
  public void rejectUnknownKeys(String what) {
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      if (!read.contains(e.getKey())) {
        throw error(
            e.getValue().getKeyNode(),
            "unknown key '"
                + e.getKey()
                + "' in "
                + what
                + " (known: "
                + String.join(", ", read)
                + ")");
      }
    }
  }

  /** An error pointing at {@code at}. */
  public StepFileException error(Node at, String problem) {
    return new StepFileException(file, line(at), problem);
  }

  /** An error pointing at the value of {@code key} (or the mapping). */
  public StepFileException error(String key, String problem) {
    return new StepFileException(file, line(key), problem);
  }
}
