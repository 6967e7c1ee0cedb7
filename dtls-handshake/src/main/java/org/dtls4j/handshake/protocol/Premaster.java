package org.dtls4j.handshake.protocol;

import org.dtls4j.codec.ByteWriter;

/** Premaster secrets of the PSK key exchanges. */
final class Premaster {
    private Premaster() {
    }

    /**
     * RFC 4279 §2: "the premaster secret is formed as follows: if the PSK is N octets long,
     * concatenate a uint16 with the value N, N zero octets, a second uint16 with the value N, and
     * the PSK itself."
     */
    static byte[] psk(byte[] psk) {
        return combine(new byte[psk.length], psk);
    }

    /**
     * RFC 5489 §2: "the premaster secret is formed as follows. First, perform the ECDH computation
     * ... Let Z be the octet string produced by this computation. Next, concatenate a uint16
     * containing the length of Z (in octets), Z itself, a uint16 containing the length of the PSK
     * (in octets), and the PSK itself."
     */
    static byte[] ecdhePsk(byte[] z, byte[] psk) {
        return combine(z, psk);
    }

    private static byte[] combine(byte[] other, byte[] psk) {
        return new ByteWriter(4 + other.length + psk.length).opaque16(other).opaque16(psk).toByteArray();
    }
}
