package org.dtls4j.handshake.fuzz;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.KeyExchangeAlgorithm;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.cookie.CookieExchange;
import org.dtls4j.handshake.fragment.HandshakeFragment;
import org.dtls4j.handshake.message.HandshakeMessage;
import org.dtls4j.handshake.message.HandshakeType;

/**
 * The datagram entry points of the handshake module as fuzz targets: each takes any bytes, must
 * not throw anything but {@link AssertionError} from its own checks, and checks what must hold
 * whatever the input. Shared by the Jazzer fuzzer ({@code HandshakeFuzzer}), the corpus replay
 * and the mutation properties of the normal build.
 */
final class HandshakeTargets {
    private static final KeyExchangeAlgorithm[] KX = KeyExchangeAlgorithm.values();
    private static final HandshakeType[] TYPES = HandshakeType.values();
    private static final CookieExchange COOKIES = EngineFixtures.cookies();
    /** Datagrams an engine may emit per datagram it is fed: a retransmitted flight, an alert. */
    private static final int MAX_OUT_PER_IN = 8;

    private HandshakeTargets() {
    }

    /** {@code HandshakeFragment.decode} over a record's worth of fragments, as the engine reads them. */
    static void fragments(byte[] input) {
        ByteReader r = new ByteReader(input);
        while (r.hasRemaining()) {
            HandshakeFragment f;
            try {
                f = HandshakeFragment.decode(r);
            } catch (DecodeException e) {
                return;
            }
            check((long) f.fragmentOffset() + f.fragmentLength() <= f.length(), "fragment past its message: " + f);
            ByteWriter w = new ByteWriter();
            f.encode(w);
            try {
                check(HandshakeFragment.decode(new ByteReader(w.toByteArray())).equals(f), "re-decoded differently: " + f);
            } catch (DecodeException e) {
                throw new AssertionError("our own encoding of " + f + " does not decode", e);
            }
        }
    }

    /**
     * {@code HandshakeMessage.decode}: byte 0 picks the type, byte 1 the key exchange (or none), the
     * rest is the body. A message that decodes must encode to a body that decodes to itself.
     */
    static void message(byte[] input) {
        if (input.length < 2) {
            return;
        }
        HandshakeType type = TYPES[(input[0] & 0xFF) % TYPES.length];
        int k = (input[1] & 0xFF) % (KX.length + 1);
        KeyExchangeAlgorithm kx = k == KX.length ? null : KX[k];
        byte[] body = Arrays.copyOfRange(input, 2, input.length);
        boolean needsKx = type == HandshakeType.SERVER_KEY_EXCHANGE || type == HandshakeType.CLIENT_KEY_EXCHANGE;
        HandshakeMessage m;
        try {
            m = HandshakeMessage.decode(type, body, kx);
        } catch (DecodeException e) {
            return;
        } catch (IllegalArgumentException e) {
            check(needsKx && kx == null, "decode threw " + e);
            return;
        }
        check(m.type() == type, "decoded a " + m.type() + " as " + type);
        try {
            HandshakeMessage again = HandshakeMessage.decode(type, m.encode(), kx);
            check(again.equals(m), "re-decoded differently: " + m + " then " + again);
        } catch (DecodeException e) {
            throw new AssertionError("our own encoding of " + m + " does not decode", e);
        }
    }

    /**
     * {@code CookieExchange.check} on a datagram from a stranger. The answer to an unverified
     * address is never larger than what it sent and is a lone HelloVerifyRequest (RFC 6347
     * §4.2.1); an Accept hands over exactly the handshake message that was in the record.
     */
    static void cookie(byte[] input) {
        CookieExchange.Result r = COOKIES.check(input, 0, input.length, EngineFixtures.PEER, 0);
        check(r != null, "no result");
        if (r instanceof CookieExchange.Verify v) {
            byte[] answer = v.datagram();
            check(answer.length <= input.length, answer.length + " bytes answer " + input.length);
            int recordLength = (answer[11] & 0xFF) << 8 | (answer[12] & 0xFF);
            check(answer[0] == 22 && answer[3] == 0 && answer[4] == 0 && answer[13] == 3
                    && 13 + recordLength == answer.length, "not a lone HelloVerifyRequest");
        } else if (r instanceof CookieExchange.Accept a) {
            byte[] message = a.handshakeMessage();
            check(Arrays.equals(message, Arrays.copyOfRange(input, 13, 13 + message.length)), "message not as received");
            check(a.hello().cookie().length == CookieExchange.COOKIE_LENGTH, "accepted a cookie of the wrong length");
        }
    }

    /** {@code DtlsEngine.receive} on a client that waits for the server's flight 4. */
    static void client(EngineFixtures.Kind kind, byte[] input) {
        feed(EngineFixtures.clientAwaitingFlight4(kind), input);
    }

    /** {@code DtlsEngine.receive} on a server that waits for the client's flight 5. */
    static void server(EngineFixtures.Kind kind, byte[] input) {
        feed(EngineFixtures.serverAwaitingFlight5(kind), input);
    }

    /**
     * Feeds the framed datagrams one by one (a millisecond apart), then lets the retransmission
     * timer fire once. Never a thrown exception, never an internal_error (which would mean a
     * RuntimeException inside the handshake), a bounded answer, no application data before the
     * handshake completed.
     */
    static void feed(DtlsEngine engine, byte[] input) {
        List<byte[]> datagrams = Framing.split(input);
        long now = 0;
        int out = 0;
        for (byte[] d : datagrams) {
            now += 1_000_000;
            engine.receive(d, now);
            out += EngineFixtures.drain(engine).size();
            checkNoInternalError(engine);
            if (engine.state() != EngineState.CONNECTED) {
                check(engine.pollApplicationData() == null, "application data before the handshake completed");
            }
        }
        check(out <= MAX_OUT_PER_IN * (datagrams.size() + 1), out + " datagrams for " + datagrams.size());
        long deadline = engine.nextDeadlineNanos();
        if (deadline != Long.MAX_VALUE) {
            engine.onDeadline(Math.max(now, deadline));
            EngineFixtures.drain(engine);
            checkNoInternalError(engine);
        }
        ByteBuffer b;
        while ((b = engine.pollApplicationData()) != null) {
            check(engine.state() == EngineState.CONNECTED || engine.state() == EngineState.CLOSED,
                    "application data in state " + engine.state() + " (" + b.remaining() + " bytes)");
        }
    }

    private static void checkNoInternalError(DtlsEngine engine) {
        if (engine.state() == EngineState.FAILED && engine.failure() != null) {
            check(engine.failure().alert() != AlertDescription.INTERNAL_ERROR || engine.failure().isReceivedFromPeer(),
                    "internal_error on peer input: " + engine.failure());
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
