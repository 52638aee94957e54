package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.cli.Invocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * A message's text: {@code --text TEXT}, or {@code --text-file FILE} for a long one ({@code -}:
 * stdin), as {@code aws ... --cli-input-json file://} and {@code git commit -F} take theirs. One
 * trailing newline (what an editor or {@code echo} adds) is not part of the message.
 */
final class MessageText {
  @Option(names = "--text", paramLabel = "TEXT", description = "The message.")
  String text;

  @Option(
      names = "--text-file",
      paramLabel = "FILE",
      description =
          "The message from FILE (UTF-8; - reads stdin), for a long one; one trailing newline is"
              + " dropped.")
  String file;

  /** The text given, read from its file or stdin when that is where it is. */
  String read(Invocation invocation) {
    if (file == null) {
      return text;
    }
    String read;
    if (file.equals("-")) {
      try {
        read = invocation.input().lines().collect(Collectors.joining("\n", "", "\n"));
      } catch (UncheckedIOException e) {
        throw unreadable("stdin", e.getCause().getMessage());
      }
    } else {
      Path path = invocation.workingDir().resolve(file);
      try {
        read = Files.readString(path);
      } catch (NoSuchFileException e) {
        throw CruddurException.of(
            ErrorCode.BAD_ARGUMENT,
            "--text-file " + file + ": there is no such file",
            "Pass the file that holds the message, or --text-file - to read it from stdin");
      } catch (AccessDeniedException e) {
        throw unreadable(file, "permission denied");
      } catch (CharacterCodingException e) {
        throw CruddurException.of(
            ErrorCode.BAD_ARGUMENT,
            "--text-file " + file + " is not UTF-8 text",
            "Save it as UTF-8 (iconv -t UTF-8), then rerun; nothing was written");
      } catch (IOException e) {
        throw unreadable(file, Files.isDirectory(path) ? "it is a directory" : e.getMessage());
      }
    }
    return read.endsWith("\r\n")
        ? read.substring(0, read.length() - 2)
        : read.endsWith("\n") ? read.substring(0, read.length() - 1) : read;
  }

  private static CruddurException unreadable(String what, String why) {
    return CruddurException.of(
        ErrorCode.BAD_ARGUMENT,
        "--text-file " + what + " cannot be read (" + why + ")",
        "Pass a readable file, or --text-file - to read the message from stdin");
  }
}
