package io.roomrecorder.ice;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;

/**
 * Reference-counted ice4j {@link SinglePortUdpHarvester}s, one per local address and port, shared
 * by every agent configured with {@link IceConfig#singleUdpPort()}: one UDP socket (one firewall
 * rule) for all streams. The harvester demultiplexes by the ufrag of the first Binding request from
 * each remote address (library-notes §5), so it suits the answering side, which the browser checks.
 * The socket closes when the last agent using it closes. Thread-safe.
 */
final class SharedUdpPorts {
  private SharedUdpPorts() {}

  private static final class Entry {
    final SinglePortUdpHarvester harvester;
    int references;

    Entry(SinglePortUdpHarvester harvester) {
      this.harvester = harvester;
    }
  }

  private static final Map<InetSocketAddress, Entry> ENTRIES = new HashMap<>();

  static synchronized SinglePortUdpHarvester acquire(InetAddress address, int port)
      throws IOException {
    InetSocketAddress key = new InetSocketAddress(address, port);
    Entry e = ENTRIES.get(key);
    if (e == null) {
      e = new Entry(new SinglePortUdpHarvester(new TransportAddress(address, port, Transport.UDP)));
      ENTRIES.put(key, e);
    }
    e.references++;
    return e.harvester;
  }

  static synchronized void release(SinglePortUdpHarvester harvester) {
    for (Map.Entry<InetSocketAddress, Entry> me : ENTRIES.entrySet()) {
      Entry e = me.getValue();
      if (e.harvester == harvester) {
        if (--e.references == 0) {
          ENTRIES.remove(me.getKey());
          harvester.close();
        }
        return;
      }
    }
  }
}
