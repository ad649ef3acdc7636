package io.roomrecorder.datachannel;

import static io.roomrecorder.datachannel.WirePeer.chunk;
import static io.roomrecorder.datachannel.WirePeer.data;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.datachannel.sctp.ChunkType;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 9260 §4 state diagram and §9.2: one row per (state, chunk received) -> state. */
class AssociationStateTableTest {

  @ParameterizedTest(name = "in {0}, receiving {1} leads to {2}")
  @CsvSource({
    "CLOSED, ABORT, CLOSED",
    "CLOSED, SHUTDOWN, CLOSED",
    "CLOSED, COOKIE_ACK, CLOSED",
    "COOKIE_WAIT, ABORT, CLOSED",
    "COOKIE_WAIT, SHUTDOWN, COOKIE_WAIT",
    "COOKIE_WAIT, SHUTDOWN_ACK, COOKIE_WAIT",
    "COOKIE_WAIT, SHUTDOWN_COMPLETE, COOKIE_WAIT",
    "COOKIE_WAIT, COOKIE_ACK, COOKIE_WAIT",
    "COOKIE_ECHOED, ABORT, CLOSED",
    "COOKIE_ECHOED, SHUTDOWN, COOKIE_ECHOED",
    "COOKIE_ECHOED, SHUTDOWN_COMPLETE, COOKIE_ECHOED",
    "COOKIE_ECHOED, COOKIE_ACK, ESTABLISHED",
    "ESTABLISHED, ABORT, CLOSED",
    "ESTABLISHED, SHUTDOWN, SHUTDOWN_ACK_SENT",
    "ESTABLISHED, SHUTDOWN_ACK, ESTABLISHED",
    "ESTABLISHED, SHUTDOWN_COMPLETE, ESTABLISHED",
    "ESTABLISHED, COOKIE_ACK, ESTABLISHED",
    "SHUTDOWN_PENDING, ABORT, CLOSED",
    "SHUTDOWN_PENDING, SHUTDOWN, SHUTDOWN_RECEIVED",
    "SHUTDOWN_PENDING, SHUTDOWN_ACK, SHUTDOWN_PENDING",
    "SHUTDOWN_PENDING, SHUTDOWN_COMPLETE, SHUTDOWN_PENDING",
    "SHUTDOWN_SENT, ABORT, CLOSED",
    "SHUTDOWN_SENT, SHUTDOWN, SHUTDOWN_ACK_SENT",
    "SHUTDOWN_SENT, SHUTDOWN_ACK, CLOSED",
    "SHUTDOWN_SENT, SHUTDOWN_COMPLETE, SHUTDOWN_SENT",
    "SHUTDOWN_RECEIVED, ABORT, CLOSED",
    "SHUTDOWN_RECEIVED, SHUTDOWN, SHUTDOWN_RECEIVED",
    "SHUTDOWN_RECEIVED, SHUTDOWN_ACK, SHUTDOWN_RECEIVED",
    "SHUTDOWN_RECEIVED, SHUTDOWN_COMPLETE, SHUTDOWN_RECEIVED",
    "SHUTDOWN_ACK_SENT, ABORT, CLOSED",
    "SHUTDOWN_ACK_SENT, SHUTDOWN, SHUTDOWN_ACK_SENT",
    "SHUTDOWN_ACK_SENT, SHUTDOWN_ACK, CLOSED",
    "SHUTDOWN_ACK_SENT, SHUTDOWN_COMPLETE, CLOSED",
  })
  void transitions(AssociationState from, String input, AssociationState expected) {
    WirePeer p = reach(from);
    assertThat(p.sut.state()).isEqualTo(from);
    p.send(inputChunk(p, input));
    assertThat(p.sut.state()).isEqualTo(expected);
    if (expected == AssociationState.CLOSED && from != AssociationState.CLOSED) {
      assertThat(p.drainEvents()).anyMatch(e -> e instanceof DataChannelEvent.AssociationClosed);
      assertThat(p.sut.pollTimeout()).isEqualTo(Long.MAX_VALUE);
    }
  }

  private static byte[] inputChunk(WirePeer p, String input) {
    return switch (input) {
      case "ABORT" -> chunk(ChunkType.ABORT, 0, new byte[0]);
      case "SHUTDOWN" -> {
        // Acknowledges nothing of ours (cum TSN = initial TSN - 1).
        ByteBuffer b = ByteBuffer.allocate(4).putInt((int) (p.sutInitialTsn - 1));
        yield chunk(ChunkType.SHUTDOWN, 0, b.array());
      }
      case "SHUTDOWN_ACK" -> chunk(ChunkType.SHUTDOWN_ACK, 0, new byte[0]);
      case "SHUTDOWN_COMPLETE" -> chunk(ChunkType.SHUTDOWN_COMPLETE, 0, new byte[0]);
      case "COOKIE_ACK" -> chunk(ChunkType.COOKIE_ACK, 0, new byte[0]);
      default -> throw new IllegalArgumentException(input);
    };
  }

  /** Scripts the association into {@code state}. */
  private static WirePeer reach(AssociationState state) {
    WirePeer p = new WirePeer(SctpConfig.builder(false, new Random(3)));
    switch (state) {
      case CLOSED -> p.sutTag = 0x01020304;
      case COOKIE_WAIT, COOKIE_ECHOED -> {
        p.sut.connect(p.now);
        WirePeer.Chunk init = p.receive(0).get(0);
        p.sutTag = init.buf().getInt(0);
        p.sutInitialTsn = init.buf().getInt(12) & 0xFFFF_FFFFL;
        if (state == AssociationState.COOKIE_ECHOED) {
          byte[] cookie = WirePeer.param(7, new byte[] {1, 2, 3, 4});
          p.send(
              chunk(
                  ChunkType.INIT_ACK, 0, WirePeer.initValue(p.peerTag, p.peerInitialTsn, cookie)));
          assertThat(p.receive()).extracting(WirePeer.Chunk::type).contains(ChunkType.COOKIE_ECHO);
        }
      }
      case ESTABLISHED -> p.establish();
      case SHUTDOWN_PENDING, SHUTDOWN_RECEIVED -> {
        p.establish();
        // The peer opens a channel; our DATA_CHANNEL_ACK stays unacknowledged.
        p.send(data(3, p.peerInitialTsn, 1, 0, 50, WirePeer.dcepOpen("c")));
        p.receive();
        if (state == AssociationState.SHUTDOWN_PENDING) {
          p.sut.shutdown();
        } else {
          ByteBuffer b = ByteBuffer.allocate(4).putInt((int) (p.sutInitialTsn - 1));
          p.send(chunk(ChunkType.SHUTDOWN, 0, b.array()));
        }
      }
      case SHUTDOWN_SENT -> {
        p.establish();
        p.sut.shutdown();
        assertThat(p.receive()).extracting(WirePeer.Chunk::type).contains(ChunkType.SHUTDOWN);
      }
      case SHUTDOWN_ACK_SENT -> {
        p.establish();
        ByteBuffer b = ByteBuffer.allocate(4).putInt((int) (p.sutInitialTsn - 1));
        p.send(chunk(ChunkType.SHUTDOWN, 0, b.array()));
        assertThat(p.receive()).extracting(WirePeer.Chunk::type).contains(ChunkType.SHUTDOWN_ACK);
      }
    }
    p.drainEvents();
    return p;
  }
}
