package io.roomrecorder.ts;

import java.util.ArrayList;
import java.util.List;

/** Test view of a transport stream as a list of parsed packet headers (ISO/IEC 13818-1 §2.4.3). */
record TsPackets(List<Packet> packets) {

  record Packet(
      int index,
      int pid,
      boolean unitStart,
      int adaptationFieldControl,
      int continuityCounter,
      boolean randomAccess,
      long pcrBase,
      byte[] payload) {
    boolean hasPcr() {
      return pcrBase >= 0;
    }
  }

  static TsPackets parse(byte[] ts) {
    if (ts.length % 188 != 0) {
      throw new AssertionError("length " + ts.length + " is not a multiple of 188");
    }
    List<Packet> list = new ArrayList<>();
    for (int p = 0, i = 0; p < ts.length; p += 188, i++) {
      if (ts[p] != 0x47) {
        throw new AssertionError("no sync byte in packet " + i);
      }
      int pid = (ts[p + 1] & 0x1F) << 8 | ts[p + 2] & 0xFF;
      int afc = (ts[p + 3] >> 4) & 3;
      int cc = ts[p + 3] & 0xF;
      int payload = p + 4;
      boolean rai = false;
      long pcr = -1;
      if ((afc & 2) != 0) {
        int len = ts[p + 4] & 0xFF;
        if (len > 0) {
          int flags = ts[p + 5] & 0xFF;
          rai = (flags & 0x40) != 0;
          if ((flags & 0x10) != 0) {
            pcr =
                (long) (ts[p + 6] & 0xFF) << 25
                    | (long) (ts[p + 7] & 0xFF) << 17
                    | (long) (ts[p + 8] & 0xFF) << 9
                    | (long) (ts[p + 9] & 0xFF) << 1
                    | (ts[p + 10] & 0x80) >>> 7;
          }
        }
        payload = p + 5 + len;
      }
      byte[] data =
          (afc & 1) != 0 ? java.util.Arrays.copyOfRange(ts, payload, p + 188) : new byte[0];
      list.add(new Packet(i, pid, (ts[p + 1] & 0x40) != 0, afc, cc, rai, pcr, data));
    }
    return new TsPackets(list);
  }

  List<Packet> onPid(int pid) {
    return packets.stream().filter(x -> x.pid() == pid).toList();
  }
}
