package org.dtls4j.handshake.cookie;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.handshake.fragment.HandshakeFragment;
import org.dtls4j.handshake.message.ClientHello;
import org.dtls4j.handshake.message.HandshakeType;
import org.dtls4j.handshake.message.HelloVerifyRequest;
import org.dtls4j.record.ContentType;
import org.dtls4j.record.ProtocolVersion;
import org.dtls4j.record.RecordHeader;

/**
 * The server's stateless cookie exchange (RFC 6347 §4.2.1): before it allocates anything for a
 * new peer, the server makes the client prove it receives datagrams at its source address.
 *
 * <pre>
 *   Client                                   Server
 *   ClientHello (no cookie)       ------&gt;
 *                                 &lt;------    HelloVerifyRequest (cookie)    check() == Verify
 *   ClientHello (cookie)          ------&gt;                                   check() == Accept
 * </pre>
 *
 * The cookie is {@code HMAC-SHA256(secret, peer address || port || client_version || random ||
 * session_id || cipher_suites || compression_methods)}: the fields RFC 6347 §4.2.1 requires the
 * client to repeat unchanged ("the client MUST use the same parameter values (version, random,
 * session_id, cipher_suites, compression_method) as it did in the original ClientHello").
 * Extensions are left out because some clients change them between the two hellos.
 *
 * <p>What a hello costs, since a flood of them is what the exchange is for: its framing is
 * checked in place ({@code ClientHelloLayout}, the same checks as the full decoder's), the HMAC
 * runs over its fields where they lie ({@code CookieSecret}), and the HelloVerifyRequest is
 * written straight into its datagram. Nothing is decoded or copied before a cookie verifies; only
 * then is the ClientHello decoded for the handshake.
 *
 * <p>The secret changes every rotation period, measured with the {@code nowNanos} the caller
 * passes (this class never reads a clock), and a cookie made with the previous secret is still
 * accepted, so a cookie stays valid for at least one period and at most two. The object holds
 * only the two secrets and its counters: nothing is kept per peer, which is the point (RFC 6347
 * §4.2.1: "The DTLS server SHOULD generate cookies in such a way that they can be verified
 * without retaining any per-client state on the server."). It is safe for concurrent use.
 */
public final class CookieExchange {
    /** Length of our cookies: the full HMAC-SHA256 output. */
    public static final int COOKIE_LENGTH = 32;

    /** See {@link #helloVerifyRequestTemplate()}: every answer is a copy with three fields filled in. */
    private static final byte[] HELLO_VERIFY_REQUEST = helloVerifyRequestTemplate();
    /** Record header, handshake header, server_version, cookie length and cookie: 60 bytes. */
    private static final int HELLO_VERIFY_REQUEST_LENGTH = HELLO_VERIFY_REQUEST.length;
    /** The record's sequence_number, after type (1 byte), version (2) and epoch (2); RFC 6347 §4.1. */
    private static final int SEQUENCE_NUMBER_AT = 1 + 2 + 2;
    /** The handshake's message_seq, after msg_type (1 byte) and length (3); RFC 6347 §4.2.2. */
    private static final int MESSAGE_SEQ_AT = RecordHeader.LENGTH + 1 + 3;

    private final SecureRandom random;
    private final long periodNanos;
    private final JcaProviders providers;
    private final CookieCounters counters = new CookieCounters();
    private volatile Secrets secrets;

    /** The secrets of the current rotation period and of the one before it (null if none). */
    private record Secrets(long period, CookieSecret current, CookieSecret previous) {
    }

    /** Outcome of looking at one datagram from an address we hold no state for. */
    public sealed interface Result permits Verify, Accept, Drop {
    }

    /**
     * Send this HelloVerifyRequest datagram (a complete record: header, handshake header and
     * body), then forget the peer.
     */
    public record Verify(byte[] datagram) implements Result {
        public Verify {
            datagram = datagram.clone();
        }

