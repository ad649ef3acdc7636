package io.roomrecorder.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The host socket asks the kernel for a receive buffer that rides out a stalled reader. */
class HostUdpSocketTest {
  @Test
  void theReceiveBufferIsRaisedAsFarAsTheKernelAllows() throws Exception {
    long rmemMax = Long.parseLong(Files.readString(Path.of("/proc/sys/net/core/rmem_max")).trim());
    try (HostUdpSocket s =
        new HostUdpSocket(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new DirectPath("t"))) {
      // Linux reports twice the size asked for (bookkeeping), capped at twice rmem_max.
      assertThat((long) s.getReceiveBufferSize())
          .isGreaterThanOrEqualTo(Math.min(HostUdpSocket.RECEIVE_BUFFER, rmemMax));
    }
  }
}
