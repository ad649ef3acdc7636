package io.roomrecorder.signaling.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The server's JSON mapper: bounded nesting and sizes, no trailing content. Thread-safe. */
final class ServerJson {

  static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(32)
                          .maxNumberLength(64)
                          .maxStringLength(4 * 1024 * 1024)
                          .maxDocumentLength(8L * 1024 * 1024)
                          .build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private ServerJson() {}

  /** The parsed tree, or null if the text is not JSON. */
  static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException | RuntimeException e) {
      return null;
    }
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree we built does not serialize", e);
    }
  }

  /**
   * An id-like field: a string, or an integral number as decimal text; null when absent, JSON null
   * or of another type.
   */
  static String id(JsonNode msg, String field) {
    JsonNode v = msg.get(field);
    if (v == null) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isIntegralNumber()) {
      return v.asText();
    }
    return null;
  }

  /** Whether the field is present with a value that {@link #id} would not accept. */
  static boolean badId(JsonNode msg, String field) {
    JsonNode v = msg.get(field);
    return v != null && !v.isNull() && !v.isTextual() && !v.isIntegralNumber();
  }
}
