package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerOptions;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.DTLSSession;
import org.eclipse.californium.scandium.dtls.MaxFragmentLengthExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Record size limits against Eclipse Californium Scandium 3.13, both roles, each extension:
 * max_fragment_length 512 (RFC 6066 §4; Scandium's {@code DTLS_MAX_FRAGMENT_LENGTH}) and
 * record_size_limit 512 (RFC 8449; Scandium's {@code DTLS_RECORD_SIZE_LIMIT}), and a client that
 * offers both, where RFC 8449 §5 has record_size_limit win. With record_size_limit both sides
 * state 512, so each direction is limited by the other side's own statement.
 *
 * <p>Each case checks that the limit was agreed on both sides (dtls4j's
 * {@code maxApplicationDataSize()} and handshake trace, Scandium's {@code DTLSSession}), sends an
 * application datagram of exactly 512 bytes each way, and has dtls4j refuse 513 bytes before
 * anything is sent. An ECDHE_ECDSA suite with client certificates makes both certificate flights
 * larger than 512 bytes, so with max_fragment_length the handshake fragments keep to the limit
 * too; Scandium checks what it receives against the limit it asked for.
 */
@Timeout(60)
class Dtls4jScandiumRecordSizeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Enough for dtls4j's retransmissions at 1, 2 and 4 s (RFC 6347 §4.2.4.1) and some. */
    private static final Duration BACK_OFF_WAIT = Duration.ofSeconds(20);
    private static final int LIMIT = 512;

    /** What the client asks for. */
    enum Ask {
        MAX_FRAGMENT_LENGTH("max_fragment_length"),
        RECORD_SIZE_LIMIT("record_size_limit"),
        /** Both extensions: RFC 8449 §5, the server "MUST ignore" max_fragment_length. */
        BOTH("record_size_limit");

        /** The extension that is agreed, as dtls4j names it in its trace and messages. */
        final String agreed;

        Ask(String agreed) {
            this.agreed = agreed;
        }

        boolean maxFragmentLength() {
            return this != RECORD_SIZE_LIMIT;
        }

        boolean recordSizeLimit() {
            return this != MAX_FRAGMENT_LENGTH;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(Ask.values()).flatMap(ask -> Stream.of(Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                Suite.TLS_PSK_WITH_AES_128_CCM_8).map(suite -> Arguments.of(ask, suite)));
    }

    /**
     * Scandium's record size settings: the client asks as {@code ask} says; the server states its
     * own record_size_limit whenever record_size_limit is in play (it answers max_fragment_length
     * without any setting).
     */
    private static Consumer<DtlsConnectorConfig.Builder> scandiumLimits(Ask ask, boolean server) {
        return b -> {
            if (!server && ask.maxFragmentLength()) {
                b.set(org.eclipse.californium.scandium.config.DtlsConfig.DTLS_MAX_FRAGMENT_LENGTH,
                        MaxFragmentLengthExtension.Length.BYTES_512);
            }
            if (ask.recordSizeLimit()) {
                b.set(org.eclipse.californium.scandium.config.DtlsConfig.DTLS_RECORD_SIZE_LIMIT, LIMIT);
            }
        };
    }

    private static ScandiumPeer scandium(boolean server, Ask ask, Suite suite) throws Exception {
        ScandiumPeer.Auth auth = suite.mode() == InteropCase.Mode.PSK ? ScandiumPeer.Auth.PSK : ScandiumPeer.Auth.ECDSA;
        return new ScandiumPeer(server, auth, -1,
                org.eclipse.californium.scandium.dtls.cipher.CipherSuite.valueOf(suite.name()),
                scandiumLimits(ask, server));
    }

    /** dtls4j's side: the suite's credentials (client certificates required), the limits as {@code ask} says. */
    private static DtlsConfig dtls4j(boolean server, Ask ask, Suite suite) {
        DtlsConfig.Builder b = DtlsConfig.builder().cipherSuites(CipherSuite.fromId(suite.code()).orElseThrow());
        byte[] identity = ScandiumPeer.PSK_IDENTITY.getBytes(StandardCharsets.UTF_8);
        if (suite.mode() == InteropCase.Mode.PSK && server) {
            b.pskStore(id -> MessageDigest.isEqual(id, identity) ? ScandiumPeer.PSK_KEY.clone() : null);
        } else if (suite.mode() == InteropCase.Mode.PSK) {
            b.psk(identity, ScandiumPeer.PSK_KEY);
        } else {
            TestPki pki = TestPki.get();
            TestPki.Credential own = server ? pki.serverEcdsa() : pki.clientEcdsa();
            b.certificate(own.chain(), own.privateKey()).trustedCertificates(List.of(pki.caCertificate()));
            if (server) {
                b.clientAuth(ClientAuth.REQUIRED);
            } else {
                b.serverName("localhost");
            }
        }
        if (!server && ask.maxFragmentLength()) {
            b.maxFragmentLength(LIMIT);
        }
        if (ask.recordSizeLimit()) {
            b.recordSizeLimit(LIMIT);
        }
        return b.build();
    }

    /**
     * A Scandium client that asks for max_fragment_length 512 reads datagrams of at most 618
     * bytes (its receive buffer follows the limit, whatever its MTU), so it truncates dtls4j's
     * certificate flight: with max_fragment_length two 512-byte records share a datagram, and when
     * it offers both extensions record_size_limit wins (RFC 8449 §5) and leaves epoch 0 unlimited.
     * The handshake completes after dtls4j's retransmission back-off (RFC 6347 §4.1.1.1) has made
     * the datagrams small enough, about 7 s; the wait allows for it.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void scandiumClientToDtls4jServer(Ask ask, Suite suite) throws Exception {
        try (TraceCapture trace = TraceCapture.install();
             DtlsServer server = DtlsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                     dtls4j(true, ask, suite), ServerOptions.defaults());
             ScandiumPeer scandium = scandium(false, ask, suite)) {
            byte[] first = payload(LIMIT, 1);
            scandium.send(first, server.localAddress()); // starts Scandium's handshake
            DtlsConnection conn = server.accept(BACK_OFF_WAIT);
            assertNotNull(conn, "no connection from Scandium");
            assertArrayEquals(first, conn.receive(WAIT), "Scandium's 512 bytes");
            assertLimited(conn, ask, trace);
            assertScandiumAgreed(scandium.session(server.localAddress()), ask);
            byte[] reply = payload(LIMIT, 2);
            conn.send(reply);
            ScandiumPeer.Received got = scandium.receive(WAIT);
            assertNotNull(got, "nothing came back to Scandium");
            assertArrayEquals(reply, got.data());
            conn.close();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void dtls4jClientToScandiumServer(Ask ask, Suite suite) throws Exception {
        try (TraceCapture trace = TraceCapture.install();
             ScandiumPeer scandium = scandium(true, ask, suite);
             DtlsConnection conn = DtlsClient.connect(scandium.address(), dtls4j(false, ask, suite), WAIT)) {
            assertLimited(conn, ask, trace);
            byte[] hello = payload(LIMIT, 3);
            conn.send(hello);
            ScandiumPeer.Received got = scandium.receive(WAIT);
            assertNotNull(got, "nothing reached Scandium");
            assertArrayEquals(hello, got.data());
            assertScandiumAgreed(scandium.session(got.from()), ask);
            byte[] reply = payload(LIMIT, 4);
            scandium.send(reply, got.from());
            assertArrayEquals(reply, conn.receive(WAIT), "Scandium's 512 bytes");
        }
    }

    /**
     * dtls4j's side: {@code ask}'s extension agreed at 512 each way (the trace), 512 bytes the
     * largest datagram, and 513 refused with the limit named, no application record sent.
     */
    private static void assertLimited(DtlsConnection conn, Ask ask, TraceCapture trace) {
        String agreed = ask.agreed + ": we send at most " + LIMIT + " and receive at most " + LIMIT;
        assertTrue(trace.lines().stream().anyMatch(l -> l.contains(agreed)),
                () -> "no trace line with '" + agreed + "':\n" + trace.tail(40));
        assertEquals(LIMIT, conn.maxApplicationDataSize(), "dtls4j's largest datagram");
        long sent = conn.counters().applicationSent();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> conn.send(new byte[LIMIT + 1]));
        assertTrue(e.getMessage().contains(ask.agreed + " allows " + LIMIT), e.getMessage());
        assertEquals(sent, conn.counters().applicationSent(), "a record was sent for the refused datagram");
    }

    /**
     * Scandium's side: with max_fragment_length its session holds 512 as the fragment length;
     * with record_size_limit it holds the peer's limit, 512, and no max_fragment_length (RFC 8449
     * §5 when both were offered). Either way the most it sends per record is 512.
     */
    private static void assertScandiumAgreed(DTLSSession session, Ask ask) {
        assertNotNull(session, "Scandium has no session");
        if (ask.recordSizeLimit()) {
            assertEquals(LIMIT, session.getRecordSizeLimit(), "Scandium's record_size_limit of the peer");
        } else {
            assertEquals(LIMIT, session.getMaxFragmentLength(), "Scandium's max_fragment_length");
        }
        assertEquals(LIMIT, session.getEffectiveFragmentLimit(), "the most Scandium sends per record");
    }

    private static byte[] payload(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }
}
