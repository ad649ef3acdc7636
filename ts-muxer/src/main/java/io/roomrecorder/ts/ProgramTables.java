package io.roomrecorder.ts;

import java.util.Arrays;

/**
 * PSI for our single program (ISO/IEC 13818-1 §2.4.4): the program association table on PID 0 and
 * the program map table on {@link #PMT_PID}, each one section in one transport packet. Both are
 * fixed for a muxer's life, so they are built once as packet templates; only the continuity counter
 * changes per repetition.
 *
 * <p>Immutable after construction.
 */
final class ProgramTables {
  static final int PAT_PID = 0x0000;
  static final int PMT_PID = 0x1000;
  static final int VIDEO_PID = 0x0100;
  static final int AUDIO_PID = 0x0101;
  static final int PROGRAM_NUMBER = 1;
  static final int TRANSPORT_STREAM_ID = 1;

  /** ISO/IEC 13818-1 Table 2-34: AVC video stream (ITU-T H.264). */
  static final int STREAM_TYPE_H264 = 0x1B;

  /** PES packets containing private data: the Opus-in-TS mapping (ETSI TS 102 366-like). */
  static final int STREAM_TYPE_PRIVATE_PES = 0x06;

  final byte[] patPacket;
  final byte[] pmtPacket;
  final int pcrPid;

  ProgramTables(TsMuxerConfig config) {
    pcrPid = config.video() ? VIDEO_PID : AUDIO_PID;
    patPacket = packet(PAT_PID, patSection());
    pmtPacket = packet(PMT_PID, pmtSection(config, pcrPid));
  }

  /** §2.4.4.3 Table 2-30. */
  static byte[] patSection() {
    byte[] s = new byte[16];
    s[0] = 0x00; // table_id: program_association_section
    writeSectionLength(s, s.length - 3);
    s[3] = (byte) (TRANSPORT_STREAM_ID >> 8);
    s[4] = (byte) TRANSPORT_STREAM_ID;
    s[5] = (byte) 0xC1; // reserved '11', version_number 0, current_next_indicator 1
    s[6] = 0; // section_number
    s[7] = 0; // last_section_number
    s[8] = (byte) (PROGRAM_NUMBER >> 8);
    s[9] = (byte) PROGRAM_NUMBER;
    s[10] = (byte) (0xE0 | PMT_PID >> 8);
    s[11] = (byte) PMT_PID;
    writeCrc(s);
    return s;
  }

  /**
   * §2.4.4.8 Table 2-33. Opus carries the registration descriptor 'Opus' (§2.6.8) and the DVB
   * extension descriptor (ETSI EN 300 468 §6.2.16, tag 0x7F) with descriptor_tag_extension 0x80 and
   * the channel_config_code, which for mapping family 0 is the channel count (1 or 2); this is what
   * FFmpeg's and GStreamer's demuxers read to configure the decoder.
   */
  static byte[] pmtSection(TsMuxerConfig config, int pcrPid) {
    byte[] s = new byte[64];
    s[0] = 0x02; // table_id: TS_program_map_section
    s[3] = (byte) (PROGRAM_NUMBER >> 8);
    s[4] = (byte) PROGRAM_NUMBER;
    s[5] = (byte) 0xC1;
    s[6] = 0;
    s[7] = 0;
    s[8] = (byte) (0xE0 | pcrPid >> 8);
    s[9] = (byte) pcrPid;
    s[10] = (byte) 0xF0; // reserved '1111', program_info_length 0
    s[11] = 0;
    int p = 12;
    if (config.video()) {
      p = writeEsEntry(s, p, STREAM_TYPE_H264, VIDEO_PID, new byte[0]);
    }
    if (config.audio()) {
      byte[] descriptors = {
        0x05,
        4,
        'O',
        'p',
        'u',
        's', // registration_descriptor, format_identifier 'Opus'
        0x7F,
        2,
        (byte) 0x80,
        (byte) config.audioChannels() // DVB extension: Opus audio
      };
      p = writeEsEntry(s, p, STREAM_TYPE_PRIVATE_PES, AUDIO_PID, descriptors);
    }
    int length = p + 4;
    s = Arrays.copyOf(s, length);
    writeSectionLength(s, length - 3);
    writeCrc(s);
    return s;
  }

  private static int writeEsEntry(byte[] s, int p, int streamType, int pid, byte[] descriptors) {
    s[p] = (byte) streamType;
    s[p + 1] = (byte) (0xE0 | pid >> 8);
    s[p + 2] = (byte) pid;
    s[p + 3] = (byte) (0xF0 | descriptors.length >> 8);
    s[p + 4] = (byte) descriptors.length;
    System.arraycopy(descriptors, 0, s, p + 5, descriptors.length);
    return p + 5 + descriptors.length;
  }

  /** section_syntax_indicator '1', '0', reserved '11', section_length (12 bits). */
  private static void writeSectionLength(byte[] s, int sectionLength) {
    s[1] = (byte) (0xB0 | sectionLength >> 8);
    s[2] = (byte) sectionLength;
  }

  private static void writeCrc(byte[] s) {
    int crc = Crc32Mpeg2.compute(s, 0, s.length - 4);
    int p = s.length - 4;
    s[p] = (byte) (crc >>> 24);
    s[p + 1] = (byte) (crc >>> 16);
    s[p + 2] = (byte) (crc >>> 8);
    s[p + 3] = (byte) crc;
  }

  /**
   * One packet with payload_unit_start_indicator set, pointer_field 0, the section and 0xFF filling
   * the rest of the payload (§2.4.4.1: stuffing after a section). CC is stamped later.
   */
  private static byte[] packet(int pid, byte[] section) {
    byte[] b = new byte[TsPacketWriter.PACKET_SIZE];
    Arrays.fill(b, (byte) 0xFF);
    b[0] = 0x47;
    b[1] = (byte) (0x40 | pid >> 8);
    b[2] = (byte) pid;
    b[3] = 0x10; // payload only
    b[4] = 0; // pointer_field
    System.arraycopy(section, 0, b, 5, section.length);
    return b;
  }
}
