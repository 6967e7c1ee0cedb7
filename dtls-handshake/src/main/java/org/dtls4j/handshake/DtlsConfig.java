package org.dtls4j.handshake;

import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.X509TrustManager;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.crypto.NamedGroup;
import org.dtls4j.crypto.SignatureScheme;
import org.dtls4j.crypto.Fingerprint;
import org.dtls4j.handshake.ticket.SessionTickets;

/**
 * Everything a client or server engine needs to know, immutable and shared by many connections.
 *
 * <p>Secure by default: AEAD suites only, forward-secret suites first, extended master secret
 * required (RFC 7627), renegotiation refused (RFC 5746), certificates verified. Build with
 * {@link #builder()}; {@link Builder#build()} checks that the pieces fit and names what is missing.
 *
 * <p>CBC suites ({@code TLS_PSK_WITH_AES_128_CBC_SHA256} and others, for older devices) are used
 * only when listed in {@link Builder#cipherSuites}, and then with encrypt-then-MAC (RFC 7366),
 * which the client offers and the server answers; MAC-then-encrypt with a peer that lacks it only
 * after {@link Builder#allowMacThenEncrypt(boolean)}.
 */
public final class DtlsConfig {
    private final List<CipherSuite> cipherSuites;
    private final List<NamedGroup> groups;
    private final List<SignatureScheme> signatureSchemes;
    private final List<X509Certificate> certificateChain;
    private final PrivateKey privateKey;
    private final PrivateKey signingKey;
    private final X509TrustManager trustManager;
    private final boolean verifyPeer;
    private final String serverName;
    private final ClientAuth clientAuth;
    private final byte[] pskIdentity;
    private final byte[] pskKey;
    private final PskStore pskStore;
    private final byte[] pskIdentityHint;
    private final List<String> applicationProtocols;
    private final int maxDatagramSize;
    private final Duration initialRetransmitTimeout;
    private final Duration maxRetransmitTimeout;
    private final double retransmitBackoff;
    private final Duration handshakeTimeout;
    private final boolean requireExtendedMasterSecret;
    private final int replayWindowSize;
    private final Consumer<String> keyLogSink;
    private final DtlsListener listener;
    private final JcaProviders providers;
    private final SessionStore sessionStore;
    private final SessionTickets sessionTickets;
    private final boolean offerSessionTickets;
    private final ConnectionIdGenerator connectionIds;
    private final List<SrtpProfile> srtpProfiles;
    private final Fingerprint peerFingerprint;
    private final PublicKey rawPublicKey;
    private final List<PublicKey> trustedRawPublicKeys;
    /** The SubjectPublicKeyInfo encodings of {@link #trustedRawPublicKeys}, for the lookup. */
    private final Set<ByteBuffer> trustedRawPublicKeyEncodings;
    private final RawPublicKeyVerifier rawPublicKeyVerifier;
    private final boolean allowMacThenEncrypt;
    private final int maxFragmentLength;
    private final int recordSizeLimit;

