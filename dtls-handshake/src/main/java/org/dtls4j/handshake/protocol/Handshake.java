package org.dtls4j.handshake.protocol;

import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.CbcCiphers;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.EcdheKeyPair;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.crypto.KeyBlock;
import org.dtls4j.crypto.KeyExchangeAlgorithm;
import org.dtls4j.crypto.MacAlgorithm;
import org.dtls4j.crypto.Prf;
import org.dtls4j.crypto.SignatureScheme;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.ConnectionIds;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.KeyingMaterialExporter;
import org.dtls4j.handshake.SrtpProfile;
import org.dtls4j.handshake.extension.CertificateType;
import org.dtls4j.handshake.extension.Extension;
import org.dtls4j.handshake.extension.ExtensionType;
import org.dtls4j.handshake.extension.Extensions;
import org.dtls4j.handshake.extension.RenegotiationInfo;
import org.dtls4j.handshake.flight.OutgoingMessage;
import org.dtls4j.handshake.fragment.HandshakeMessageBytes;
import org.dtls4j.handshake.message.Finished;
import org.dtls4j.handshake.message.HandshakeMessage;
import org.dtls4j.handshake.message.HandshakeType;
import org.dtls4j.record.RecordProtection;

/**
 * What the client and server handshakes share: the transcript, message numbering, key derivation
 * and the Finished computation (RFC 5246 §7.4.9, §8.1, RFC 7627 §4, RFC 6347 §4.2.2).
 *
 * <p>Subclasses hold their protocol state as an {@code Expect...} enum and handle each message in a
 * method of its own; an out-of-place message always ends in {@link #unexpected}, which names what
 * was expected and what came.
 */
public abstract class Handshake {
    /** RFC 5246 §7.4.9 labels. */
    static final String CLIENT_FINISHED = "client finished";
    static final String SERVER_FINISHED = "server finished";

    protected final DtlsConfig config;
    protected final SecureRandom random;
    protected final HandshakeHooks hooks;
    protected final JcaProviders providers;
    protected final Transcript transcript = new Transcript();
    /** A ChangeCipherSpec that came before the last messages of the peer's flight (see {@link #onChangeCipherSpec}). */
    private boolean changeCipherSpecHeld;
    /** The message_seq of the last message read from the peer; -1 before the first. */
    private int lastReceivedSeq = -1;

    protected int nextSendSeq;
    protected CipherSuite suite;
    protected byte[] clientRandom;
    protected byte[] serverRandom;
    protected byte[] masterSecret;
    protected boolean extendedMasterSecret;
    /** With a CBC suite: records are encrypt-then-MAC (RFC 7366), else MAC-then-encrypt. */
    protected boolean encryptThenMac;
    /** The Connection IDs the hellos agreed on (RFC 9146), or empty. */
    protected Optional<ConnectionIds> connectionIds = Optional.empty();
    /** The SRTP profile use_srtp agreed on (RFC 5764 §4.1.1), if any. */
    protected Optional<SrtpProfile> srtpProfile = Optional.empty();
    private KeyBlock keyBlock;

    protected Handshake(DtlsConfig config, SecureRandom random, HandshakeHooks hooks) {
        this.config = config;
        this.random = random;
        this.hooks = hooks;
        this.providers = config.providers();
    }

    /** Client: send ClientHello. Server: process the cookie-verified ClientHello, if any. */
    public abstract void start(long now) throws DtlsException;

