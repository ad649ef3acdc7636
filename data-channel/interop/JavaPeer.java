import io.roomrecorder.datachannel.*;
import java.net.*;
import java.util.*;

public class JavaPeer {
  static java.io.PrintWriter tr;
  static void trace(String dir, byte[] p, int len, long now) {
    if (tr == null) try { tr = new java.io.PrintWriter("trace.txt"); } catch (Exception e) {}
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(p, 0, len);
    int at = 12; StringBuilder sb = new StringBuilder(now + " " + dir);
    while (at + 4 <= len) {
      int type = p[at] & 0xFF; int l = b.getShort(at + 2) & 0xFFFF; if (l < 4) break;
      if (type == 0) sb.append(" DATA tsn=" + Integer.toUnsignedString(b.getInt(at + 4)) + " f=" + (p[at+1]&0xF) + " len=" + (l-16));
      else if (type == 3) { sb.append(" SACK cum=" + Integer.toUnsignedString(b.getInt(at + 4)) + " rwnd=" + b.getInt(at+8) + " gaps=" + (b.getShort(at+12)&0xFFFF) + " dups=" + (b.getShort(at+14)&0xFFFF));
        for (int i = 0; i < (b.getShort(at+12)&0xFFFF); i++) sb.append(" [" + (b.getShort(at+16+4*i)&0xFFFF) + "-" + (b.getShort(at+18+4*i)&0xFFFF) + "]"); }
      else sb.append(" type=" + type);
      at += (l + 3) & ~3;
    }
    tr.println(sb); tr.flush();
  }
  public static void main(String[] args) throws Exception {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 7002));
    InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 7001);
    SctpAssociation a = new SctpAssociation(SctpConfig.builder(true, new java.security.SecureRandom()).build());
    long t0 = System.currentTimeMillis();
    if (args.length == 0 || !args[0].equals("passive")) a.connect(0);
    byte[] buf = new byte[70000];
    DataChannel mine = null;
    boolean gotEchoText = false, gotEchoBin = false, gotHello = false, gotBig = false, closedMine = false, shut = false;
    byte[] big = new byte[262144];
    new Random(1).nextBytes(big);
    while (true) {
      long now = System.currentTimeMillis() - t0;
      byte[] p;
      while ((p = a.pollOutbound()) != null) { trace("out", p, p.length, now); s.send(new DatagramPacket(p, p.length, peer)); }
      DataChannelEvent e;
      while ((e = a.pollEvent()) != null) {
        System.out.println("[java] " + (e instanceof DataChannelEvent.BinaryMessage b ? "binary " + b.data().length + " on " + b.channel().label() : e));
        if (e instanceof DataChannelEvent.AssociationEstablished) {
          mine = a.openChannel("fromJava");
          mine.send("echo:hi");
          mine.send(big);
        } else if (e instanceof DataChannelEvent.TextMessage t) {
          if (t.text().equals("re:echo:hi")) gotEchoText = true;
          if (t.text().equals("hello from werift") && t.channel().label().equals("fromWerift")) gotHello = true;
        } else if (e instanceof DataChannelEvent.BinaryMessage b) {
          if (Arrays.equals(b.data(), big)) gotEchoBin = true;
          if (b.data().length == 200000 && (b.data()[1000] & 0xFF) == 1000 % 251) gotBig = true;
        } else if (e instanceof DataChannelEvent.ChannelClosed c && c.channel() == mine) {
          closedMine = true;
          System.out.println("[java] fromJava closed by stream reset; shutting down");
          a.shutdown();
        } else if (e instanceof DataChannelEvent.AssociationClosed c) {
          System.out.println("[java] RESULT echoText=" + gotEchoText + " echoBin=" + gotEchoBin + " hello=" + gotHello + " big=" + gotBig + " closedMine=" + closedMine + " reason=" + c.reason());
          System.out.println("[java] stats " + a.stats());
          while ((p = a.pollOutbound()) != null) s.send(new DatagramPacket(p, p.length, peer));
          return;
        }
      }
      if (gotEchoText && gotEchoBin && gotHello && gotBig && !closedMine && mine != null && mine.state() == DataChannelState.OPEN) {
        System.out.println("[java] all messages ok; closing fromJava");
        mine.close();
      }
      while ((p = a.pollOutbound()) != null) s.send(new DatagramPacket(p, p.length, peer));
      long due = a.pollTimeout();
      long wait = due == Long.MAX_VALUE ? 1000 : Math.max(1, due - now);
      s.setSoTimeout((int) Math.min(wait, 1000));
      try {
        DatagramPacket dp = new DatagramPacket(buf, buf.length);
        s.receive(dp);
        trace("in", dp.getData(), dp.getLength(), System.currentTimeMillis() - t0);
        a.handleInbound(dp.getData(), 0, dp.getLength(), System.currentTimeMillis() - t0);
      } catch (SocketTimeoutException ex) { }
      now = System.currentTimeMillis() - t0;
      if (a.pollTimeout() <= now) a.handleTimeout(now);
      if (now > 60000) { System.out.println("[java] TIMEOUT " + a.stats()); return; }
    }
  }
}