        @Override
        public byte[] datagram() {
            return datagram.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Verify v && Arrays.equals(v.datagram, datagram);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(datagram);
        }

        @Override
        public String toString() {
            return "Verify[" + datagram.length + " bytes]";
        }
    }

    /**
     * The ClientHello carried a valid cookie: create a connection for this peer.
     *
     * @param hello the parsed ClientHello
     * @param messageSeq its handshake message_seq
     * @param recordSequence the sequence number of the record that carried it
     * @param handshakeMessage the handshake message as received, 12-byte header and body, to
     *                         start the transcript with
     */
    public record Accept(ClientHello hello, int messageSeq, long recordSequence, byte[] handshakeMessage)
            implements Result {
        public Accept {
            Objects.requireNonNull(hello, "hello");
            handshakeMessage = handshakeMessage.clone();
        }

        @Override
        public byte[] handshakeMessage() {
            return handshakeMessage.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Accept a && a.hello.equals(hello) && a.messageSeq == messageSeq
                    && a.recordSequence == recordSequence && Arrays.equals(a.handshakeMessage, handshakeMessage);
        }

        @Override
        public int hashCode() {
            return Objects.hash(hello, messageSeq, recordSequence, Arrays.hashCode(handshakeMessage));
        }

        @Override
        public String toString() {
            return "Accept[messageSeq=" + messageSeq + ", recordSequence=" + recordSequence + ", " + hello + "]";
        }
    }

    /**
     * Ignore the datagram: send nothing, keep nothing.
     *
     * @param kind the counted reason
     * @param reason a readable explanation, for logs
     */
    public record Drop(DropReason kind, String reason) implements Result {
    }

    /**
     * @param random the source of the HMAC secrets
     * @param rotationPeriod how long a secret is current; cookies made with the previous secret
     *                       are still accepted
     * @param providers where the HMAC-SHA256 implementation comes from
     */
    public CookieExchange(SecureRandom random, Duration rotationPeriod, JcaProviders providers) {
        this.random = Objects.requireNonNull(random, "random");
        this.providers = Objects.requireNonNull(providers, "providers");
        if (rotationPeriod.isNegative() || rotationPeriod.isZero()) {
            throw new IllegalArgumentException("rotation period must be positive: " + rotationPeriod);
        }
        this.periodNanos = rotationPeriod.toNanos();
        providers.mac(CookieSecret.HMAC); // fail now, not on the first datagram, if HMAC-SHA256 is missing
    }

    /** The counters; live, safe to read at any time. */
    public CookieCounters counters() {
        return counters;
    }

    /**
     * Looks at the first record of one datagram from an address we hold no state for. Never
     * throws on any content of the datagram.
     *
     * @param nowNanos the caller's monotonic clock, used only to rotate secrets
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit {@code datagram}
     */
    public Result check(byte[] datagram, int off, int len, InetSocketAddress peer, long nowNanos) {
        Objects.checkFromIndexSize(off, len, datagram.length);
        InetAddress address = peer.getAddress();
        if (address == null) {
            return drop(DropReason.BAD_PEER_ADDRESS, "unresolved peer address " + peer);
        }
        ByteReader r = new ByteReader(datagram, off, len);
        try {
            return checkRecord(r, len, peerBytes(address.getAddress(), peer.getPort()), nowNanos);
        } catch (DecodeException e) {
            // the header checks below measure before they read, so only the walk of the body gets here
            return drop(DropReason.MALFORMED_CLIENT_HELLO, e.getMessage());
        }
    }