    /** A whole, in-order handshake message from the peer, received in record epoch {@code epoch}. */
    public final void onMessage(HandshakeMessageBytes m, int epoch, long now) throws DtlsException {
        hooks.peerMessage(m);
        lastReceivedSeq = m.messageSeq();
        HandshakeType type = HandshakeType.fromCode(m.msgType());
        if (type == null) {
            throw new DtlsException(AlertDescription.UNEXPECTED_MESSAGE, "unknown handshake message type " + m.msgType());
        }
        HandshakeMessage message;
        try {
            message = HandshakeMessage.decode(type, m.body(), suite == null ? null : suite.keyExchange(),
                    peerCertificateType());
        } catch (DecodeException e) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "malformed " + type + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new DtlsException(AlertDescription.UNEXPECTED_MESSAGE, type + " before ServerHello", e);
        }
        hooks.trace(() -> "received " + type + " (message_seq " + m.messageSeq() + ", epoch " + epoch + ")");
        handle(message, m, epoch, now);
        if (changeCipherSpecHeld && expectsChangeCipherSpec()) {
            changeCipherSpecHeld = false;
            hooks.trace(() -> "the messages before the held ChangeCipherSpec are in: applying it");
            acceptChangeCipherSpec();
        } else if (changeCipherSpecHeld && !changeCipherSpecMayBeEarly()) {
            peerFlightRestarted();
        }
    }

    protected abstract void handle(HandshakeMessage message, HandshakeMessageBytes raw, int epoch, long now)
            throws DtlsException;

    /**
     * A ChangeCipherSpec from the peer, in the current read epoch (RFC 5246 §7.1).
     *
     * <p>It carries no message_seq, so loss or reordering can bring it before the last handshake
     * messages of its flight (RFC 6347 §4.1: records may be "lost or reordered"; §3.2.2). When the
     * peer's flight is still arriving and would end with a ChangeCipherSpec, it is held, not
     * applied: the read keys are installed only once the messages before it are in, so it can never
     * move the handshake past a missing key exchange or CertificateVerify. Anywhere else it is
     * unexpected_message. (NSS and OpenSSL discard such an early record instead; holding it saves
     * the peer a retransmission.)
     */
    public final void onChangeCipherSpec(long now) throws DtlsException {
        if (expectsChangeCipherSpec()) {
            changeCipherSpecHeld = false;
            acceptChangeCipherSpec();
        } else if (changeCipherSpecMayBeEarly()) {
            changeCipherSpecHeld = true;
            hooks.trace(() -> "ChangeCipherSpec before the end of the peer's flight: held until the messages before it arrive");
        } else {
            throw new DtlsException(AlertDescription.UNEXPECTED_MESSAGE,
                    "expected " + expectation() + " but received ChangeCipherSpec");
        }
    }

    /** Whether the peer's ChangeCipherSpec is the next thing due. */
    protected abstract boolean expectsChangeCipherSpec();

    /** Whether the peer's flight now arriving ends with a ChangeCipherSpec that may have overtaken it. */
    protected abstract boolean changeCipherSpecMayBeEarly();

    /** Installs the peer's keys for reading and waits for its Finished. */
    protected abstract void acceptChangeCipherSpec();

    /** What the handshake waits for, for error messages. */
    protected abstract String expectation();

    /** What the peer's Certificate message carries (RFC 7250 §3): X.509 unless the hellos agreed otherwise. */
    protected CertificateType peerCertificateType() {
        return CertificateType.X509;
    }

    /** The peer started a new flight: a held ChangeCipherSpec belonged to none of it. */
    protected final void peerFlightRestarted() {
        if (changeCipherSpecHeld) {
            changeCipherSpecHeld = false;
            hooks.trace(() -> "held ChangeCipherSpec dropped: the peer's flight ended without one");
        }
    }

    /** The message_seq the peer's next message will carry. */
    public int nextReceiveSeq() {
        return lastReceivedSeq + 1;
    }

    /**
     * The handshake is complete: drop what only the handshake needed. The transcript (kilobytes
     * per connection), the key block and our copy of the master secret go; the session keeps its own
     * copy for resumption. Subclasses also drop their ephemeral ECDHE key, for forward secrecy.
     */
    public void releaseAfterCompletion() {
        transcript.release();
        if (keyBlock != null) {
            keyBlock.destroy();
            keyBlock = null;
        }
        if (masterSecret != null) {
            Arrays.fill(masterSecret, (byte) 0);
            masterSecret = null;
        }
    }

    /**
     * The connection's keying material exporter (RFC 5705 §4), with its own copy of the master secret
     * and this handshake's randoms; made at completion, before {@link #releaseAfterCompletion()}.
     */
    protected KeyingMaterialExporter exporter() {
        return new KeyingMaterialExporter(suite.prfHash(), masterSecret, clientRandom, serverRandom,
                extendedMasterSecret, providers);
    }

    /**
     * The PSK identity whose key this handshake's keys derive from (RFC 4279 §2, RFC 5489 §2), or
     * empty when no PSK suite is in use or it is not known yet. Named when the peer's Finished
     * fails authentication: a wrong key for this identity is then the likely cause.
     */
    public Optional<String> pskIdentityInUse() {
        return Optional.empty();
    }

    /** The client_random of this handshake (a copy), or null before it is known. */
    public byte[] clientRandom() {
        return clientRandom == null ? null : clientRandom.clone();
    }

    /** The server_random of this handshake (a copy), or null before it is known. */
    public byte[] serverRandom() {
        return serverRandom == null ? null : serverRandom.clone();
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers for subclasses

    /** Numbers {@code m}, adds it to the transcript and wraps it for a flight (RFC 6347 §4.2.2). */
    protected OutgoingMessage outgoing(int epoch, HandshakeMessage m) {
        HandshakeMessageBytes bytes = new HandshakeMessageBytes(m.type().code(), nextSendSeq++, m.encode());
        transcript.append(bytes.transcriptBytes());
        hooks.trace(() -> "sending " + m.type() + " (message_seq " + bytes.messageSeq() + ", epoch " + epoch + ")");
        return OutgoingMessage.handshake(epoch, bytes);
    }

    /**
     * Computes the master secret (RFC 5246 §8.1, or RFC 7627 §4 over the session hash: the transcript
     * up to and including ClientKeyExchange) and the key block (RFC 5246 §6.3).
     */
    protected void deriveMasterSecret(byte[] premaster) {
        if (extendedMasterSecret) {
            byte[] sessionHash = transcript.hash(suite.prfHash(), providers);
            masterSecret = Prf.extendedMasterSecret(suite.prfHash(), premaster, sessionHash, providers);
        } else {
            masterSecret = Prf.masterSecret(suite.prfHash(), premaster, clientRandom, serverRandom, providers);
        }
        Arrays.fill(premaster, (byte) 0);
        logKey();
    }

    /** Writes the NSS key log line: {@code CLIENT_RANDOM <client_random> <master_secret>}. */
    protected void logKey() {
        if (config.keyLogSink() != null) {
            HexFormat hex = HexFormat.of();
            config.keyLogSink().accept("CLIENT_RANDOM " + hex.formatHex(clientRandom) + " " + hex.formatHex(masterSecret));
        }
    }

    private KeyBlock keyBlock() {
        if (keyBlock == null) {
            keyBlock = Prf.keyBlock(suite, masterSecret, clientRandom, serverRandom, providers);
        }
        return keyBlock;
    }

    /**
     * The hellos agreed on Connection IDs (RFC 9146 §3): every epoch from 1 on carries them, ours
     * in the records we receive and the peer's in those we send; epoch 0 never does. Called before
     * either side can send a record of epoch 1.
     */
    protected void useConnectionIds(Optional<ConnectionIds> cids) {
        connectionIds = cids;
        cids.ifPresent(c -> {
            hooks.recordLayer().setReadConnectionId(c.ours());
            hooks.recordLayer().setWriteConnectionId(c.peers());
            hooks.trace(() -> "connection_id negotiated: " + c);
        });
    }

    /**
     * The hellos agreed on record sizes (max_fragment_length or record_size_limit): the engine
     * keeps to them from now on ({@link RecordLimits} says which records they cover).
     */
    protected void useRecordLimits(RecordLimits limits) {
        hooks.recordLimits(limits);
        if (limits != RecordLimits.NONE) {
            hooks.trace(limits::toString);
        }
    }

    /** Installs epoch 1 for writing with our side's keys. */
    protected void installWriteKeys(boolean isClient) {
        KeyBlock kb = keyBlock();
        RecordProtection p = isClient
                ? protection(kb.clientWriteKey(), kb.clientWriteIv(), kb.clientWriteMacKey())
                : protection(kb.serverWriteKey(), kb.serverWriteIv(), kb.serverWriteMacKey());
        hooks.recordLayer().installWriteEpoch(1, p);
    }

    /** Installs epoch 1 for reading with the peer's keys. */
    protected void installReadKeys(boolean isClient) {
        KeyBlock kb = keyBlock();
        RecordProtection p = isClient
                ? protection(kb.serverWriteKey(), kb.serverWriteIv(), kb.serverWriteMacKey())
                : protection(kb.clientWriteKey(), kb.clientWriteIv(), kb.clientWriteMacKey());
        hooks.recordLayer().installReadEpoch(1, p);
    }

    /**
     * One direction's record protection from its slice of the key block: the suite's AEAD, or its
     * CBC cipher and MAC in the order the hellos agreed (RFC 5246 §6.2.3.2, RFC 7366), whose IVs
     * come from this handshake's random source.
     */
    private RecordProtection protection(byte[] key, byte[] fixedIv, byte[] macKey) {
        return protection(suite, encryptThenMac, key, fixedIv, macKey, random, providers);
    }

    /**
     * One direction's record protection for {@code suite}: its AEAD, or its CBC cipher and MAC in
     * the order agreed (RFC 5246 §6.2.3.2, RFC 7366), whose IVs come from {@code random}. Also
     * what a restored connection installs, from the key block of its saved master secret.
     */
    public static RecordProtection protection(CipherSuite suite, boolean encryptThenMac, byte[] key, byte[] fixedIv,
                                              byte[] macKey, SecureRandom random, JcaProviders providers) {
        if (suite.cipher().isAead()) {
            return RecordProtection.create(suite.cipher(), key, fixedIv, providers);
        }
        MacAlgorithm mac = suite.mac().orElseThrow();
        return RecordProtection.of(encryptThenMac
                ? CbcCiphers.encryptThenMac(suite.cipher(), key, mac, macKey, random, providers)
                : CbcCiphers.macThenEncrypt(suite.cipher(), key, mac, macKey, random, providers));
    }

    /** verify_data = PRF(master_secret, label, Hash(handshake_messages))[0..11] (RFC 5246 §7.4.9). */
    protected Finished finished(String label) {
        byte[] hash = transcript.hash(suite.prfHash(), providers);
        return new Finished(Prf.verifyData(suite.prfHash(), masterSecret, label, hash, providers));
    }

    /**
     * Checks the peer's Finished before it enters the transcript, in constant time: a comparison
     * that stops at the first differing byte would tell a forger how much of verify_data is right.
     */
    protected void verifyFinished(Finished received, String label) throws DtlsException {
        Finished expected = finished(label);
        if (!java.security.MessageDigest.isEqual(expected.verifyData(), received.verifyData())) {
            throw new DtlsException(AlertDescription.DECRYPT_ERROR, "Finished verify_data does not match (" + label + ")");
        }
    }

    /**
     * {@code m} as the type the state expects, or {@link #unexpected} naming both. RFC 5246 §7.4:
     * messages "MUST be sent in the order" given; anything else is unexpected_message.
     */
    protected static <T> T require(HandshakeMessage m, Class<T> type, String expected) throws DtlsException {
        if (!type.isInstance(m)) {
            throw unexpected(expected, m.type());
        }
        return type.cast(m);
    }

    protected static DtlsException unexpected(String expected, HandshakeType got) {
        return new DtlsException(AlertDescription.UNEXPECTED_MESSAGE, "expected " + expected + " but received " + got);
    }

    /** The suites in {@code ids} that we know, in the order given. */
    protected static List<CipherSuite> known(List<Integer> ids) {
        List<CipherSuite> out = new ArrayList<>();
        for (int id : ids) {
            CipherSuite.fromId(id).ifPresent(out::add);
        }
        return out;
    }

    protected static String names(List<CipherSuite> suites) {
        List<String> n = new ArrayList<>();
        for (CipherSuite s : suites) {
            n.add(s.ianaName());
        }
        return n.toString();
    }

    /**
     * Our first scheme the peer also offers that fits {@code key}: a natural pairing (ECDSA scheme
     * of the key's own curve) first, then any the TLS 1.2 rules allow (RFC 5246 §7.4.1.4.1).
     */
    static SignatureScheme chooseScheme(List<SignatureScheme> ours, List<Integer> offered, java.security.PublicKey key) {
        for (SignatureScheme s : ours) {
            if (offered.contains(s.code()) && s.matchesCurve(key)) {
                return s;
            }
        }
        for (SignatureScheme s : ours) {
            if (offered.contains(s.code()) && s.supportsKey(key)) {
                return s;
            }
        }
        return null;
    }

    protected KeyExchangeAlgorithm kx() {
        return suite.keyExchange();
    }

    protected byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** ECDHE agreement with the peer's public key from the wire; a bad point is illegal_parameter. */
    static byte[] agree(EcdheKeyPair ours, byte[] peerPoint) throws DtlsException {
        try {
            return ours.agree(peerPoint);
        } catch (InvalidKeyException e) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "invalid ECDHE public key from peer: " + e.getMessage(), e);
        }
    }

    /** The DER encoding of one of our certificates, for a Certificate message. */
    static byte[] encoded(X509Certificate c) throws DtlsException {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new DtlsException(AlertDescription.INTERNAL_ERROR, "cannot encode our certificate", e);
        }
    }

    /**
     * The renegotiation_info extension of an initial handshake, if present, must be empty
     * (RFC 5746 §3.4 for the client, §3.6 for the server); dtls4j never renegotiates.
     */
    static void requireInitialRenegotiationInfo(Extensions ext, String message) throws DtlsException {
        Optional<Extension> reneg = ext.find(ExtensionType.RENEGOTIATION_INFO);
        if (reneg.isEmpty()) {
            return;
        }
        try {
            if (!RenegotiationInfo.decode(reneg.get().data()).isInitial()) {
                throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE,
                        "non-empty renegotiation_info in the initial " + message);
            }
        } catch (DecodeException e) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "malformed renegotiation_info", e);
        }
    }
}
