package org.dtls4j.handshake.negative;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.crypto.CbcCiphers;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.crypto.KeyBlock;
import org.dtls4j.crypto.MacAlgorithm;
import org.dtls4j.crypto.Prf;
import org.dtls4j.crypto.SignatureScheme;
import org.dtls4j.crypto.Signatures;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.protocol.Transcript;
import org.dtls4j.handshake.fragment.HandshakeMessageBytes;
import org.dtls4j.handshake.message.Finished;
import org.dtls4j.handshake.message.HandshakeMessage;
import org.dtls4j.record.ContentType;
import org.dtls4j.record.RecordProtection;

/**
 * A test-side DTLS 1.2 peer that plays one half of the handshake one step at a time against a
 * {@link DtlsEngine}, with the same building blocks the engine uses (the PRF, ECDHE, signatures,
 * the record layer), so that a test can deviate at any step: skip a message, send one twice or out
 * of order, sign with the wrong key, send a wrong Finished or a ChangeCipherSpec too early.
 *
 * <p>Each builder ({@link #message}, {@link #changeCipherSpec()}, {@link #finished()} ...) returns one
 * record and updates the peer's view of the handshake exactly as an honest peer would when it sends
 * that record; {@link #send(byte[]...)} puts records into one datagram and feeds it to the engine.
 * Java evaluates arguments left to right, so {@code send(certificate(), clientKeyExchange(),
 * certificateVerify(), changeCipherSpec(), finished())} builds flight 5 in protocol order.
 *
 * <p>Time stands still unless {@link #fireTimer()} moves it to the engine's next deadline.
 */
public abstract class ScriptedPeer implements PeerWire.Listener {
    protected final DtlsEngine engine;
    protected final SecureRandom random;
    protected final JcaProviders providers = JcaProviders.defaults();
    protected final Transcript transcript = new Transcript();
    protected final PeerWire wire = new PeerWire();
    private final List<PeerWire.Received> received = new ArrayList<>();
    private final java.util.Map<Integer, Sent> sent = new java.util.HashMap<>();

    protected CipherSuite suite;
    protected byte[] clientRandom;
    protected byte[] serverRandom;
    protected byte[] masterSecret;
    protected boolean extendedMasterSecret;
    /** With a CBC suite: whether the hellos agreed on encrypt-then-MAC (RFC 7366). */
    protected boolean encryptThenMac;
    protected int nextSendSeq;
    private long now;
    private int engineDatagrams;

    protected ScriptedPeer(DtlsEngine engine, SecureRandom random) {
        this.engine = engine;
        this.random = random;
    }

    /** True when this peer plays the client. */
    protected abstract boolean isClient();

    /** Handles one handshake message from the engine (already in the transcript when appropriate). */
    protected abstract void onHandshake(HandshakeMessageBytes m, int epoch);

    // ------------------------------------------------------------------------------- to the engine

    /** Puts {@code records} into one datagram and feeds it to the engine. */
    public void send(byte[]... records) {
        engine.receive(PeerWire.datagram(records), now);
    }

    /** Feeds each record to the engine in a datagram of its own, in the order given. */
    public void sendEach(byte[]... records) {
        for (byte[] r : records) {
            engine.receive(r, now);
        }
    }

    /** Moves time to the engine's next deadline and fires it; false when no timer runs. */
    public boolean fireTimer() {
        long deadline = engine.nextDeadlineNanos();
        if (deadline == Long.MAX_VALUE) {
            return false;
        }
        now = Math.max(now, deadline);
        engine.onDeadline(now);
        return true;
    }

    public long now() {
        return now;
    }

    // ------------------------------------------------------------------------------- from the engine

    /** Reads every datagram the engine has queued; returns the events they carried. */
    public List<PeerWire.Received> receive() {
        int before = received.size();
        ByteBuffer b;
        while ((b = engine.pollDatagram()) != null) {
            byte[] d = new byte[b.remaining()];
            b.get(d);
            engineDatagrams++;
            wire.read(d, this);
        }
        return new ArrayList<>(received.subList(before, received.size()));
    }

    /** Every event read from the engine so far. */
    public List<PeerWire.Received> received() {
        return List.copyOf(received);
    }