    private DtlsConfig(Builder b) {
        this.cipherSuites = List.copyOf(b.cipherSuites);
        this.groups = List.copyOf(b.groups);
        this.signatureSchemes = List.copyOf(b.signatureSchemes);
        this.certificateChain = List.copyOf(b.certificateChain);
        this.privateKey = b.privateKey;
        this.signingKey = b.providers.forSignature(b.privateKey);
        this.trustManager = b.trustManager;
        this.verifyPeer = b.verifyPeer;
        this.serverName = b.serverName;
        // RFC 8842 §5: with a pinned fingerprint the server asks for the client's certificate; the
        // same with raw public key trust, which is there only to check the client's key.
        boolean pinsPeer = b.peerFingerprint != null || !b.trustedRawPublicKeys.isEmpty() || b.rawPublicKeyVerifier != null;
        this.clientAuth = pinsPeer && b.clientAuth == ClientAuth.NONE ? ClientAuth.REQUIRED : b.clientAuth;
        this.pskIdentity = copy(b.pskIdentity);
        this.pskKey = copy(b.pskKey);
        this.pskStore = b.pskStore;
        this.pskIdentityHint = copy(b.pskIdentityHint);
        this.applicationProtocols = List.copyOf(b.applicationProtocols);
        this.maxDatagramSize = b.maxDatagramSize;
        this.initialRetransmitTimeout = b.initialRetransmitTimeout;
        this.maxRetransmitTimeout = b.maxRetransmitTimeout;
        this.retransmitBackoff = b.retransmitBackoff;
        this.handshakeTimeout = b.handshakeTimeout;
        this.requireExtendedMasterSecret = b.requireExtendedMasterSecret;
        this.replayWindowSize = b.replayWindowSize;
        this.keyLogSink = b.keyLogSink;
        this.listener = b.listener;
        this.providers = b.providers;
        this.sessionStore = b.sessionStore != null ? b.sessionStore : new SessionCache(b.sessionCacheSize);
        this.sessionTickets = b.sessionTickets;
        this.offerSessionTickets = b.offerSessionTickets;
        this.connectionIds = b.connectionIds;
        this.srtpProfiles = List.copyOf(b.srtpProfiles);
        this.peerFingerprint = b.peerFingerprint;
        this.rawPublicKey = b.rawPublicKey;
        this.trustedRawPublicKeys = List.copyOf(b.trustedRawPublicKeys);
        Set<ByteBuffer> encodings = new HashSet<>();
        trustedRawPublicKeys.forEach(k -> encodings.add(ByteBuffer.wrap(k.getEncoded())));
        this.trustedRawPublicKeyEncodings = Set.copyOf(encodings);
        this.rawPublicKeyVerifier = b.rawPublicKeyVerifier;
        this.allowMacThenEncrypt = b.allowMacThenEncrypt;
        this.maxFragmentLength = b.maxFragmentLength;
        this.recordSizeLimit = b.recordSizeLimit;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this configuration, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.cipherSuites = new ArrayList<>(cipherSuites);
        b.groups = new ArrayList<>(groups);
        b.signatureSchemes = new ArrayList<>(signatureSchemes);
        b.certificateChain = new ArrayList<>(certificateChain);
        b.privateKey = privateKey;
        b.trustManager = trustManager;
        b.verifyPeer = verifyPeer;
        b.serverName = serverName;
        b.clientAuth = clientAuth;
        b.connectionIds = connectionIds;
        b.pskIdentity = copy(pskIdentity);
        b.pskKey = copy(pskKey);
        b.pskStore = pskStore;
        b.pskIdentityHint = copy(pskIdentityHint);
        b.applicationProtocols = new ArrayList<>(applicationProtocols);
        b.maxDatagramSize = maxDatagramSize;
        b.initialRetransmitTimeout = initialRetransmitTimeout;
        b.maxRetransmitTimeout = maxRetransmitTimeout;
        b.retransmitBackoff = retransmitBackoff;
        b.handshakeTimeout = handshakeTimeout;
        b.requireExtendedMasterSecret = requireExtendedMasterSecret;
        b.replayWindowSize = replayWindowSize;
        b.keyLogSink = keyLogSink;
        b.listener = listener;
        b.providers = providers;
        b.sessionStore = sessionStore;
        b.sessionTickets = sessionTickets;
        b.offerSessionTickets = offerSessionTickets;
        b.srtpProfiles = new ArrayList<>(srtpProfiles);
        b.peerFingerprint = peerFingerprint;
        b.rawPublicKey = rawPublicKey;
        b.trustedRawPublicKeys = new ArrayList<>(trustedRawPublicKeys);
        b.rawPublicKeyVerifier = rawPublicKeyVerifier;
        b.allowMacThenEncrypt = allowMacThenEncrypt;
        b.maxFragmentLength = maxFragmentLength;
        b.recordSizeLimit = recordSizeLimit;
        return b;
    }

    /**
     * Checks that a server can complete a handshake with this configuration: it needs a
     * certificate or a PSK store, and a cipher suite it can serve with what it has.
     * {@code DtlsServer.bind} and {@code DtlsEngine.server} call it.
     *
     * @return this configuration
     * @throws IllegalArgumentException naming what is missing and the builder method that adds it,
     *         e.g. "a server needs a certificate (DtlsConfig.Builder.certificate) or a PSK store
     *         (pskStore); psk(identity, key) is the client's"
     */
    public DtlsConfig checkServer() {
        RoleChecks.server(this);
        return this;
    }

