package io.roomrecorder.cli;

import io.roomrecorder.api.PeerState;
import io.roomrecorder.api.RecorderEvent;
import io.roomrecorder.api.RecorderEvent.Error;
import io.roomrecorder.api.RecorderEvent.ParticipantJoined;
import io.roomrecorder.api.RecorderEvent.ParticipantLeft;
import io.roomrecorder.api.RecorderEvent.PeerStateChanged;
import io.roomrecorder.api.RecorderEvent.RecordingStarted;
import io.roomrecorder.api.RecorderEvent.RecordingStopped;
import io.roomrecorder.api.RecorderEvent.SignalingChanged;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@link RecorderEvent}s into the log lines Raspberry Ninja users know ({@code [cam1] ICE
 * connection state: CHECKING}, {@code [cam1] Recording to: file.ts}), with a hint when a connection
 * fails. The stream ID is not part of the text: it goes into the MDC key {@code stream}, and the
 * log pattern prints it in brackets. Stateless.
 *
 * <p>{@link PeerState} maps to the WebRTC state names publish.py prints: NEGOTIATING is ICE {@code
 * NEW} (answer sent, gathering), CONNECTING is ICE {@code CHECKING}, DTLS is ICE {@code CONNECTED}
 * (the DTLS handshake runs), CONNECTED is the connection state {@code CONNECTED} (media flows).
 */
final class EventLines {
  /** Severity of a line. */
  enum Level {
    INFO,
    WARN,
    ERROR
  }

  /**
   * One log line.
   *
   * @param level severity
   * @param stream de-salted stream ID for the MDC, or {@code null} for the recorder as a whole
   * @param text the message, already made printable
   */
  record Line(Level level, String stream, String text) {
    /** What a plain log shows: {@code [stream] text}. */
    String withStream() {
      return stream == null ? text : "[" + printable(stream) + "] " + text;
    }
  }

  private EventLines() {}

  static List<Line> of(RecorderEvent event) {
    List<Line> lines = new ArrayList<>(2);
    if (event instanceof SignalingChanged e) {
      lines.add(
          e.connected()
              ? line(Level.INFO, null, "Connected to the handshake server" + because(e.reason()))
              : line(Level.WARN, null, "Handshake server disconnected" + because(e.reason())));
    } else if (event instanceof ParticipantJoined e) {
      lines.add(line(Level.INFO, e.streamId(), "Publisher joined (peer " + e.peerId() + ")"));
    } else if (event instanceof ParticipantLeft e) {
      lines.add(line(Level.INFO, e.streamId(), "Publisher left" + because(e.reason())));
    } else if (event instanceof PeerStateChanged e) {
      stateLines(e, lines);
    } else if (event instanceof RecordingStarted e) {
      lines.add(line(Level.INFO, e.streamId(), "Recording to: " + e.file()));
    } else if (event instanceof RecordingStopped e) {
      lines.add(
          line(
              Level.INFO,
              e.streamId(),
              "Recording finished: "
                  + e.file()
                  + " ("
                  + Units.duration(e.mediaDuration())
                  + ", "
                  + Units.bytes(e.bytes())
                  + ")"
                  + because(e.reason())));
    } else if (event instanceof Error e) {
      lines.add(line(Level.ERROR, e.streamId(), "Error: " + e.message()));
    } else if (event instanceof RecorderEvent.Warning w) {
      lines.add(line(Level.WARN, w.streamId(), w.message()));
    }
    return lines;
  }

  private static void stateLines(PeerStateChanged e, List<Line> lines) {
    String s = e.streamId();
    switch (e.to()) {
      case NEW -> lines.add(line(Level.INFO, s, "Connection state: NEW"));
      case NEGOTIATING -> lines.add(line(Level.INFO, s, "ICE connection state: NEW (answer sent)"));
      case CONNECTING -> lines.add(line(Level.INFO, s, "ICE connection state: CHECKING"));
      case DTLS ->
          lines.add(line(Level.INFO, s, "ICE connection state: CONNECTED (DTLS handshake)"));
      case CONNECTED -> lines.add(line(Level.INFO, s, "Connection state: CONNECTED"));
      case CLOSED ->
          lines.add(line(Level.INFO, s, "Connection state: CLOSED" + because(e.reason())));
      case FAILED -> {
        lines.add(line(Level.ERROR, s, "Connection state: FAILED" + because(e.reason())));
        lines.add(
            line(
                Level.ERROR,
                s,
                "Failed while "
                    + describe(e.from())
                    + " (ICE connection state was "
                    + iceState(e.from())
                    + "). Hint: "
                    + hint(e.from())));
      }
    }
  }

  /** What was going on in {@code state}, for the failure line. */
  static String describe(PeerState state) {
    return switch (state) {
      case NEW -> "waiting for the publisher's offer";
      case NEGOTIATING -> "gathering and exchanging candidates";
      case CONNECTING -> "checking candidate pairs";
      case DTLS -> "in the DTLS handshake";
      case CONNECTED -> "connected";
      case CLOSED, FAILED -> "closing";
    };
  }

  /** The W3C RTCIceConnectionState a user would have seen in {@code state}. */
  static String iceState(PeerState state) {
    return switch (state) {
      case NEW, NEGOTIATING -> "NEW";
      case CONNECTING -> "CHECKING";
      case DTLS, CONNECTED -> "CONNECTED";
      case CLOSED -> "CLOSED";
      case FAILED -> "FAILED";
    };
  }

  /** What to try when a connection fails in {@code state}; see docs/troubleshooting.md. */
  static String hint(PeerState state) {
    return switch (state) {
      case NEW, NEGOTIATING ->
          "no candidate pair was ever checked: the offer/answer or the candidates did not get"
              + " through. Check --password/--salt (they must match the publisher's), that the"
              + " publisher is in the room, and the handshake server; if only relay is allowed,"
              + " check the TURN server and its credentials (troubleshooting: \"ICE state stays"
              + " NEW\").";
      case CONNECTING ->
          "no candidate pair answered: a firewall or NAT blocks UDP between you and the"
              + " publisher. Add a TURN server (--turn-server turn://user:pass@host:3478) or try"
              + " --ice-transport-policy relay; on a LAN, check --allow-remote-network"
              + " (troubleshooting: \"connection FAILED\").";
      case DTLS ->
          "ICE connected but the DTLS handshake did not finish: the publisher may have"
              + " restarted or a middlebox drops large UDP packets.";
      case CONNECTED ->
          "the connection was up and then lost: the publisher left, its network dropped, or"
              + " consent checks timed out (RFC 7675).";
      case CLOSED, FAILED -> "see the reason above.";
    };
  }

  private static Line line(Level level, String stream, String text) {
    return new Line(level, stream, printable(text));
  }

  private static String because(String reason) {
    return reason == null || reason.isBlank() ? "" : " (" + reason + ")";
  }

  /**
   * {@code s} with every control character (C0, DEL, C1 — including ESC and CSI, which could drive
   * a terminal) and bidirectional override replaced by {@code ?}, so that a hostile stream ID or
   * reason cannot rewrite the screen or fake log lines.
   */
  static String printable(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean bad =
          c < 0x20
              || (c >= 0x7f && c <= 0x9f)
              || (c >= '\u202a' && c <= '\u202e')
              || (c >= '\u2066' && c <= '\u2069')
              || c == '\u2028'
              || c == '\u2029';
      if (bad && sb == null) {
        sb = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (sb != null) {
        sb.append(bad ? '?' : c);
      }
    }
    return sb == null ? s : sb.toString();
  }
}