    /** How many datagrams the engine has sent to this peer. */
    public int engineDatagrams() {
        return engineDatagrams;
    }

    @Override
    public final void onEvent(PeerWire.Received e) {
        received.add(e);
        if (e.kind() == PeerWire.Kind.HANDSHAKE) {
            onHandshake(e.message(), e.epoch());
        }
    }

    // ------------------------------------------------------------------------------- records

    /** {@code m} with the next message_seq, in the current write epoch; it enters the transcript. */
    public byte[] message(HandshakeMessage m) {
        return message(m, wire.writeEpoch());
    }

    /** {@code m} with the next message_seq, in {@code epoch}; it enters the transcript. */
    public byte[] message(HandshakeMessage m, int epoch) {
        HandshakeMessageBytes bytes = new HandshakeMessageBytes(m.type().code(), nextSendSeq++, m.encode());
        transcript.append(bytes.transcriptBytes());
        sent.put(bytes.messageSeq(), new Sent(epoch, bytes));
        return wire.handshake(epoch, bytes);
    }

    /**
     * The message sent earlier under {@code messageSeq}, again, in a new record of its original
     * epoch: what an honest peer's retransmission looks like (RFC 6347 §4.2.4).
     */
    public byte[] resend(int messageSeq) {
        Sent s = sent.get(messageSeq);
        return wire.handshake(s.epoch(), s.message());
    }

    private record Sent(int epoch, HandshakeMessageBytes message) { }

    /**
     * {@code m} with the next message_seq, in the current write epoch, but kept out of this peer's
     * transcript: for a message the engine will refuse after it has already used the transcript
     * (say, one more message after ServerHelloDone), so that the peer can still read its alert.
     */
    public byte[] unrecorded(HandshakeMessage m) {
        return wire.handshake(wire.writeEpoch(), new HandshakeMessageBytes(m.type().code(), nextSendSeq++, m.encode()));
    }

    /** A handshake record the peer's own state ignores: any type, message_seq, body and epoch. */
    public byte[] forged(int msgType, int messageSeq, byte[] body, int epoch) {
        return wire.handshake(epoch, new HandshakeMessageBytes(msgType, messageSeq, body));
    }

    /**
     * A ChangeCipherSpec in the current write epoch; if the master secret is known and the peer
     * still writes epoch 0, it then writes epoch 1 with its keys (RFC 5246 §7.1). A DTLS 1.2
     * handshake changes ciphers once, so a second ChangeCipherSpec goes out in epoch 1 and changes
     * nothing.
     */
    public byte[] changeCipherSpec() {
        byte[] r = wire.record(ContentType.CHANGE_CIPHER_SPEC, wire.writeEpoch(), new byte[] {1});
        if (masterSecret != null && wire.writeEpoch() == 0) {
            wire.installWriteKeys(protection(isClient()));
        }
        return r;
    }

    /**
     * The right Finished for the transcript so far (RFC 5246 §7.4.9), in the current write epoch;
     * without a master secret there is no right one, and twelve zero bytes go out instead.
     */
    public byte[] finished() {
        if (masterSecret == null) {
            return message(new Finished(new byte[Finished.VERIFY_DATA_LENGTH]));
        }
        return message(finishedFor(isClient() ? Prf.CLIENT_FINISHED : Prf.SERVER_FINISHED));
    }

    /** A Certificate message holding {@code chain} (leaf first). */
    public byte[] certificate(List<X509Certificate> chain) {
        List<byte[]> der = new ArrayList<>();
        for (X509Certificate c : chain) {
            der.add(encoded(c));
        }
        return message(new org.dtls4j.handshake.message.Certificate(der));
    }

    /** The message_seq of the last message this peer numbered, or -1. */
    public int lastMessageSeq() {
        return nextSendSeq - 1;
    }

    /** Whether {@link #resend} knows a message under {@code messageSeq}. */
    public boolean hasSent(int messageSeq) {
        return sent.containsKey(messageSeq);
    }