    /**
     * Checks that a client can complete a handshake with this configuration: with PSK suites only
     * it needs its PSK. {@code DtlsClient.connect} and {@code DtlsEngine.client} call it.
     *
     * @return this configuration
     * @throws IllegalArgumentException naming what is missing and the builder method that adds it
     */
    public DtlsConfig checkClient() {
        RoleChecks.client(this);
        return this;
    }

    /** Suites in preference order (the server picks by its own order, as OpenSSL's SSL_OP_CIPHER_SERVER_PREFERENCE). */
    public List<CipherSuite> cipherSuites() { return cipherSuites; }
    public List<NamedGroup> groups() { return groups; }
    public List<SignatureScheme> signatureSchemes() { return signatureSchemes; }
    /** Our certificate chain, leaf first; empty when we have none. */
    public List<X509Certificate> certificateChain() { return certificateChain; }
    public PrivateKey privateKey() { return privateKey; }
    /**
     * {@link #privateKey()} as the configured {@code Signature} provider's own key, imported once
     * here ({@link JcaProviders#forSignature(PrivateKey)}); the handshake signs with this one.
     */
    public PrivateKey signingKey() { return signingKey; }
    /** Checks the peer's chain; {@code null} means the JDK's default trust (cacerts). */
    public X509TrustManager trustManager() { return trustManager; }
    /** False only when verification was switched off explicitly (testing). */
    public boolean verifyPeer() { return verifyPeer; }
    /** Client: the name sent in server_name and checked against the certificate. */
    public String serverName() { return serverName; }
    public ClientAuth clientAuth() { return clientAuth; }
    public byte[] pskIdentity() { return copy(pskIdentity); }
    public byte[] pskKey() { return copy(pskKey); }
    public boolean hasClientPsk() { return pskIdentity != null && pskKey != null; }
    public PskStore pskStore() { return pskStore; }
    public byte[] pskIdentityHint() { return copy(pskIdentityHint); }
    public List<String> applicationProtocols() { return applicationProtocols; }
    /** Largest datagram we send: the path MTU minus IP and UDP headers. */
    public int maxDatagramSize() { return maxDatagramSize; }
    public Duration initialRetransmitTimeout() { return initialRetransmitTimeout; }
    public Duration maxRetransmitTimeout() { return maxRetransmitTimeout; }
    /** The factor the retransmission timeout grows by per retransmission: 2.0 (RFC 6347 §4.2.4.1) unless configured. */
    public double retransmitBackoff() { return retransmitBackoff; }
    public Duration handshakeTimeout() { return handshakeTimeout; }
    public boolean requireExtendedMasterSecret() { return requireExtendedMasterSecret; }
    public int replayWindowSize() { return replayWindowSize; }
    public Consumer<String> keyLogSink() { return keyLogSink; }
    /** Hears each connection's handshake, failure, retransmissions and discards; {@code null} when none was set. */
    public DtlsListener listener() { return listener; }
    public JcaProviders providers() { return providers; }
    /** Server: sessions that can be resumed by session ID (RFC 5246 §7.3); a {@link SessionCache} unless configured. */
    public SessionStore sessionStore() { return sessionStore; }
    /** Server: session tickets (RFC 5077) issued and accepted, or {@code null}: none. */
    public SessionTickets sessionTickets() { return sessionTickets; }
    /** Client: whether the ClientHello carries the SessionTicket extension (RFC 5077 §3.2); true unless turned off. */
    public boolean offerSessionTickets() { return offerSessionTickets; }

    /** Where our Connection IDs come from (RFC 9146), or {@code null}: CIDs are neither offered nor accepted. */
    public ConnectionIdGenerator connectionIds() { return connectionIds; }

    /** The SRTP protection profiles for use_srtp (RFC 5764 §4.1.1), preferred first; empty: not offered nor accepted. */
    public List<SrtpProfile> srtpProfiles() { return srtpProfiles; }

    /**
     * The pinned fingerprint of the peer's certificate in the SDP form ({@code sha-256 AB:CD:...},
     * RFC 8122 §5), or empty when the peer's chain is checked by {@link #trustManager()}.
     */
    public Optional<String> peerCertificateFingerprint() {
        return Optional.ofNullable(peerFingerprint).map(Fingerprint::toSdp);
    }

