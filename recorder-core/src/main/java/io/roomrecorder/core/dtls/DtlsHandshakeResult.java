package io.roomrecorder.core.dtls;

/**
 * What a completed handshake established. Immutable; {@link #keys()} holds secrets.
 *
 * @param role the side we played
 * @param profile the SRTP protection profile both sides agreed on in use_srtp
 * @param keys the RFC 5764 §4.2 keying material for {@code profile}
 * @param peerFingerprint SHA-256 of the peer's certificate (it matched the SDP fingerprint)
 * @param cipherSuite the IANA TLS cipher suite value (e.g. 0xC02B
 *     TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
 */
public record DtlsHandshakeResult(
    DtlsRole role,
    SrtpProfile profile,
    SrtpKeyingMaterial keys,
    Fingerprint peerFingerprint,
    int cipherSuite) {}
