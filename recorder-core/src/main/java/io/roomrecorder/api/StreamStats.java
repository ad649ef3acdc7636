package io.roomrecorder.api;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A snapshot of one participant's recording, for status displays and monitoring.
 *
 * @param streamId de-salted stream ID
 * @param state connection state
 * @param candidatePairType the selected ICE pair's local/remote type, e.g. {@code host/host} or
 *     {@code relay/host}; empty before ICE connects
 * @param videoCodec {@code H264}, {@code VP8} or empty
 * @param width current video width in pixels, 0 when unknown
 * @param height current video height in pixels, 0 when unknown
 * @param framesPerSecond video frames recorded per second over the last few seconds
 * @param bitrateBps received media bitrate over the last few seconds, bits per second
 * @param videoFrames video frames written
 * @param audioFrames audio packets written
 * @param packetsLost RTP packets never recovered
 * @param packetsRecovered RTP packets recovered by retransmission after a NACK
 * @param nacksSent generic NACK feedback messages sent
 * @param plisSent picture loss indications sent
 * @param firsSent full intra requests sent
 * @param file current file, or {@code null}
 * @param fileBytes bytes written to the current file
 * @param mediaDuration media time in the current file
 */
public record StreamStats(
    String streamId,
    PeerState state,
    String candidatePairType,
    String videoCodec,
    int width,
    int height,
    double framesPerSecond,
    long bitrateBps,
    long videoFrames,
    long audioFrames,
    long packetsLost,
    long packetsRecovered,
    long nacksSent,
    long plisSent,
    long firsSent,
    Path file,
    long fileBytes,
    Duration mediaDuration) {}