    private Result checkRecord(ByteReader r, int datagramLength, byte[] peer, long nowNanos)
            throws DecodeException {
        if (r.remaining() < RecordHeader.LENGTH) {
            return drop(DropReason.TRUNCATED_RECORD_HEADER, "datagram of " + r.remaining() + " bytes");
        }
        int contentType = ClientHelloPeek.contentTypeCode(r.array(), r.position());
        if (contentType != ContentType.HANDSHAKE.code()) {
            return drop(DropReason.NOT_HANDSHAKE, "content type " + contentType);
        }
        RecordHeader header = RecordHeader.decode(r);
        if (header.version() != ProtocolVersion.DTLS_1_0 && header.version() != ProtocolVersion.DTLS_1_2) {
            return drop(DropReason.BAD_VERSION, String.format("record version 0x%04x", header.version()));
        }
        if (header.epoch() != 0) {
            return drop(DropReason.NONZERO_EPOCH, "epoch " + header.epoch());
        }
        if (header.length() > r.remaining()) {
            return drop(DropReason.TRUNCATED_RECORD,
                    "record length " + header.length() + ", " + r.remaining() + " bytes left");
        }
        ByteReader record = r.sub(header.length()); // later records in the datagram are ignored
        if (record.remaining() < HandshakeFragment.HEADER_LENGTH) {
            return drop(DropReason.TRUNCATED_HANDSHAKE_HEADER, "record of " + header.length() + " bytes");
        }
        int messageStart = record.position();
        HandshakeFragment.Header fragment = HandshakeFragment.Header.decode(record);
        if (fragment.msgType() != HandshakeType.CLIENT_HELLO.code()) {
            return drop(DropReason.NOT_CLIENT_HELLO, "handshake type " + fragment.msgType());
        }
        if (!fragment.isWhole()) {
            return drop(DropReason.FRAGMENTED, "fragment " + fragment.fragmentOffset() + "+"
                    + fragment.fragmentLength() + " of " + fragment.length());
        }
        int length = fragment.length();
        if (length != record.remaining()) {
            return drop(DropReason.MALFORMED_CLIENT_HELLO,
                    "ClientHello length " + length + " but " + record.remaining() + " bytes in its record");
        }
        int messageSeq = fragment.messageSeq();
        long recordSequence = header.sequenceNumber();
        ClientHelloLayout hello = ClientHelloLayout.read(record.sub(length));
        if ((hello.clientVersion() >>> 8) != 0xFE) {
            return drop(DropReason.BAD_VERSION, String.format("client_version 0x%04x", hello.clientVersion()));
        }
        byte[] datagram = r.array();
        Secrets s = secretsAt(nowNanos);
        boolean hadCookie = hello.cookieLength() > 0;
        if (hadCookie && verifies(s, peer, datagram, hello)) {
            return accept(datagram, messageStart, length, messageSeq, recordSequence);
        }
        // The exchange exists to stop amplification (RFC 6347 §4.2.1: "An attacker can use the
        // server as an amplifier by sending connection initiation messages with a forged source
        // of the victim."), so the answer to an unverified address is never larger than the
        // datagram that provoked it. With 32-byte cookies it is 60 bytes, and no ClientHello
        // datagram is shorter than 67, so this is a guard for future changes.
        if (HELLO_VERIFY_REQUEST_LENGTH > datagramLength) {
            return drop(DropReason.HELLO_VERIFY_TOO_LARGE, "HelloVerifyRequest of " + HELLO_VERIFY_REQUEST_LENGTH
                    + " bytes for a datagram of " + datagramLength);
        }
        // RFC 6347 §4.2.1: "If a server receives a ClientHello with an invalid cookie, it SHOULD
        // treat it the same as a ClientHello with no cookie."
        byte[] answer = helloVerifyRequest(messageSeq, recordSequence);
        s.current().cookie(peer, datagram, hello, answer, answer.length - COOKIE_LENGTH);
        counters.verify(hadCookie);
        return new Verify(answer);
    }

    private static boolean verifies(Secrets s, byte[] peer, byte[] datagram, ClientHelloLayout hello) {
        return s.current().verifies(peer, datagram, hello)
                || s.previous() != null && s.previous().verifies(peer, datagram, hello);
    }

