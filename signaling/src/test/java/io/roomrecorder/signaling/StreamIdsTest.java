package io.roomrecorder.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamIdsTest {

  @Test
  void streamIdsAreCutTo44CharactersBeforeSalting() {
    String longId = "a".repeat(50);
    assertThat(StreamIds.salt(longId, Password.defaults())).isEqualTo("a".repeat(44) + "808d64");
    assertThat(StreamIds.salt("a".repeat(44), Password.disabled())).hasSize(44);
  }

  @Test
  void desaltingStripsOnlyOurSuffix() {
    Password p = Password.defaults();
    assertThat(StreamIds.desalt("cam1808d64", p)).isEqualTo("cam1");
    assertThat(StreamIds.desalt("cam1d48f01", p)).isEqualTo("cam1d48f01");
    assertThat(StreamIds.desalt("808d64", p)).isEqualTo("808d64");
    assertThat(StreamIds.desalt("cam1", Password.disabled())).isEqualTo("cam1");
  }

  @Test
  void streamIdsAreSanitizedLikeTheBrowser() {
    assertThat(StreamIds.sanitize(" my cam!!/1 ")).isEqualTo("my_cam_1");
    assertThat(RoomNames.sanitize("  Room  #1 with a very long name over thirty  "))
        .isEqualTo("Room_1_with_a_very_long_name_o");
    assertThat(RoomNames.sanitize("Room-Ü")).isEqualTo("Room_");
  }

  @ParameterizedTest(name = "hostile stream ID \"{0}\" becomes a safe file name")
  @ValueSource(
      strings = {
        "../../etc/passwd",
        "..",
        ".",
        "a/b",
        "a\\b",
        "C:\\x",
        "nul",
        "CON",
        "line\nbreak",
        "nul\u0000byte",
        "\u202Eevil",
        "😀",
        " ",
        "-rf"
      })
  void hostileIdsBecomeSafeFileNames(String hostile) {
    assertSafe(StreamIds.fileNameSafe(hostile));
  }

  @Test
  void plainIdsAreKeptAsTheyAre() {
    assertThat(StreamIds.fileNameSafe("cam_1-A")).isEqualTo("cam_1-A");
    assertThat(StreamIds.fileNameSafe(null)).isEqualTo("stream");
    assertThat(StreamIds.fileNameSafe("")).isEqualTo("stream");
  }

  @Test
  void longIdsAreBoundedAndStayDistinct() {
    String a = "x".repeat(500) + "a";
    String b = "x".repeat(500) + "b";
    assertThat(StreamIds.fileNameSafe(a)).hasSizeLessThanOrEqualTo(StreamIds.MAX_FILE_NAME_LENGTH);
    assertThat(StreamIds.fileNameSafe(a)).isNotEqualTo(StreamIds.fileNameSafe(b));
    assertThat(StreamIds.fileNameSafe("a/b")).isNotEqualTo(StreamIds.fileNameSafe("a_b"));
  }

  @Test
  void randomStringsAlwaysGiveSafeAndMostlyDistinctNames() {
    Random random = new Random(42);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 5000; i++) {
      char[] chars = new char[1 + random.nextInt(200)];
      for (int j = 0; j < chars.length; j++) {
        chars[j] = (char) random.nextInt(0x3000);
      }
      String id = new String(chars);
      String name = StreamIds.fileNameSafe(id);
      assertSafe(name);
      names.add(name);
    }
    assertThat(names.size()).isGreaterThan(4990);
  }

  private static void assertSafe(String name) {
    assertThat(name).isNotEmpty().hasSizeLessThanOrEqualTo(StreamIds.MAX_FILE_NAME_LENGTH);
    assertThat(name).matches("[A-Za-z0-9_-]+");
    assertThat(name).doesNotContain("..").doesNotContain("/").doesNotContain("\\");
    assertThat(name.toLowerCase()).isNotIn("con", "nul", "prn", "aux");
  }
}
