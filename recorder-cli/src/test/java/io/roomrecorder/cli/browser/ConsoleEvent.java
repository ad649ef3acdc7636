package io.roomrecorder.cli.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One progress line a test page wrote with {@code console.log("RRPUB <event> <json>")} (or {@code
 * RRVIEW}), as parsed from a browser's output. Chromium ({@code --enable-logging=stderr}) prints
 * {@code [..:INFO:CONSOLE:3] "RRPUB offer-sent {...}", source: http://... (3)} with the text
 * unescaped; Firefox ({@code devtools.console.stdout.content}) prints {@code console.log: "RRPUB
 * ..."} with the text escaped like a JavaScript string literal.
 *
 * <p>Immutable and thread-safe.
 *
 * @param page "RRPUB" or "RRVIEW"
 * @param event the event name, e.g. {@code media-offer-sent}
 * @param data the JSON after the event name, or a missing node
 * @param line the whole output line
 */
public record ConsoleEvent(String page, String event, JsonNode data, String line) {

  /** Line prefixes the pages use. */
  public static final String PUBLISHER = "RRPUB";

  public static final String VIEWER = "RRVIEW";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CHROMIUM = Pattern.compile(":CONSOLE[^\\]]*\\] \"(.*)\", source: ");
  private static final Pattern FIREFOX = Pattern.compile("^console\\.\\w+: (\".*\")\\s*$");

  /** Parses one output line; empty when it is not a page progress line. */
  public static Optional<ConsoleEvent> parse(String line) {
    String text = consoleText(line);
    if (text == null) {
      return Optional.empty();
    }
    for (String page : new String[] {PUBLISHER, VIEWER}) {
      if (text.startsWith(page + " ")) {
        String rest = text.substring(page.length() + 1);
        int space = rest.indexOf(' ');
        String event = space < 0 ? rest : rest.substring(0, space);
        JsonNode data = MissingNode.getInstance();
        if (space >= 0) {
          String payload = rest.substring(space + 1);
          try {
            data = JSON.readTree(payload);
          } catch (JsonProcessingException e) {
            data = JSON.getNodeFactory().textNode(payload);
          }
        }
        return Optional.of(new ConsoleEvent(page, event, data, line));
      }
    }
    return Optional.empty();
  }

  private static String consoleText(String line) {
    Matcher chromium = CHROMIUM.matcher(line);
    if (chromium.find()) {
      return chromium.group(1);
    }
    Matcher firefox = FIREFOX.matcher(line);
    if (firefox.find()) {
      try {
        return JSON.readValue(firefox.group(1), String.class);
      } catch (JsonProcessingException e) {
        return null;
      }
    }
    return null;
  }

  /** The value at a JSON pointer such as {@code /video/frameWidth}, or a missing node. */
  public JsonNode at(String pointer) {
    return data.at(pointer);
  }

  /** The number at a JSON pointer, or -1 when absent or not a number. */
  public long number(String pointer) {
    JsonNode node = data.at(pointer);
    return node.isNumber() ? node.asLong() : -1;
  }

  /** The text at a JSON pointer, or "" when absent. */
  public String text(String pointer) {
    JsonNode node = data.at(pointer);
    return node.isMissingNode() || node.isNull() ? "" : node.asText();
  }

  @Override
  public String toString() {
    return page + " " + event + (data.isMissingNode() ? "" : " " + data);
  }
}
