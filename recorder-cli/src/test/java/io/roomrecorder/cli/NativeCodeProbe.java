package io.roomrecorder.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A main class the fat-jar test runs with {@code room-recorder.jar} on the class path: {@code idle}
 * prints the native code this JVM has mapped (its baseline), {@code demo DIR} runs the whole
 * offline demo (signaling server, two publishers, ICE, DTLS, SRTP with every profile warmed up,
 * SCTP, both muxers' writers) and then prints them. Linux only ({@code /proc/self/maps}).
 */
public final class NativeCodeProbe {
  private NativeCodeProbe() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 2 && args[0].equals("demo")) {
      int code = Main.run(CliContext.ofProcess(), "demo", "--duration", "2s", "--output", args[1]);
      System.out.println("exit " + code);
    }
    for (String file : mappedFiles()) {
      System.out.println("mapped " + file);
    }
    System.out.flush();
  }

  /**
   * The distinct files mapped executable in /proc/self/maps, i.e. native code (a deleted file keeps
   * its " (deleted)" mark).
   */
  static List<String> mappedFiles() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/maps")).stream()
        .map(line -> line.split("\\s+", 6))
        .filter(f -> f.length == 6 && f[1].indexOf('x') >= 0 && f[5].startsWith("/"))
        .map(f -> f[5])
        .distinct()
        .sorted()
        .toList();
  }
}
