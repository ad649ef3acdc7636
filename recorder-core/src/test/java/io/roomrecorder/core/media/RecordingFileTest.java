package io.roomrecorder.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordingFileTest {
  @TempDir Path dir;

  @Test
  void flushedBytesAreOnDiskBeforeClose() throws IOException {
    byte[] data = new byte[RecordingFile.BUFFER_BYTES * 2 + 777];
    new Random(1).nextBytes(data);
    RecordingFile file = RecordingFile.create(dir, "room_cam1_1700000000", "ts");
    file.write(data, 0, data.length);
    file.flush();
    assertThat(Files.readAllBytes(file.path())).isEqualTo(data);
    assertThat(file.size()).isEqualTo(data.length);
    file.close();
    file.close();
    assertThat(file.path().getFileName().toString()).isEqualTo("room_cam1_1700000000.ts");
  }

  @Test
  void unflushedBytesStayInTheBufferUntilFlushOrFull() throws IOException {
    try (RecordingFile file = RecordingFile.create(dir, "a", "ts")) {
      file.write(new byte[100], 0, 100);
      assertThat(Files.size(file.path())).isZero();
      file.flush();
      assertThat(Files.size(file.path())).isEqualTo(100);
    }
  }

  @Test
  void aTakenNameGetsACounterAndIsNeverOverwritten() throws IOException {
    Files.writeString(dir.resolve("room_cam_1.ts"), "keep me");
    try (RecordingFile second = RecordingFile.create(dir, "room_cam_1", "ts");
        RecordingFile third = RecordingFile.create(dir, "room_cam_1", "ts")) {
      assertThat(second.path().getFileName().toString()).isEqualTo("room_cam_1_2.ts");
      assertThat(third.path().getFileName().toString()).isEqualTo("room_cam_1_3.ts");
    }
    assertThat(Files.readString(dir.resolve("room_cam_1.ts"))).isEqualTo("keep me");
  }

  @ParameterizedTest(name = "base name \"{0}\" is refused")
  @ValueSource(strings = {"../escape", "..", "a/b", "a\\b", "", "x\u0000y", "/etc/passwd", "a b"})
  void namesThatCouldLeaveTheFolderAreRefused(String base) {
    assertThatThrownBy(() -> RecordingFile.create(dir, base, "ts"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(dir.getParent().resolve("escape.ts")).doesNotExist();
  }

  @Test
  void anUnwritableFolderIsAnIoError() throws IOException {
    Path notAFolder = Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> RecordingFile.create(notAFolder, "a", "ts"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void writingAfterCloseIsAnIoError() throws IOException {
    RecordingFile file = RecordingFile.create(dir, "a", "ts");
    file.close();
    assertThatThrownBy(() -> file.write(new byte[1], 0, 1)).isInstanceOf(IOException.class);
  }
}
