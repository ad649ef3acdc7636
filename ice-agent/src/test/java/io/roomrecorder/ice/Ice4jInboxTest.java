package io.roomrecorder.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** The queue between our socket readers and ice4j: bounded, in order, copies, closes cleanly. */
class Ice4jInboxTest {
  private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 5000);

  @Test
  void aFloodBeyondTheCapacityIsDroppedAndCountedAndTheRestComesOutInOrder() throws Exception {
    Ice4jInbox inbox = new Ice4jInbox(256);
    byte[] buf = new byte[2000];
    for (int i = 0; i < 300; i++) {
      buf[7] = (byte) i;
      inbox.offer(PEER, buf, 7, 1 + i); // borrowed buffer, reused at once
    }
    assertThat(inbox.dropped.get()).isEqualTo(44);
    DatagramPacket p = new DatagramPacket(new byte[4000], 4000);
    for (int i = 0; i < 256; i++) {
      p.setData(new byte[4000], 10, 3990);
      inbox.take(p);
      assertThat(p.getLength()).isEqualTo(1 + i);
      assertThat(p.getData()[10]).isEqualTo((byte) i);
      assertThat(p.getSocketAddress()).isEqualTo(PEER);
    }
  }

  @Test
  void aDatagramLargerThanTheReadersBufferIsTruncatedNotOverrun() throws Exception {
    Ice4jInbox inbox = new Ice4jInbox(4);
    inbox.offer(PEER, new byte[9000], 0, 9000);
    DatagramPacket p = new DatagramPacket(new byte[100], 100);
    inbox.take(p);
    assertThat(p.getLength()).isEqualTo(100);
  }

  @Test
  void timeoutAndCloseWakeTheReaderWithTheSocketExceptions() {
    Ice4jInbox inbox = new Ice4jInbox(4);
    inbox.setSoTimeout(50);
    DatagramPacket p = new DatagramPacket(new byte[100], 100);
    assertThatThrownBy(() -> inbox.take(p)).isInstanceOf(SocketTimeoutException.class);
    inbox.setSoTimeout(0);
    inbox.close();
    inbox.offer(PEER, new byte[10], 0, 10); // ignored after close
    assertThatThrownBy(() -> inbox.take(p)).isInstanceOf(SocketException.class);
    assertThatThrownBy(() -> inbox.take(p)).isInstanceOf(SocketException.class); // stays closed
  }
}
