package io.roomrecorder.ts.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FfprobeTest {
  @Test
  void parsesTopLevelSectionsAndSkipsTheStreamsRepeatedInsidePrograms() {
    String out =
        String.join(
            "\n",
            "[PROGRAM]",
            "program_id=1",
            "[STREAM]",
            "index=0",
            "[/STREAM]",
            "[/PROGRAM]",
            "[STREAM]",
            "index=0",
            "codec_name=h264",
            "[/STREAM]",
            "[STREAM]",
            "index=1",
            "codec_name=opus",
            "[/STREAM]");
    List<Map<String, String>> streams = Ffprobe.parse(out, "STREAM");
    assertThat(streams).extracting(s -> s.get("codec_name")).containsExactly("h264", "opus");
  }
}
