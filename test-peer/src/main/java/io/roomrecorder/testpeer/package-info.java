/**
 * A Java publisher that behaves like a VDO.Ninja browser or a Raspberry Ninja: for tests, the
 * offline demo and load generation. Never needed by the library at run time.
 *
 * <p>{@link io.roomrecorder.testpeer.TestPublisher} is the entry point; {@link
 * io.roomrecorder.testpeer.SendLog} is its truth about what it sent (every frame's RTP timestamp,
 * clip position and capture time, and the RTP to wall-clock mapping of its sender reports), so a
 * test can find a recorded frame by its bytes and check order, integrity and A/V sync against what
 * the sender meant. {@link io.roomrecorder.testpeer.OfferSdp} writes the two offer shapes and
 * {@link io.roomrecorder.testpeer.AnswerInfo} reads the recorder's answers. Video is H.264 or, with
 * {@code videoCodec(VP8)}, VP8 only (a browser without H.264; the recorder writes WebM).
 */
package io.roomrecorder.testpeer;
