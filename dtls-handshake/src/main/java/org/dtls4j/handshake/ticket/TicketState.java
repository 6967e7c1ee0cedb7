package org.dtls4j.handshake.ticket;

import java.util.Arrays;
import org.dtls4j.crypto.CipherSuite;

/**
 * What a ticket carries: the session state a server needs to resume (RFC 5077 §4 lists
 * "protocol version, cipher suite, compression method, master secret, client identity,
 * timestamp"; DTLS 1.2 without compression needs neither version nor compression).
 *
 * <p>The peer identity is the client's proven identity from the full handshake: its leaf
 * certificate (the chain is not kept, as OpenSSL keeps only the peer's leaf in a session), its raw
 * public key, or its PSK identity. {@link #toString()} never shows the master secret.
 *
 * @param cipherSuite          the suite of the full handshake
 * @param masterSecret         48 bytes
 * @param extendedMasterSecret whether the master secret came from the session hash (RFC 7627 §5.3)
 * @param createdSeconds       when the full handshake completed, seconds since the Unix epoch; a
 *                             renewed ticket keeps it, so a session lives at most one lifetime
 * @param identityType         what {@code identity} holds
 * @param identity             the identity's bytes; empty for {@link IdentityType#NONE}
 * @param serverName           the server_name the client asked for (RFC 6066 §3), or {@code null}
 */
public record TicketState(CipherSuite cipherSuite, byte[] masterSecret, boolean extendedMasterSecret,
                          long createdSeconds, IdentityType identityType, byte[] identity, String serverName) {

    /** The master secret length of TLS 1.2 (RFC 5246 §8.1). */
    public static final int MASTER_SECRET_LENGTH = 48;

    /** How the client authenticated in the full handshake. */
    public enum IdentityType {
        /** It did not (a server-only certificate handshake). */
        NONE(0),
        /** The DER encoding of its X.509 leaf certificate. */
        X509_LEAF(1),
        /** Its raw public key's SubjectPublicKeyInfo (RFC 7250). */
        RAW_PUBLIC_KEY(2),
        /** Its PSK identity (RFC 4279 §2). */
        PSK_IDENTITY(3);

        final int code;

        IdentityType(int code) {
            this.code = code;
        }

        static IdentityType fromCode(int code) {
            for (IdentityType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    public TicketState {
        if (masterSecret.length != MASTER_SECRET_LENGTH) {
            throw new IllegalArgumentException("master secret must be 48 bytes, got " + masterSecret.length);
        }
        if ((identityType == IdentityType.NONE) != (identity.length == 0) || identity.length > 0xFFFF) {
            throw new IllegalArgumentException(identityType + " with an identity of " + identity.length + " bytes");
        }
        masterSecret = masterSecret.clone();
        identity = identity.clone();
    }

    @Override
    public byte[] masterSecret() {
        return masterSecret.clone();
    }

    @Override
    public byte[] identity() {
        return identity.clone();
    }

    /** Overwrites the master secret of this object with zeros. */
    public void destroy() {
        Arrays.fill(masterSecret, (byte) 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TicketState t && t.cipherSuite == cipherSuite && Arrays.equals(t.masterSecret, masterSecret)
                && t.extendedMasterSecret == extendedMasterSecret && t.createdSeconds == createdSeconds
                && t.identityType == identityType && Arrays.equals(t.identity, identity)
                && java.util.Objects.equals(t.serverName, serverName);
    }

    @Override
    public int hashCode() {
        return cipherSuite.hashCode() * 31 + Long.hashCode(createdSeconds);
    }

    @Override
    public String toString() {
        return "TicketState[" + cipherSuite + ", ems=" + extendedMasterSecret + ", created=" + createdSeconds
                + ", " + identityType + (serverName == null ? "" : ", sni=" + serverName) + "]";
    }
}
