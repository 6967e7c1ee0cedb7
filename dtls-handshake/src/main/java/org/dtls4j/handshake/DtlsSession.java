package org.dtls4j.handshake;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.dtls4j.crypto.CipherSuite;

/**
 * A resumable session (RFC 5246 §7.3, resumed by session ID): what an abbreviated handshake needs.
 *
 * <p>Holds the master secret; {@link #toString()} never shows it.
 */
public final class DtlsSession {
    private final byte[] sessionId;
    private final CipherSuite cipherSuite;
    private final byte[] masterSecret;
    private final boolean extendedMasterSecret;
    private final List<X509Certificate> peerCertificates;
    private final byte[] pskIdentity;
    private final String serverName;
    private final PublicKey peerRawPublicKey;

    public DtlsSession(byte[] sessionId, CipherSuite cipherSuite, byte[] masterSecret, boolean extendedMasterSecret,
                       List<X509Certificate> peerCertificates, byte[] pskIdentity, String serverName) {
        this(sessionId, cipherSuite, masterSecret, extendedMasterSecret, peerCertificates, pskIdentity, serverName, null);
    }

    /** A session whose peer authenticated with a raw public key (RFC 7250), or {@code null} when it did not. */
    public DtlsSession(byte[] sessionId, CipherSuite cipherSuite, byte[] masterSecret, boolean extendedMasterSecret,
                       List<X509Certificate> peerCertificates, byte[] pskIdentity, String serverName,
                       PublicKey peerRawPublicKey) {
        this.sessionId = sessionId.clone();
        this.cipherSuite = cipherSuite;
        this.masterSecret = masterSecret.clone();
        this.extendedMasterSecret = extendedMasterSecret;
        this.peerCertificates = List.copyOf(peerCertificates);
        this.pskIdentity = pskIdentity == null ? null : pskIdentity.clone();
        this.serverName = serverName;
        this.peerRawPublicKey = peerRawPublicKey;
    }

    public byte[] sessionId() { return sessionId.clone(); }
    public CipherSuite cipherSuite() { return cipherSuite; }
    /** The master secret; handle with care. */
    public byte[] masterSecret() { return masterSecret.clone(); }
    /** RFC 7627 §5.3: a session made without extended master secret is never resumed with it, nor the reverse. */
    public boolean extendedMasterSecret() { return extendedMasterSecret; }
    public List<X509Certificate> peerCertificates() { return peerCertificates; }
    public byte[] pskIdentity() { return pskIdentity == null ? null : pskIdentity.clone(); }
    public String serverName() { return serverName; }
    /** The peer's raw public key (RFC 7250), when it authenticated with one. */
    public Optional<PublicKey> peerRawPublicKey() { return Optional.ofNullable(peerRawPublicKey); }

    /** Overwrites the master secret with zeros; the session can no longer be resumed. */
    public void destroy() {
        Arrays.fill(masterSecret, (byte) 0);
    }

    @Override
    public String toString() {
        return "DtlsSession[id=" + HexFormat.of().formatHex(sessionId) + ", " + cipherSuite + ", ems=" + extendedMasterSecret + "]";
    }
}
