package io.roomrecorder.ice;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.ice4j.Transport;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host candidates on the allowed interfaces and addresses, loopback included when the configuration
 * allows it (ice4j's own host harvester always skips loopback). Each socket is a {@code
 * MultiplexingDatagramSocket} registered with the agent's STUN stack and component socket, as
 * ice4j's harvester does. Runs synchronously inside {@code Agent.createComponent}.
 */
final class HostHarvester implements CandidateHarvester {
  private static final Logger LOG = LoggerFactory.getLogger(HostHarvester.class);
  private final IceConfig config;
  private final DirectPath direct;
  private final String agentId;
  private final HarvestStatistics statistics = new HarvestStatistics();
  private final List<org.ice4j.ice.harvest.SinglePortUdpHarvester> shared = new ArrayList<>();
  private final List<HostUdpSocket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

  HostHarvester(IceConfig config, DirectPath direct, String agentId) {
    this.config = config;
    this.direct = direct;
    this.agentId = agentId;
  }

  @Override
  public Collection<LocalCandidate> harvest(Component component) {
    List<LocalCandidate> out = new ArrayList<>();
    if (config.singleUdpPort() > 0) {
      for (InetAddress address : addresses(config)) {
        try {
          org.ice4j.ice.harvest.SinglePortUdpHarvester h =
              SharedUdpPorts.acquire(address, config.singleUdpPort());
          synchronized (shared) {
            shared.add(h);
          }
          out.addAll(h.harvest(component));
        } catch (IOException e) {
          LOG.warn(
              "no shared UDP port {} on {}: {}",
              config.singleUdpPort(),
              address.getHostAddress(),
              e.getMessage());
        }
      }
      return out;
    }
    for (InetAddress address : addresses(config)) {
      HostUdpSocket udp;
      try {
        udp = bind(address);
      } catch (IOException e) {
        LOG.warn("no host candidate on {}: {}", address.getHostAddress(), e.getMessage());
        continue;
      }
      IceSocketWrapper wrapper;
      try {
        wrapper = new IceUdpSocketWrapper(new MultiplexingDatagramSocket(udp));
      } catch (IOException | RuntimeException e) {
        udp.close();
        LOG.warn("no host candidate on {}: {}", address.getHostAddress(), e.toString());
        continue;
      }
      HostCandidate candidate = new HostCandidate(wrapper, component, Transport.UDP);
      if (!component.addLocalCandidate(candidate)) {
        wrapper.close();
        continue;
      }
      candidate.getStunStack().addSocket(candidate.getStunSocket(null));
      if (component.getComponentSocket() != null) {
        component.getComponentSocket().add(wrapper);
      }
      udp.start(agentId);
      sockets.add(udp);
      out.add(candidate);
    }
    return out;
  }

  /** Datagrams our host sockets dropped because ice4j's queue was full. */
  long inboxDropped() {
    return sockets.stream().mapToLong(HostUdpSocket::inboxDropped).sum();
  }

  /** Releases the shared single-port sockets this agent used (after the agent is freed). */
  void release() {
    synchronized (shared) {
      for (org.ice4j.ice.harvest.SinglePortUdpHarvester h : shared) {
        SharedUdpPorts.release(h);
      }
      shared.clear();
    }
  }

  private HostUdpSocket bind(InetAddress address) throws IOException {
    int min = config.minPort();
    int max = config.maxPort();
    if (min == 0 && max == 0) {
      return new HostUdpSocket(new InetSocketAddress(address, 0), direct);
    }
    int span = max - min + 1;
    int start = ThreadLocalRandom.current().nextInt(span);
    for (int i = 0; i < span; i++) {
      int port = min + (start + i) % span;
      try {
        return new HostUdpSocket(new InetSocketAddress(address, port), direct);
      } catch (SocketException e) {
        // port in use: try the next one
      }
    }
    throw new BindException(
        "no free UDP port in " + min + "-" + max + " on " + address.getHostAddress());
  }

  /** Local addresses allowed by the configuration, in interface order. */
  static List<InetAddress> addresses(IceConfig config) {
    List<InetAddress> out = new ArrayList<>();
    List<NetworkInterface> interfaces;
    try {
      interfaces = Collections.list(NetworkInterface.getNetworkInterfaces());
    } catch (SocketException e) {
      LOG.warn("cannot list network interfaces: {}", e.getMessage());
      return out;
    }
    for (NetworkInterface nif : interfaces) {
      try {
        if (!nif.isUp()) {
          continue;
        }
        if (!config.allowedInterfaces().isEmpty()
            && !config.allowedInterfaces().contains(nif.getName())) {
          continue;
        }
        boolean loopbackIf = nif.isLoopback();
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          if (!config.allowedAddresses().isEmpty() && !config.allowedAddresses().contains(a)) {
            continue;
          }
          if ((loopbackIf || a.isLoopbackAddress()) && !config.allowLoopback()) {
            continue;
          }
          if (a instanceof Inet6Address && (!config.useIpv6() || a.isLinkLocalAddress())) {
            continue;
          }
          out.add(a);
        }
      } catch (SocketException e) {
        LOG.debug("skipping interface {}: {}", nif.getName(), e.getMessage());
      }
    }
    return out;
  }

  @Override
  public HarvestStatistics getHarvestStatistics() {
    return statistics;
  }

  @Override
  public boolean isHostHarvester() {
    return true;
  }
}
