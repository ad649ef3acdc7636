package io.roomrecorder.signaling;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The JSON side of VDO.Ninja messages, shared by the websocket session and the data-channel codec:
 * strict parsing with bounded nesting and sizes, typed field reads, and the payload encryption of
 * vdo-ninja.md §2.4 ({@code description}, {@code candidate}, {@code candidates} replaced by hex
 * ciphertext, one {@code vector} per message). Jackson stays inside this class and its package.
 * Thread-safe (the mapper is immutable after construction).
 */
final class WireCodec {

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

  /**
   * Longest identifier accepted ({@code UUID}, {@code from}, {@code session}, {@code streamID}):
   * real ones are at most ~50 characters.
   */
  static final int MAX_ID_CHARS = 256;

  private WireCodec() {}

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Parses one message; it must be a JSON object. */
  static ObjectNode parseObject(String text) throws WireException {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new WireException(DropReason.MALFORMED_JSON, "not JSON: " + DropCounter.excerpt(text));
    }
    if (node == null || !node.isObject()) {
      throw new WireException(
          DropReason.MALFORMED_JSON, "not a JSON object: " + DropCounter.excerpt(text));
    }
    return (ObjectNode) node;
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree we built does not serialize", e);
    }
  }

  /** A string field; null when absent or JSON null. */
  static String optText(ObjectNode msg, String field) throws WireException {
    JsonNode v = msg.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new WireException(DropReason.WRONG_TYPE, "\"" + field + "\" is " + v.getNodeType());
    }
    return v.textValue();
  }

  /**
   * An identifier field ({@code UUID}, {@code from}, {@code session}, {@code streamID}): a string,
   * or an integral number (Raspberry Ninja's numeric ids) taken as its decimal text; null when
   * absent or JSON null.
   */
  static String optId(ObjectNode msg, String field) throws WireException {
    JsonNode v = msg.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      if (v.textValue().length() > MAX_ID_CHARS) {
        throw new WireException(
            DropReason.WRONG_TYPE,
            "\"" + field + "\" is " + v.textValue().length() + " chars long");
      }
      return v.textValue();
    }
    if (v.isIntegralNumber()) {
      return v.asText();
    }
    throw new WireException(DropReason.WRONG_TYPE, "\"" + field + "\" is " + v.getNodeType());
  }

  /**
   * Who sent a delivered message (vdo-ninja.md §1.2). Routed servers name the sender in {@code
   * UUID}. In custom-server mode the sender is {@code from}; our own echo and messages addressed to
   * another client are {@link DropReason#NOT_FOR_US}; a message without {@code from} falls back to
   * the routed reading, and a server message addressed to us has no sender (null).
   */
  static String sender(ObjectNode msg, boolean custom, String ownId) throws WireException {
    String from = optId(msg, "from");
    String uuid = optId(msg, "UUID");
    if (custom && from != null) {
      if (from.equals(ownId)) {
        throw new WireException(DropReason.NOT_FOR_US, "our own message echoed");
      }
      if (uuid != null && !uuid.equals(ownId)) {
        throw new WireException(DropReason.NOT_FOR_US, "addressed to another client");
      }
      return from;
    }
    if (custom && uuid != null && uuid.equals(ownId)) {
      return null;
    }
    return uuid;
  }

  /** A decoded {@code description}. */
  record Description(String type, String sdp, boolean encrypted) {}

  /** Candidates read from {@code candidate} or {@code candidates}. */
  record Candidates(List<RemoteCandidate> list, int invalid, boolean encrypted) {}

  /** Reads {@code description}, decrypting it when the message carries {@code vector}. */
  static Description readDescription(ObjectNode msg, Password password) throws WireException {
    Field f = readField(msg, "description", password);
    if (!f.value.isObject()) {
      throw new WireException(DropReason.WRONG_TYPE, "description is " + f.value.getNodeType());
    }
    ObjectNode d = (ObjectNode) f.value;
    String type = optText(d, "type");
    String sdp = optText(d, "sdp");
    if (type == null || sdp == null) {
      throw new WireException(DropReason.WRONG_TYPE, "description without type or sdp");
    }
    return new Description(type, sdp, f.encrypted);
  }

  /**
   * Reads {@code candidates} (array, or hex of the whole array) or {@code candidate} (one object,
   * or hex of it). Entries without a string {@code candidate} are skipped and counted in {@link
   * Candidates#invalid()}.
   */
  static Candidates readCandidates(ObjectNode msg, Password password) throws WireException {
    String field = msg.has("candidates") ? "candidates" : "candidate";
    Field f = readField(msg, field, password);
    List<JsonNode> entries = new ArrayList<>();
    if (f.value.isArray()) {
      f.value.forEach(entries::add);
    } else if (f.value.isObject()) {
      entries.add(f.value);
    } else {
      throw new WireException(DropReason.WRONG_TYPE, field + " is " + f.value.getNodeType());
    }
    List<RemoteCandidate> out = new ArrayList<>(entries.size());
    int invalid = 0;
    for (JsonNode e : entries) {
      RemoteCandidate c = toCandidate(e);
      if (c == null) {
        invalid++;
      } else {
        out.add(c);
      }
    }
    return new Candidates(out, invalid, f.encrypted);
  }

  private static RemoteCandidate toCandidate(JsonNode e) {
    if (!e.isObject()) {
      return null;
    }
    JsonNode line = e.get("candidate");
    if (line == null || !line.isTextual()) {
      return null;
    }
    JsonNode mid = e.get("sdpMid");
    String sdpMid = null;
    if (mid != null && !mid.isNull()) {
      if (mid.isTextual()) {
        sdpMid = mid.textValue();
      } else if (mid.isIntegralNumber()) {
        sdpMid = mid.asText();
      } else {
        return null;
      }
    }
    JsonNode idx = e.get("sdpMLineIndex");
    int index = RemoteCandidate.NO_INDEX;
    if (idx != null && !idx.isNull()) {
      if (!idx.canConvertToInt()
          || !idx.isIntegralNumber()
          || idx.intValue() < 0
          || idx.intValue() > 1024) {
        return null;
      }
      index = idx.intValue();
    }
    JsonNode ufrag = e.get("usernameFragment");
    String u = ufrag != null && ufrag.isTextual() ? ufrag.textValue() : null;
    return new RemoteCandidate(line.textValue(), sdpMid, index, u);
  }

  private record Field(JsonNode value, boolean encrypted) {}

  private static Field readField(ObjectNode msg, String field, Password password)
      throws WireException {
    JsonNode v = msg.get(field);
    if (v == null || v.isNull()) {
      throw new WireException(DropReason.WRONG_TYPE, "no " + field);
    }
    if (!v.isTextual()) {
      return new Field(v, false); // plain form (the browser decides by "vector", we by the type)
    }
    String vector = optText(msg, "vector");
    if (vector == null) {
      throw new WireException(DropReason.WRONG_TYPE, field + " is a string but there is no vector");
    }
    if (!password.enabled()) {
      throw new WireException(
          DropReason.UNDECRYPTABLE, field + " is encrypted but no password is configured");
    }
    Optional<String> plain = password.decrypt(v.textValue(), vector);
    if (plain.isEmpty()) {
      throw new WireException(
          DropReason.UNDECRYPTABLE, field + " does not decrypt (different password or salt?)");
    }
    try {
      return new Field(MAPPER.readTree(plain.get()), true);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new WireException(DropReason.UNDECRYPTABLE, field + " decrypts to something not JSON");
    }
  }

  /** Puts {@code value} under {@code field}, encrypted (with {@code vector}) when asked. */
  static void putPayload(
      ObjectNode msg,
      String field,
      JsonNode value,
      Password password,
      boolean encrypt,
      RandomGenerator random) {
    if (encrypt && password.enabled()) {
      Password.Encrypted e = password.encrypt(write(value), random);
      msg.put(field, e.ciphertextHex());
      msg.put("vector", e.vectorHex());
    } else {
      msg.set(field, value);
    }
  }

  static ObjectNode description(String type, String sdp) {
    ObjectNode d = object();
    d.put("type", type);
    d.put("sdp", sdp);
    return d;
  }

  /** Candidates as the browser's publisher sends them: every field it has. */
  static ArrayNode candidates(List<RemoteCandidate> list) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (RemoteCandidate c : list) {
      ObjectNode o = a.addObject();
      o.put("candidate", c.candidate());
      if (c.sdpMid() != null) {
        o.put("sdpMid", c.sdpMid());
      }
      if (c.hasMLineIndex()) {
        o.put("sdpMLineIndex", c.sdpMLineIndex());
      }
      if (c.usernameFragment() != null) {
        o.put("usernameFragment", c.usernameFragment());
      }
    }
    return a;
  }

  /** A one-element candidates array: {@code [{"candidate":…,"sdpMLineIndex":N}]} (§1.4). */
  static ArrayNode oneCandidate(String line, int sdpMLineIndex) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    ObjectNode c = a.addObject();
    c.put("candidate", line);
    c.put("sdpMLineIndex", sdpMLineIndex);
    return a;
  }
}
