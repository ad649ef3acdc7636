package io.roomrecorder.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes and builds the JSON text messages of a VDO.Ninja data channel (vdo-ninja.md §6): the
 * publisher's media offer and candidates (encrypted when a password is set, §2.4), ping/pong, bye,
 * info; our hello (media request), answer, candidates, pong and keyframe request.
 *
 * <p>Thread-safe; {@link #decode} never throws — bad input comes back as {@link DcMessage.Dropped}
 * and is counted in {@link #dropped()}. No JSON library type appears in this API.
 */
public final class DataChannelCodec {

  private static final Logger LOG = LoggerFactory.getLogger(DataChannelCodec.class);

  /** Longest data-channel text accepted (the browser's SCTP max-message-size is 256 KiB). */
  public static final int MAX_MESSAGE_CHARS = 256 * 1024;

  private final Password password;
  private final RandomGenerator random;
  private final DropCounter drops = new DropCounter(LOG, "data-channel message");

  /** A codec with a {@link SecureRandom} for IVs. */
  public DataChannelCodec(Password password) {
    this(password, new SecureRandom());
  }

  /**
   * @param random source of the AES IVs; must be a {@link SecureRandom} outside tests. Used from
   *     any thread: it must be thread-safe (SecureRandom is).
   */
  public DataChannelCodec(Password password, RandomGenerator random) {
    this.password = Objects.requireNonNull(password);
    this.random = Objects.requireNonNull(random);
  }

  /** Decodes one data-channel text message; never throws. */
  public DcMessage decode(String text) {
    if (text == null) {
      return dropped(DropReason.MALFORMED_JSON, "null message");
    }
    if (text.length() > MAX_MESSAGE_CHARS) {
      return dropped(DropReason.OVERSIZED, text.length() + " chars");
    }
    try {
      ObjectNode msg = WireCodec.parseObject(text);
      String session = WireCodec.optId(msg, "session");
      if (msg.hasNonNull("description")) {
        WireCodec.Description d = WireCodec.readDescription(msg, password);
        return switch (d.type()) {
          case "offer" ->
              new DcMessage.Offer(
                  session, WireCodec.optId(msg, "streamID"), d.sdp(), d.encrypted());
          case "answer" -> new DcMessage.Answer(session, d.sdp(), d.encrypted());
          default ->
              dropped(DropReason.WRONG_TYPE, "description type " + DropCounter.excerpt(d.type()));
        };
      }
      if (msg.hasNonNull("candidates") || msg.hasNonNull("candidate")) {
        WireCodec.Candidates c = WireCodec.readCandidates(msg, password);
        if (c.list().isEmpty()) {
          return dropped(DropReason.WRONG_TYPE, "no usable candidate");
        }
        return new DcMessage.Candidates(session, c.list(), c.encrypted());
      }
      if (msg.has("bye")) {
        return new DcMessage.Bye();
      }
      if (msg.has("ping")) {
        return new DcMessage.Ping(WireCodec.write(msg.get("ping")));
      }
      if (msg.has("pong")) {
        return new DcMessage.Pong(WireCodec.write(msg.get("pong")));
      }
      if (msg.has("audio") || msg.has("video")) {
        JsonNode codec = msg.get("preferVideoCodec");
        return new DcMessage.MediaRequest(
            msg.path("audio").asBoolean(false),
            msg.path("video").asBoolean(false),
            codec != null && codec.isTextual() ? codec.textValue() : null);
      }
      if (msg.path("keyframe").asBoolean(false)) {
        return new DcMessage.KeyframeRequest();
      }
      if (msg.has("info") || msg.has("miniInfo")) {
        JsonNode label = msg.path("info").path("label");
        return new DcMessage.Info(label.isTextual() ? label.textValue() : null, text);
      }
      Set<String> keys = new LinkedHashSet<>();
      msg.fieldNames().forEachRemaining(keys::add);
      return new DcMessage.Other(keys);
    } catch (WireException e) {
      return dropped(e.reason, e.getMessage());
    }
  }

  private DcMessage dropped(DropReason reason, String detail) {
    drops.drop(reason, detail);
    return new DcMessage.Dropped(reason, detail);
  }

  /** Dropped data-channel messages per reason, since this codec was made. */
  public Map<DropReason, Long> dropped() {
    return drops.snapshot();
  }

  /**
   * Our media request, sent when the publisher's {@code sendChannel} opens (§1.3, §6.2): {@code
   * {"audio":…,"video":…,"preferVideoCodec":"h264"}}. Only the presence of {@code audio}/{@code
   * video} makes a browser add its tracks; {@code preferVideoCodec} makes it put that codec first.
   *
   * @param preferVideoCodec {@code "h264"}, {@code "vp8"}, … or null to leave the choice to the
   *     publisher
   */
  public String hello(boolean audio, boolean video, String preferVideoCodec) {
    ObjectNode m = WireCodec.object();
    m.put("audio", audio);
    m.put("video", video);
    if (preferVideoCodec != null) {
      m.put("preferVideoCodec", preferVideoCodec);
    }
    return WireCodec.write(m);
  }

  /**
   * An answer on the data channel: {@code {"UUID":…,"session":…,"description":{…}}} (§10).
   *
   * @param publisherUuid the publisher's UUID, or null to leave it out (it is implied by the
   *     channel)
   * @param session the publisher's session; left out when null (never sent as JSON null)
   * @param encrypt encrypt {@code description} (only if a password is set); mirror the offer
   */
  public String answer(String publisherUuid, String session, String sdp, boolean encrypt) {
    ObjectNode m = WireCodec.object();
    if (publisherUuid != null) {
      m.put("UUID", publisherUuid);
    }
    if (session != null) {
      m.put("session", session);
    }
    WireCodec.putPayload(
        m, "description", WireCodec.description("answer", sdp), password, encrypt, random);
    return WireCodec.write(m);
  }

  /**
   * One local candidate on the data channel, with {@code "type":"remote"} and {@code session} so
   * the browser can route it (§1.7).
   */
  public String candidate(
      String publisherUuid,
      String session,
      String candidateLine,
      int sdpMLineIndex,
      boolean encrypt) {
    ObjectNode m = WireCodec.object();
    if (publisherUuid != null) {
      m.put("UUID", publisherUuid);
    }
    m.put("type", "remote");
    if (session != null) {
      m.put("session", session);
    }
    WireCodec.putPayload(
        m,
        "candidates",
        WireCodec.oneCandidate(candidateLine, sdpMLineIndex),
        password,
        encrypt,
        random);
    return WireCodec.write(m);
  }

  /**
   * Publisher side: an offer on the data channel, like the browser's renegotiation through {@code
   * anysend}: {@code {"UUID":…,"streamID":…,"session":…,"description":…}}.
   */
  public String offer(
      String viewerUuid, String saltedStreamId, String session, String sdp, boolean encrypt) {
    ObjectNode m = WireCodec.object();
    if (viewerUuid != null) {
      m.put("UUID", viewerUuid);
    }
    if (saltedStreamId != null) {
      m.put("streamID", saltedStreamId);
    }
    if (session != null) {
      m.put("session", session);
    }
    WireCodec.putPayload(
        m, "description", WireCodec.description("offer", sdp), password, encrypt, random);
    return WireCodec.write(m);
  }

  /** Publisher side: a bundle of local candidates with {@code "type":"local"}. */
  public String localCandidates(
      String viewerUuid,
      String session,
      java.util.List<RemoteCandidate> candidates,
      boolean encrypt) {
    ObjectNode m = WireCodec.object();
    if (viewerUuid != null) {
      m.put("UUID", viewerUuid);
    }
    m.put("type", "local");
    if (session != null) {
      m.put("session", session);
    }
    WireCodec.putPayload(
        m, "candidates", WireCodec.candidates(candidates), password, encrypt, random);
    return WireCodec.write(m);
  }

  /** Publisher side: {@code {"info":{"label":…}}}, sent when the channel opens (§6.3). */
  public String info(String label) {
    ObjectNode m = WireCodec.object();
    ObjectNode info = m.putObject("info");
    if (label != null) {
      info.put("label", label);
    }
    return WireCodec.write(m);
  }

  /** {@code {"ping":"<value>"}}: a heartbeat like Raspberry Ninja's (§11.11). */
  public String ping(String value) {
    ObjectNode m = WireCodec.object();
    m.put("ping", value);
    return WireCodec.write(m);
  }

  /** {@code {"pong":<the ping's value>}} (§6.4). */
  public String pong(DcMessage.Ping ping) {
    return "{\"pong\":" + ping.valueJson() + "}";
  }

  /** {@code {"keyframe":true}}: makes a browser publisher force a keyframe (§5.3). */
  public String keyframeRequest() {
    return "{\"keyframe\":true}";
  }

  /** {@code {"bye":true}}: we hang up. */
  public String bye() {
    return "{\"bye\":true}";
  }
}