    /** Our raw public key (RFC 7250), or {@code null}: we send X.509 certificates only. */
    public PublicKey rawPublicKey() { return rawPublicKey; }

    /** The peer raw public keys accepted as they are (RFC 7250 §6); empty when none are. */
    public List<PublicKey> trustedRawPublicKeys() { return trustedRawPublicKeys; }

    /** Whether {@code key} is one of {@link #trustedRawPublicKeys()}, compared by SubjectPublicKeyInfo encoding. */
    public boolean isTrustedRawPublicKey(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return encoded != null && trustedRawPublicKeyEncodings.contains(ByteBuffer.wrap(encoded));
    }

    /** Decides on peer raw public keys not in {@link #trustedRawPublicKeys()}, or {@code null}. */
    public RawPublicKeyVerifier rawPublicKeyVerifier() { return rawPublicKeyVerifier; }

    /** Whether peers may authenticate with a raw public key: trusted keys or a verifier are configured. */
    public boolean acceptsRawPublicKeys() {
        return !trustedRawPublicKeys.isEmpty() || rawPublicKeyVerifier != null;
    }

    /**
     * Whether a CBC suite may be used MAC-then-encrypt with a peer that does not speak
     * encrypt_then_mac (RFC 7366); false unless {@link Builder#allowMacThenEncrypt(boolean)}.
     */
    public boolean allowMacThenEncrypt() { return allowMacThenEncrypt; }
    /** Client: the max_fragment_length to ask for (RFC 6066 §4), 512 to 4096; 0 when none. */
    public int maxFragmentLength() { return maxFragmentLength; }
    /** The record_size_limit to advertise (RFC 8449 §4), 64 to 2^14; 0 when none is configured. */
    public int recordSizeLimit() { return recordSizeLimit; }

    private static byte[] copy(byte[] b) {
        return b == null ? null : b.clone();
    }

    /** Builds a {@link DtlsConfig}; every setter returns the builder. */
    public static final class Builder {
        private List<CipherSuite> cipherSuites = new ArrayList<>(CipherSuite.defaults());
        private List<NamedGroup> groups = new ArrayList<>(List.of(NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP384R1));
        private List<SignatureScheme> signatureSchemes = new ArrayList<>(SignatureScheme.defaultPreference());
        private List<X509Certificate> certificateChain = new ArrayList<>();
        private PrivateKey privateKey;
        private X509TrustManager trustManager;
        private boolean verifyPeer = true;
        private String serverName;
        private ClientAuth clientAuth = ClientAuth.NONE;
        private byte[] pskIdentity;
        private byte[] pskKey;
        private PskStore pskStore;
        private byte[] pskIdentityHint;
        private List<String> applicationProtocols = new ArrayList<>();
        private int maxDatagramSize = 1400;
        private Duration initialRetransmitTimeout = Duration.ofSeconds(1);
        private Duration maxRetransmitTimeout = Duration.ofSeconds(60);
        private double retransmitBackoff = 2.0;
        private Duration handshakeTimeout = Duration.ofSeconds(30);
        private boolean requireExtendedMasterSecret = true;
        private int replayWindowSize = 64;
        private Consumer<String> keyLogSink;
        private DtlsListener listener;
        private JcaProviders providers = JcaProviders.defaults();
        private SessionStore sessionStore;
        private int sessionCacheSize = 1024;
        private SessionTickets sessionTickets;
        private boolean offerSessionTickets = true;
        private ConnectionIdGenerator connectionIds;
        private List<SrtpProfile> srtpProfiles = new ArrayList<>();
        private Fingerprint peerFingerprint;
        private PublicKey rawPublicKey;
        private List<PublicKey> trustedRawPublicKeys = new ArrayList<>();
        private RawPublicKeyVerifier rawPublicKeyVerifier;
        private boolean allowMacThenEncrypt;
        private int maxFragmentLength;
        private int recordSizeLimit;

        private Builder() {
        }

