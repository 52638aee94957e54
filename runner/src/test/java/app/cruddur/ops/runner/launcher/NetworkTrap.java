package app.cruddur.ops.runner.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs inside a network namespace whose every IPv4 address is local ({@code ip route add local
 * 0.0.0.0/0 dev lo}): whatever a command sends beyond 127.0.0.1 arrives here instead. It answers
 * DNS on port 53 with "no such name" and accepts TCP on the ports an AWS request, the instance
 * metadata service, a proxy or LocalStack would use, recording each (what was asked, of which
 * address), and runs the commands given, one after the other, as child processes.
 *
 * <p>{@code NetworkTrap REPORT_FILE WORKDIR -- CMD1 ARGS... -- CMD2 ARGS...}: the report has one
 * {@code dns NAME}, {@code tcp ADDRESS:PORT FIRST_LINE} or {@code exit CODE COMMAND} line per
 * event.
 */
public final class NetworkTrap {
  static final List<Integer> TCP_PORTS = List.of(80, 443, 3128, 4566, 8080);

  private final List<String> events = Collections.synchronizedList(new ArrayList<>());

  public static void main(String[] args) throws Exception {
    Path report = Path.of(args[0]);
    File workdir = new File(args[1]);
    List<List<String>> commands = new ArrayList<>();
    for (String arg : Arrays.asList(args).subList(2, args.length)) {
      if (arg.equals("--")) {
        commands.add(new ArrayList<>());
      } else {
        commands.get(commands.size() - 1).add(arg);
      }
    }
    NetworkTrap trap = new NetworkTrap();
    trap.listen();
    for (List<String> command : commands) {
      Process p =
          new ProcessBuilder(command)
              .directory(workdir)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(
                      workdir.toPath().resolve("trap-out.txt").toFile()))
              .redirectError(
                  ProcessBuilder.Redirect.appendTo(
                      workdir.toPath().resolve("trap-err.txt").toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      boolean done = p.waitFor(5, TimeUnit.MINUTES);
      if (!done) {
        p.destroyForcibly();
      }
      trap.events.add(
          "exit "
              + (done ? p.exitValue() : "timeout")
              + " "
              + String.join(" ", command.subList(1, command.size())));
    }
    Thread.sleep(500); // a late packet of the last command
    Files.write(report, List.copyOf(trap.events), StandardCharsets.UTF_8);
    System.exit(0);
  }

  private void listen() throws IOException {
    DatagramSocket dns = new DatagramSocket(new InetSocketAddress("0.0.0.0", 53));
    daemon(
        "trap-dns",
        () -> {
          byte[] buffer = new byte[512];
          while (true) {
            DatagramPacket query = new DatagramPacket(buffer, buffer.length);
            dns.receive(query);
            events.add("dns " + questionName(query.getData(), query.getLength()));
            byte[] answer = Arrays.copyOf(query.getData(), query.getLength());
            answer[2] = (byte) (0x80 | (answer[2] & 0x79)); // a response, same opcode and RD
            answer[3] = (byte) 0x83; // RA, NXDOMAIN
            dns.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
          }
        });
    for (int port : TCP_PORTS) {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress("0.0.0.0", port));
      daemon(
          "trap-" + port,
          () -> {
            while (true) {
              Socket s = server.accept();
              String to = s.getLocalAddress().getHostAddress() + ":" + s.getLocalPort();
              s.setSoTimeout(2000);
              String first = "";
              try (s;
                  InputStream in = s.getInputStream()) {
                byte[] head = in.readNBytes(64);
                first =
                    new String(head, StandardCharsets.ISO_8859_1)
                        .lines()
                        .findFirst()
                        .orElse("")
                        .replaceAll("[^\\x20-\\x7e]", "?");
              } catch (IOException silent) {
                // TLS or nothing sent: the address is what matters
              }
              events.add("tcp " + to + " " + first);
            }
          });
    }
  }

  private static String questionName(byte[] packet, int length) {
    StringBuilder name = new StringBuilder();
    int i = 12;
    while (i < length && packet[i] != 0) {
      int label = packet[i] & 0xff;
      if (name.length() > 0) {
        name.append('.');
      }
      name.append(
          new String(packet, i + 1, Math.min(label, length - i - 1), StandardCharsets.US_ASCII));
      i += label + 1;
    }
    return name.toString();
  }

  private interface Loop {
    void run() throws IOException;
  }

  private static void daemon(String name, Loop loop) {
    Thread t =
        new Thread(
            () -> {
              try {
                loop.run();
              } catch (IOException closed) {
                // the namespace ends with the process
              }
            },
            name);
    t.setDaemon(true);
    t.start();
  }
}
