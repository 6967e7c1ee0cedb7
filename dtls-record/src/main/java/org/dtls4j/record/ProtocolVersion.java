package org.dtls4j.record;

/**
 * DTLS protocol version numbers as they appear on the wire (RFC 6347 §4.1, RFC 6347 §4.2.1).
 *
 * <p>DTLS versions are the one's complement of the TLS version they derive from, so they count
 * down: RFC 6347 §4.1: "This document describes DTLS version 1.2, which uses the version
 * { 254, 253 }." There is no DTLS 1.1: the number was skipped to line up with TLS 1.2.
 */
public final class ProtocolVersion {
    /** DTLS 1.0, {254, 255} (RFC 4347). Seen in HelloVerifyRequest and initial ClientHello records. */
    public static final int DTLS_1_0 = 0xFEFF;

    /** DTLS 1.2, {254, 253} (RFC 6347). */
    public static final int DTLS_1_2 = 0xFEFD;

    private ProtocolVersion() {
    }

    /** A readable name for logs and error messages: "DTLS 1.2", "DTLS 1.0" or the hex value. */
    public static String name(int version) {
        switch (version) {
            case DTLS_1_2: return "DTLS 1.2";
            case DTLS_1_0: return "DTLS 1.0";
            default: return String.format("0x%04X", version);
        }
    }
}