        /**
         * The suites to offer (client) or accept (server), preferred first; by default
         * {@link CipherSuite#defaults()}, the AEAD suites. The CBC suites of {@link CipherSuite#all()}
         * are used only when listed here.
         */
        public Builder cipherSuites(List<CipherSuite> suites) { this.cipherSuites = new ArrayList<>(suites); return this; }
        public Builder cipherSuites(CipherSuite... suites) { return cipherSuites(Arrays.asList(suites)); }
        public Builder groups(List<NamedGroup> groups) { this.groups = new ArrayList<>(groups); return this; }
        public Builder groups(NamedGroup... groups) { return groups(Arrays.asList(groups)); }
        public Builder signatureSchemes(List<SignatureScheme> schemes) { this.signatureSchemes = new ArrayList<>(schemes); return this; }

        /** Our certificate chain (leaf first) and the leaf's private key. */
        public Builder certificate(List<X509Certificate> chain, PrivateKey key) {
            this.certificateChain = new ArrayList<>(chain);
            this.privateKey = key;
            return this;
        }

        /** Trust for the peer's certificates (server certificates on a client, client certificates on a server). */
        public Builder trustManager(X509TrustManager tm) { this.trustManager = tm; return this; }

        /** Trust exactly these CA certificates. */
        public Builder trustedCertificates(List<X509Certificate> anchors) {
            this.trustManager = TrustManagers.forAnchors(anchors);
            return this;
        }

        /** Client: do not verify the server certificate. For tests and demos only. */
        public Builder insecureSkipVerification() { this.verifyPeer = false; return this; }
        public Builder serverName(String name) { this.serverName = name; return this; }
        public Builder clientAuth(ClientAuth auth) { this.clientAuth = Objects.requireNonNull(auth); return this; }

        /** Client: the PSK identity and key (RFC 4279). */
        public Builder psk(byte[] identity, byte[] key) { this.pskIdentity = copy(identity); this.pskKey = copy(key); return this; }
        /** Server: where PSK identities are looked up. */
        public Builder pskStore(PskStore store) { this.pskStore = store; return this; }
        /** Server: the optional identity hint in ServerKeyExchange (RFC 4279 §2). */
        public Builder pskIdentityHint(byte[] hint) { this.pskIdentityHint = copy(hint); return this; }
        public Builder applicationProtocols(List<String> protocols) { this.applicationProtocols = new ArrayList<>(protocols); return this; }
        public Builder applicationProtocols(String... protocols) { return applicationProtocols(Arrays.asList(protocols)); }
        public Builder maxDatagramSize(int bytes) { this.maxDatagramSize = bytes; return this; }
        public Builder initialRetransmitTimeout(Duration d) { this.initialRetransmitTimeout = d; return this; }
        public Builder maxRetransmitTimeout(Duration d) { this.maxRetransmitTimeout = d; return this; }

        /**
         * The factor the retransmission timeout grows by at each retransmission, 1.0 to 2.0; default
         * 2.0, the doubling of RFC 6347 §4.2.4.1. Lower it only on a path whose loss is not
         * congestion (a lossy radio link the deployment knows): the back-off is the handshake's
         * congestion control. With {@code initialRetransmitTimeout(500 ms)} and 1.0, handshakes
         * complete within 30 s at 50 % loss (docs/SECURITY-network.md, family 4).
         */
        public Builder retransmitBackoff(double factor) { this.retransmitBackoff = factor; return this; }
        public Builder handshakeTimeout(Duration d) { this.handshakeTimeout = d; return this; }
        /** Whether a peer that does not offer extended_master_secret is refused (default true, RFC 7627 §5.2). */
        public Builder requireExtendedMasterSecret(boolean require) { this.requireExtendedMasterSecret = require; return this; }
        public Builder replayWindowSize(int size) { this.replayWindowSize = size; return this; }
        /** Receives NSS key log lines ({@code CLIENT_RANDOM <random> <master secret>}) for Wireshark. */
        public Builder keyLogSink(Consumer<String> sink) { this.keyLogSink = sink; return this; }