    /** A Finished whose verify_data is off by one bit; it still enters the transcript. */
    public byte[] wrongFinished() {
        byte[] v = masterSecret != null
                ? finishedFor(isClient() ? Prf.CLIENT_FINISHED : Prf.SERVER_FINISHED).verifyData()
                : new byte[Finished.VERIFY_DATA_LENGTH];
        v[0] ^= 1;
        return message(new Finished(v));
    }

    /** Application data in the current write epoch. */
    public byte[] applicationData(byte[] data) {
        return wire.record(ContentType.APPLICATION_DATA, wire.writeEpoch(), data);
    }

    /** An alert in the current write epoch. */
    public byte[] alert(int level, AlertDescription d) {
        return wire.record(ContentType.ALERT, wire.writeEpoch(), new byte[] {(byte) level, (byte) d.code()});
    }

    /** A record of any content type in any epoch, for shapes no builder makes. */
    public byte[] rawRecord(ContentType type, int epoch, byte[] payload) {
        return wire.record(type, epoch, payload);
    }

    public DtlsEngine engine() {
        return engine;
    }

    public PeerWire wire() {
        return wire;
    }

    // ------------------------------------------------------------------------------- crypto

    /** RFC 5246 §8.1 or RFC 7627 §4 (session hash over the transcript so far), then the peer's read keys. */
    protected void deriveMasterSecret(byte[] premaster) {
        masterSecret = extendedMasterSecret
                ? Prf.extendedMasterSecret(suite.prfHash(), premaster, transcript.hash(suite.prfHash(), providers), providers)
                : Prf.masterSecret(suite.prfHash(), premaster, clientRandom, serverRandom, providers);
        wire.prepareReadKeys(protection(!isClient()));
    }

    /**
     * The record protection of the client's ({@code client}) or the server's write direction: the
     * AEAD, or for a CBC suite its cipher and MAC in the order the hellos agreed.
     */
    protected RecordProtection protection(boolean client) {
        KeyBlock kb = Prf.keyBlock(suite, masterSecret, clientRandom, serverRandom, providers);
        byte[] key = client ? kb.clientWriteKey() : kb.serverWriteKey();
        if (!suite.cipher().isAead()) {
            byte[] macKey = client ? kb.clientWriteMacKey() : kb.serverWriteMacKey();
            MacAlgorithm mac = suite.mac().orElseThrow();
            return RecordProtection.of(encryptThenMac
                    ? CbcCiphers.encryptThenMac(suite.cipher(), key, mac, macKey, random, providers)
                    : CbcCiphers.macThenEncrypt(suite.cipher(), key, mac, macKey, random, providers));
        }
        return RecordProtection.create(suite.cipher(), key, client ? kb.clientWriteIv() : kb.serverWriteIv(), providers);
    }

    protected Finished finishedFor(String label) {
        byte[] hash = transcript.hash(suite.prfHash(), providers);
        return new Finished(Prf.verifyData(suite.prfHash(), masterSecret, label, hash, providers));
    }

    /** Checks the engine's Finished against the transcript before it is appended. */
    protected boolean verifiesFinished(HandshakeMessageBytes m) {
        String label = isClient() ? Prf.SERVER_FINISHED : Prf.CLIENT_FINISHED;
        return masterSecret != null && m.length() == Finished.VERIFY_DATA_LENGTH
                && Arrays.equals(finishedFor(label).verifyData(), m.body());
    }

    public byte[] masterSecret() {
        return masterSecret == null ? null : masterSecret.clone();
    }

    /** Signs {@code data} as a peer holding {@code key} would (RFC 5246 §4.7 digitally-signed). */
    protected byte[] sign(SignatureScheme scheme, PrivateKey key, byte[] data) {
        try {
            return Signatures.sign(scheme, key, data, random, providers);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** RFC 4279 §2 and RFC 5489 §2: uint16 length, the other secret, uint16 length, the PSK. */
    protected static byte[] pskPremaster(byte[] other, byte[] psk) {
        return new ByteWriter().opaque16(other).opaque16(psk).toByteArray();
    }

    protected static List<X509Certificate> parse(List<byte[]> der) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (byte[] d : der) {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(d)));
            }
            return out;
        } catch (CertificateException e) {
            throw new AssertionError(e);
        }
    }

    protected static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }

    protected byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
