package org.dtls4j.handshake;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.dtls4j.crypto.CipherSuite;

/**
 * A resumable session (RFC 5246 §7.3): what an abbreviated handshake needs. A client resumes it by
 * session ID, or by the ticket the server gave it (RFC 5077 §3.4), which it then presents with the
 * session ID as well so that the server's echo of the ID says the ticket was accepted.
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
    private final byte[] ticket;
    private final long ticketLifetimeHint;

    public DtlsSession(byte[] sessionId, CipherSuite cipherSuite, byte[] masterSecret, boolean extendedMasterSecret,
                       List<X509Certificate> peerCertificates, byte[] pskIdentity, String serverName) {
        this(sessionId, cipherSuite, masterSecret, extendedMasterSecret, peerCertificates, pskIdentity, serverName, null);
    }

    /** A session whose peer authenticated with a raw public key (RFC 7250), or {@code null} when it did not. */
    public DtlsSession(byte[] sessionId, CipherSuite cipherSuite, byte[] masterSecret, boolean extendedMasterSecret,
                       List<X509Certificate> peerCertificates, byte[] pskIdentity, String serverName,
                       PublicKey peerRawPublicKey) {
        this(sessionId, cipherSuite, masterSecret, extendedMasterSecret, peerCertificates, pskIdentity, serverName,
                peerRawPublicKey, null, 0);
    }

    private DtlsSession(byte[] sessionId, CipherSuite cipherSuite, byte[] masterSecret, boolean extendedMasterSecret,
                        List<X509Certificate> peerCertificates, byte[] pskIdentity, String serverName,
                        PublicKey peerRawPublicKey, byte[] ticket, long ticketLifetimeHint) {
        this.sessionId = sessionId.clone();
        this.cipherSuite = cipherSuite;
        this.masterSecret = masterSecret.clone();
        this.extendedMasterSecret = extendedMasterSecret;
        this.peerCertificates = List.copyOf(peerCertificates);
        this.pskIdentity = pskIdentity == null ? null : pskIdentity.clone();
        this.serverName = serverName;
        this.peerRawPublicKey = peerRawPublicKey;
        this.ticket = ticket == null ? null : ticket.clone();
        this.ticketLifetimeHint = ticketLifetimeHint;
    }

    /**
     * This session with the ticket a server issued for it (RFC 5077 §3.3) and, when the server gave
     * none, a session ID of our own to present with it (RFC 5077 §3.4: "the client MAY generate and
     * include a Session ID"); {@code sessionId} is ignored when this session already has one.
     *
     * @param lifetimeHintSeconds the server's ticket_lifetime_hint; 0 when unspecified
     */
    public DtlsSession withTicket(byte[] ticket, long lifetimeHintSeconds, byte[] sessionId) {
        return new DtlsSession(this.sessionId.length > 0 ? this.sessionId : sessionId, cipherSuite, masterSecret,
                extendedMasterSecret, peerCertificates, pskIdentity, serverName, peerRawPublicKey, ticket,
                lifetimeHintSeconds);
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
    /** Client: the session ticket the server issued (RFC 5077 §3.3), if it issued one. */
    public Optional<byte[]> ticket() { return Optional.ofNullable(ticket).map(byte[]::clone); }
    /** Client: the server's ticket_lifetime_hint in seconds (RFC 5077 §3.3); 0 when unspecified or without a ticket. */
    public long ticketLifetimeHint() { return ticketLifetimeHint; }

    /**
     * This session as bytes (the format is documented in {@code SessionBytes}): versioned, encrypted
     * and authenticated with AES-GCM under {@code key}, so a client can keep it in a file and resume
     * after a restart. The bytes hold the master secret; the key must be kept apart from them.
     *
     * @param key an AES key of 16 or 32 bytes, e.g. {@code new SecretKeySpec(bytes, "AES")}
     */
    public byte[] toBytes(javax.crypto.SecretKey key, java.security.SecureRandom random)
            throws java.security.GeneralSecurityException {
        return SessionBytes.write(this, key, random);
    }

    /**
     * A session from {@link #toBytes}.
     *
     * @throws java.security.GeneralSecurityException when the bytes are not a dtls4j session, are of
     *         another format version, were changed, or were written under another key
     *         ({@code AEADBadTagException}), each named in the message
     */
    public static DtlsSession fromBytes(byte[] bytes, javax.crypto.SecretKey key) throws java.security.GeneralSecurityException {
        return SessionBytes.read(bytes, key);
    }

    /**
     * This session's fields in the body format of {@link #toBytes}, <b>not encrypted</b>: it holds
     * the master secret. For a caller that seals it together with more state, as a saved
     * connection does; anyone else wants {@link #toBytes}.
     */
    public byte[] toUnsealedBytes() throws java.security.GeneralSecurityException {
        return SessionBytes.body(this);
    }

    /**
     * A session from {@link #toUnsealedBytes()}.
     *
     * @throws java.security.GeneralSecurityException if the bytes are not such a body
     */
    public static DtlsSession fromUnsealedBytes(byte[] body) throws java.security.GeneralSecurityException {
        return SessionBytes.parseBody(body);
    }

    /** Overwrites the master secret with zeros; the session can no longer be resumed. */
    public void destroy() {
        Arrays.fill(masterSecret, (byte) 0);
    }

    @Override
    public String toString() {
        return "DtlsSession[id=" + HexFormat.of().formatHex(sessionId) + ", " + cipherSuite + ", ems=" + extendedMasterSecret
                + (ticket == null ? "" : ", ticket " + ticket.length + " bytes") + "]";
    }
}