        /**
         * Hears what happens to every connection made with this configuration, as it happens
         * ({@link DtlsListener}: called on the engine's thread, must be fast and must not throw);
         * {@code null}, the default, for none.
         */
        public Builder listener(DtlsListener listener) { this.listener = listener; return this; }
        public Builder providers(JcaProviders providers) { this.providers = Objects.requireNonNull(providers); return this; }
        /** Server: where sessions resumable by ID are kept; by default a {@link SessionCache} of {@link #sessionCacheSize} entries. */
        public Builder sessionStore(SessionStore store) { this.sessionStore = store; return this; }
        /** Server: the size of the default {@link SessionCache} (1024); 0 keeps no session. */
        public Builder sessionCacheSize(int entries) { this.sessionCacheSize = entries; return this; }

        /**
         * Server: issue session tickets (RFC 5077) to clients that ask with the SessionTicket
         * extension, and resume sessions from the tickets they present; {@code null} (the
         * default): neither, the extension is ignored and sessions resume by session ID only.
         * Servers that share a {@link org.dtls4j.handshake.ticket.TicketKeys} source resume each
         * other's tickets. A ticket that does not open, has expired or no longer fits the
         * configuration gets a full handshake, never an alert.
         */
        public Builder sessionTickets(SessionTickets tickets) { this.sessionTickets = tickets; return this; }

        /**
         * Client: offer the SessionTicket extension (RFC 5077 §3.2), empty or with the ticket of the
         * session offered; on by default, as OpenSSL's client does. A server that issues one sends
         * it in a NewSessionTicket message and {@link DtlsSession#ticket()} keeps it; a server that
         * does not ignores the extension, and the session resumes by ID as before.
         */
        public Builder offerSessionTickets(boolean offer) { this.offerSessionTickets = offer; return this; }

        /**
         * Connection IDs (RFC 9146) with random CIDs of {@code length} bytes: a client offers the
         * connection_id extension, a server answers a client that offered it. 0 asks for no CID in
         * the records we receive but puts the peer's CID into the records we send. Off by default.
         */
        public Builder connectionIdLength(int length) {
            return connectionIds(ConnectionIdGenerator.random(length, new java.security.SecureRandom()));
        }

        /** Connection IDs (RFC 9146) from this generator (a node prefix, say); {@code null} turns them off. */
        public Builder connectionIds(ConnectionIdGenerator generator) { this.connectionIds = generator; return this; }

        /**
         * DTLS-SRTP (RFC 5764): the SRTP protection profiles, most preferred first. A client offers
         * them in use_srtp; a server picks the first of its own that the client offered, and
         * without one in common goes on without SRTP (RFC 5764 §4.1.1), which
         * {@link Negotiated#srtpProfile()} shows as empty. Empty (the default): use_srtp is neither
         * offered nor answered.
         */
        public Builder srtpProfiles(List<SrtpProfile> profiles) { this.srtpProfiles = new ArrayList<>(profiles); return this; }
        public Builder srtpProfiles(SrtpProfile... profiles) { return srtpProfiles(Arrays.asList(profiles)); }

        /**
         * Pins the peer's certificate by the fingerprint that came out of band, the WebRTC model
         * (RFC 8122 §5, RFC 8842 §5): {@code sdpFingerprint} is the value of the SDP
         * {@code a=fingerprint} attribute, {@code "sha-256 AB:CD:..."} (sha-384 and sha-512 too;
         * lower-case hex and a leading {@code a=fingerprint:} are accepted). Exactly the peer
         * whose leaf certificate's DER encoding hashes to it is accepted, compared in constant
         * time: no PKIX path, no host name check, so self-signed certificates work. A different
         * certificate fails the handshake with bad_certificate and a message naming both
         * fingerprints. A server with a pin requests the client's certificate
         * ({@link ClientAuth#REQUIRED} unless {@code clientAuth(OPTIONAL)} was chosen) and pins it.
         * It replaces {@link #trustManager} and {@link #insecureSkipVerification()}, which cannot
         * be combined with it; {@code null} removes the pin.
         *
         * @throws IllegalArgumentException if the fingerprint is malformed, naming what is wrong
         */
        public Builder peerCertificateFingerprint(String sdpFingerprint) {
            this.peerFingerprint = sdpFingerprint == null ? null : Fingerprint.parse(sdpFingerprint);
            return this;
        }

        /** {@link #peerCertificateFingerprint(String)} with the 32 raw bytes of a SHA-256 fingerprint. */
        public Builder peerCertificateFingerprint(byte[] sha256) {
            this.peerFingerprint = Fingerprint.sha256(sha256);
            return this;
        }