    /**
     * The cookie verified: now the ClientHello is decoded, for the handshake to start from. The
     * layout already checked what the decoder checks, so the decoder's refusal is only a guard.
     */
    private Result accept(byte[] datagram, int messageStart, int length, int messageSeq, long recordSequence)
            throws DecodeException {
        int bodyStart = messageStart + HandshakeFragment.HEADER_LENGTH;
        ClientHello hello = ClientHello.decode(new ByteReader(datagram, bodyStart, length));
        counters.accept();
        return new Accept(hello, messageSeq, recordSequence, Arrays.copyOfRange(datagram, messageStart, bodyStart + length));
    }

    /**
     * The HelloVerifyRequest as a whole datagram, with room for the cookie at its end: a copy of
     * {@link #HELLO_VERIFY_REQUEST} with the ClientHello's record sequence number and message_seq,
     * which it repeats, as OpenSSL's DTLSv1_listen does, since a stateless server has no counters
     * of its own to continue.
     */
    private static byte[] helloVerifyRequest(int messageSeq, long recordSequence) {
        byte[] out = HELLO_VERIFY_REQUEST.clone();
        for (int i = 0; i < 6; i++) {
            out[SEQUENCE_NUMBER_AT + i] = (byte) (recordSequence >>> (8 * (5 - i)));
        }
        out[MESSAGE_SEQ_AT] = (byte) (messageSeq >>> 8);
        out[MESSAGE_SEQ_AT + 1] = (byte) messageSeq;
        return out;
    }

    /**
     * A HelloVerifyRequest datagram with record sequence number 0, message_seq 0 and a cookie of
     * zeros, made once by the encoders. RFC 6347 §4.2.1: "DTLS 1.2 server implementations SHOULD
     * use DTLS version 1.0 regardless of the version of TLS that is expected to be negotiated", in
     * the record header and in server_version alike.
     */
    private static byte[] helloVerifyRequestTemplate() {
        byte[] body = new HelloVerifyRequest(ProtocolVersion.DTLS_1_0, new byte[COOKIE_LENGTH]).encode();
        HandshakeFragment message = new HandshakeFragment(HandshakeType.HELLO_VERIFY_REQUEST.code(), body.length,
                0, 0, body);
        ByteWriter w = new ByteWriter(RecordHeader.LENGTH + message.encodedLength());
        new RecordHeader(ContentType.HANDSHAKE, ProtocolVersion.DTLS_1_0, 0, 0, message.encodedLength()).encode(w);
        message.encode(w);
        return w.toByteArray();
    }

    /**
     * {@code length || address || port} of the peer, the first input to the cookie's HMAC. RFC
     * 6347 §4.2.1 binds the cookie to "Client-IP"; the port goes with it, so that another socket
     * on the same host gets another cookie.
     */
    private static byte[] peerBytes(byte[] address, int port) {
        byte[] peer = new byte[1 + address.length + 2];
        peer[0] = (byte) address.length;
        System.arraycopy(address, 0, peer, 1, address.length);
        peer[peer.length - 2] = (byte) (port >>> 8);
        peer[peer.length - 1] = (byte) port;
        return peer;
    }

    /** The secrets for this moment, rotating first if a new period has begun. */
    private Secrets secretsAt(long nowNanos) {
        long period = Math.floorDiv(nowNanos, periodNanos);
        Secrets s = secrets;
        if (s != null && period <= s.period()) {
            return s; // same period, or a caller whose clock reading is slightly behind another's
        }
        synchronized (this) {
            s = secrets;
            if (s == null) {
                s = new Secrets(period, newSecret(), null);
            } else if (period == s.period() + 1) {
                s = new Secrets(period, newSecret(), s.current());
            } else if (period > s.period() + 1) {
                // the period just before this one never had a secret: nothing older is valid
                s = new Secrets(period, newSecret(), null);
            }
            secrets = s;
            return s;
        }
    }

    private CookieSecret newSecret() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return new CookieSecret(key, providers);
    }

    private Drop drop(DropReason kind, String reason) {
        counters.drop(kind);
        return new Drop(kind, reason);
    }
}
