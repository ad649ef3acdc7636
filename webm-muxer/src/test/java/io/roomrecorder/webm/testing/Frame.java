package io.roomrecorder.webm.testing;

/** One compressed frame of a sample: its bytes, presentation time in ns, and key frame flag. */
public record Frame(byte[] data, long timestampNs, boolean keyframe) {}