        /**
         * Our identity as a raw public key (RFC 7250): the Certificate message carries only this
         * key's SubjectPublicKeyInfo, and the private key signs the ServerKeyExchange or the
         * CertificateVerify, as a certificate's key would. We offer it in client_certificate_type
         * (client) and select it in server_certificate_type (server) whenever the peer lists it; a
         * peer that does not gets our certificate if {@link #certificate} was also set (with the
         * same key pair), otherwise the handshake fails with unsupported_certificate. ECDSA keys
         * (P-256, P-384) and Ed25519 keys go with the ECDHE_ECDSA suites (RFC 8422 §2), RSA keys
         * with ECDHE_RSA.
         */
        public Builder rawPublicKey(PublicKey publicKey, PrivateKey privateKey) {
            this.rawPublicKey = Objects.requireNonNull(publicKey, "publicKey");
            this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
            return this;
        }

        /** {@link #rawPublicKey(PublicKey, PrivateKey)} with the two halves of {@code pair}. */
        public Builder rawPublicKey(KeyPair pair) {
            return rawPublicKey(pair.getPublic(), pair.getPrivate());
        }

        /**
         * Accepts peers that authenticate with exactly one of these raw public keys (RFC 7250 §6),
         * compared by their SubjectPublicKeyInfo encoding. Another key ends the handshake with
         * bad_certificate, unless the {@link #rawPublicKeyVerifier} accepts it. Raw public key trust
         * makes us offer raw public keys in server_certificate_type (client) and accept them in
         * client_certificate_type (server); a server with it asks for the client's key
         * ({@link ClientAuth#REQUIRED} unless {@code clientAuth(OPTIONAL)} was chosen). X.509
         * certificates from the peer remain acceptable only when X.509 trust is configured as well
         * ({@link #trustManager}, {@link #trustedCertificates}, {@link #peerCertificateFingerprint},
         * {@link #insecureSkipVerification()}); without it a peer that can only send X.509 fails
         * with unsupported_certificate.
         */
        public Builder trustedRawPublicKeys(Collection<? extends PublicKey> keys) {
            List<PublicKey> copy = new ArrayList<>();
            for (PublicKey k : keys) {
                copy.add(Objects.requireNonNull(k, "a trusted raw public key is null"));
            }
            this.trustedRawPublicKeys = copy;
            return this;
        }

        /**
         * Decides on peer raw public keys that are not among the {@link #trustedRawPublicKeys}: the
         * key and the peer's address go to {@code verifier}, and a refusal ends the handshake with
         * bad_certificate. Otherwise as {@link #trustedRawPublicKeys}. An abbreviated handshake
         * (RFC 5246 §7.3) resumes a session without asking again: the peer proves it holds the
         * session's master secret, which only the peer whose key was accepted could have. {@code null}
         * removes the verifier.
         */
        public Builder rawPublicKeyVerifier(RawPublicKeyVerifier verifier) {
            this.rawPublicKeyVerifier = verifier;
            return this;
        }

        /**
         * Allows a CBC suite with MAC-then-encrypt records (RFC 5246 §6.2.3.2) when the peer does
         * not speak encrypt_then_mac (RFC 7366). Off by default: a client then refuses a server
         * that selects a CBC suite without answering encrypt_then_mac (handshake_failure), and a
         * server selects a CBC suite only for a client that offered the extension. A peer that
         * speaks it always gets encrypt-then-MAC. Received MAC-then-encrypt records are checked in
         * constant time with respect to their padding (Lucky Thirteen; docs/SECURITY.md).
         */
        public Builder allowMacThenEncrypt(boolean allow) { this.allowMacThenEncrypt = allow; return this; }

        /**
         * Client: asks the server for records of at most {@code bytes} of plaintext in both
         * directions (max_fragment_length, RFC 6066 §4): 512, 1024, 2048 or 4096; 0 asks for
         * nothing (the default). A server that accepts echoes the value and both sides keep to it
         * from the ServerHello on, handshake fragments included; a server that ignores it leaves
         * records at up to 2^14 bytes. With {@link #recordSizeLimit} as well, a server that knows
         * record_size_limit uses that instead (RFC 8449 §5). A server answers max_fragment_length
         * whenever asked and has no such setting.
         */
        public Builder maxFragmentLength(int bytes) { this.maxFragmentLength = bytes; return this; }

