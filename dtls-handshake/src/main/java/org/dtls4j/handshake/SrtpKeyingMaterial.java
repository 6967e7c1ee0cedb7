package org.dtls4j.handshake;

import java.util.Arrays;
import java.util.Objects;

/**
 * The SRTP master keys and salts of a DTLS-SRTP association (RFC 5764 §4.2), cut from the keying
 * material exported with the label {@value #EXPORTER_LABEL}:
 *
 * <pre>
 *   RFC 5764 §4.2:
 *   2 * (SRTPSecurityParams.master_key_len + SRTPSecurityParams.master_salt_len) bytes, used as
 *   client_write_SRTP_master_key[SRTPSecurityParams.master_key_len];
 *   server_write_SRTP_master_key[SRTPSecurityParams.master_key_len];
 *   client_write_SRTP_master_salt[SRTPSecurityParams.master_salt_len];
 *   server_write_SRTP_master_salt[SRTPSecurityParams.master_salt_len];
 * </pre>
 *
 * The client protects the SRTP packets it sends with the client keys and the server with the server
 * keys; each side decrypts with the other's. {@link #localMasterKey(boolean)} and friends pick the
 * right pair for a side.
 *
 * <p>Getters return copies; {@link #destroy()} overwrites the held keys.
 */
public final class SrtpKeyingMaterial {
    /** The exporter label of DTLS-SRTP (RFC 5764 §4.2), used without a context. */
    public static final String EXPORTER_LABEL = "EXTRACTOR-dtls_srtp";

    private final SrtpProfile profile;
    private final byte[] clientMasterKey;
    private final byte[] serverMasterKey;
    private final byte[] clientMasterSalt;
    private final byte[] serverMasterSalt;

    private SrtpKeyingMaterial(SrtpProfile profile, byte[] block) {
        int k = profile.keyLength();
        int s = profile.saltLength();
        this.profile = profile;
        this.clientMasterKey = Arrays.copyOfRange(block, 0, k);
        this.serverMasterKey = Arrays.copyOfRange(block, k, 2 * k);
        this.clientMasterSalt = Arrays.copyOfRange(block, 2 * k, 2 * k + s);
        this.serverMasterSalt = Arrays.copyOfRange(block, 2 * k + s, 2 * k + 2 * s);
    }

    /**
     * Splits an exported block of {@link SrtpProfile#exportLength()} bytes (RFC 5764 §4.2).
     *
     * @throws IllegalArgumentException when the block has another length
     */
    public static SrtpKeyingMaterial split(SrtpProfile profile, byte[] exported) {
        Objects.requireNonNull(profile, "profile");
        if (exported.length != profile.exportLength()) {
            throw new IllegalArgumentException(profile + " needs " + profile.exportLength()
                    + " bytes of keying material, got " + exported.length);
        }
        return new SrtpKeyingMaterial(profile, exported);
    }

    /**
     * The SRTP keys of a completed handshake: exports {@link SrtpProfile#exportLength()} bytes under
     * {@value #EXPORTER_LABEL} with no context and splits them.
     *
     * @throws IllegalStateException when use_srtp was not negotiated (RFC 5764 §4.1.1: no profile in
     *                               common leaves a plain DTLS connection), or the connection has closed
     */
    public static SrtpKeyingMaterial of(Negotiated negotiated) {
        SrtpProfile p = negotiated.srtpProfile().orElseThrow(() -> new IllegalStateException(
                "use_srtp was not negotiated on this connection: no SRTP keys"));
        byte[] block = negotiated.exportKeyingMaterial(EXPORTER_LABEL, null, p.exportLength());
        try {
            return split(p, block);
        } finally {
            Arrays.fill(block, (byte) 0);
        }
    }

    public SrtpProfile profile() { return profile; }
    /** client_write_SRTP_master_key. */
    public byte[] clientMasterKey() { return clientMasterKey.clone(); }
    /** server_write_SRTP_master_key. */
    public byte[] serverMasterKey() { return serverMasterKey.clone(); }
    /** client_write_SRTP_master_salt. */
    public byte[] clientMasterSalt() { return clientMasterSalt.clone(); }
    /** server_write_SRTP_master_salt. */
    public byte[] serverMasterSalt() { return serverMasterSalt.clone(); }

    /** The master key this side protects outgoing SRTP with: the client's on a client. */
    public byte[] localMasterKey(boolean client) { return client ? clientMasterKey() : serverMasterKey(); }
    /** The master salt this side protects outgoing SRTP with. */
    public byte[] localMasterSalt(boolean client) { return client ? clientMasterSalt() : serverMasterSalt(); }
    /** The master key the peer protects its SRTP with, for incoming packets. */
    public byte[] remoteMasterKey(boolean client) { return client ? serverMasterKey() : clientMasterKey(); }
    /** The master salt the peer protects its SRTP with. */
    public byte[] remoteMasterSalt(boolean client) { return client ? serverMasterSalt() : clientMasterSalt(); }

    /** Overwrites the keys and salts with zeros. */
    public void destroy() {
        Arrays.fill(clientMasterKey, (byte) 0);
        Arrays.fill(serverMasterKey, (byte) 0);
        Arrays.fill(clientMasterSalt, (byte) 0);
        Arrays.fill(serverMasterSalt, (byte) 0);
    }

    /** Names the profile; never shows the keys. */
    @Override
    public String toString() {
        return "SrtpKeyingMaterial[" + profile.openSslName() + "]";
    }
}