        /**
         * The most plaintext bytes we accept in one protected record (record_size_limit, RFC 8449
         * §4): 64 to 2^14; 0 for no setting (the default). A client offers it; a server answers
         * every client that offers the extension with this value, or with 2^14 when it is 0. The
         * peer's own limit, when it sends one, bounds the records we send: application data larger
         * than it is refused by {@code send}, and handshake fragments are cut to fit it.
         */
        public Builder recordSizeLimit(int bytes) { this.recordSizeLimit = bytes; return this; }

        /** Checks the configuration and builds it. */
        public DtlsConfig build() {
            require(!cipherSuites.isEmpty(), "no cipher suites configured");
            require(!groups.isEmpty() || cipherSuites.stream().noneMatch(s -> s.keyExchange().usesEcdhe()),
                    "ECDHE suites configured but no groups");
            require((certificateChain.isEmpty() && rawPublicKey == null) == (privateKey == null),
                    "a certificate chain or raw public key needs its private key and the other way round");
            require(rawPublicKey == null || certificateChain.isEmpty()
                    || Arrays.equals(certificateChain.get(0).getPublicKey().getEncoded(), rawPublicKey.getEncoded()),
                    "certificate and rawPublicKey must share one key pair: the certificate's public key is not the raw public key");
            require((pskIdentity == null) == (pskKey == null), "a PSK needs both identity and key");
            require(pskKey == null || pskKey.length > 0, "empty PSK key");
            require(maxDatagramSize >= 256 && maxDatagramSize <= 65507,
                    "maxDatagramSize must be 256..65507, was " + maxDatagramSize);
            require(replayWindowSize >= 64 && replayWindowSize % 64 == 0 && replayWindowSize <= 8192,
                    "replayWindowSize must be a multiple of 64 in 64..8192, was " + replayWindowSize);
            require(!initialRetransmitTimeout.isNegative() && !initialRetransmitTimeout.isZero(), "initialRetransmitTimeout must be > 0");
            require(maxRetransmitTimeout.compareTo(initialRetransmitTimeout) >= 0, "maxRetransmitTimeout < initialRetransmitTimeout");
            require(retransmitBackoff >= 1.0 && retransmitBackoff <= 2.0, "retransmitBackoff must be 1.0..2.0, was " + retransmitBackoff);
            require(!handshakeTimeout.isNegative() && !handshakeTimeout.isZero(), "handshakeTimeout must be > 0");
            for (String p : applicationProtocols) {
                require(!p.isEmpty() && p.length() < 256, "ALPN protocol names must be 1..255 bytes");
            }
            require(sessionCacheSize >= 0, "sessionCacheSize must be >= 0");
            require(connectionIds == null || (connectionIds.length() >= 0 && connectionIds.length() <= 255),
                    "a connection ID is 0 to 255 bytes long");
            require(srtpProfiles.stream().distinct().count() == srtpProfiles.size() && !srtpProfiles.contains(null),
                    "SRTP profiles must not repeat or be null: " + srtpProfiles);
            require(maxFragmentLength == 0 || Integer.bitCount(maxFragmentLength) == 1
                    && maxFragmentLength >= 512 && maxFragmentLength <= 4096,
                    "maxFragmentLength must be 512, 1024, 2048 or 4096 (RFC 6066 §4), or 0, was " + maxFragmentLength);
            require(recordSizeLimit == 0 || recordSizeLimit >= 64 && recordSizeLimit <= 1 << 14,
                    "recordSizeLimit must be 64..16384 (RFC 8449 §4), or 0, was " + recordSizeLimit);
            require(peerFingerprint == null || trustManager == null,
                    "peerCertificateFingerprint replaces trustManager/trustedCertificates: set one of them");
            require(peerFingerprint == null || verifyPeer,
                    "peerCertificateFingerprint and insecureSkipVerification contradict each other");
            return new DtlsConfig(this);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException("DtlsConfig: " + message);
            }
        }
    }
}
