package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.extension.Extensions;
import org.dtls4j.handshake.message.ClientHello;
import org.dtls4j.record.ContentType;
import org.dtls4j.record.ProtocolVersion;
import org.dtls4j.record.RecordHeader;
import org.dtls4j.transport.ConnectionClosedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 6347 §4.2.8, "Establishing New Associations with Existing Parameters": a ClientHello from an
 * address the server already has a connection for.
 */
@Timeout(60)
class NewAssociationTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int HELLO_VERIFY_REQUEST = 3;

    @Test
    void restartedClientReplacesTheOldAssociation() throws Exception {
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer());
             RawClient client = new RawClient(server.localAddress())) {
            assertConnected(client.start(Configs.pskClient()));
            DtlsConnection first = server.accept(WAIT);
            assertNotNull(first);
            roundTrip(client, first, "one");

            // the client restarts on the same port: no close_notify, a new random, a new cookie exchange
            assertConnected(client.start(Configs.pskClient()));
            DtlsConnection second = server.accept(WAIT);
            assertNotNull(second, "the new association was not accepted");
            assertNotSame(first, second);
            assertEquals(first.peer(), second.peer());

            assertFalse(first.isOpen());
            ConnectionClosedException e = assertThrows(ConnectionClosedException.class, () -> first.receive(WAIT));
            assertEquals(Reason.REPLACED, e.reason());
            assertThrows(ConnectionClosedException.class, () -> first.send(bytes("late")));

            client.send(bytes("two"));
            assertArrayEquals(bytes("two"), second.receive(WAIT));
            second.send(bytes("back"));
            assertArrayEquals(bytes("back"), client.receiveApplicationData(WAIT));
            ServerCounters c = server.counters();
            assertEquals(1, c.associationsReplaced(), c::toString);
            assertEquals(2, c.handshakesCompleted(), c::toString);
            assertEquals(1, server.peerCount());
        }
    }

    @Test
    void helloWithoutValidCookieIsAnsweredAndChangesNothing() throws Exception {
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer());
             RawClient client = new RawClient(server.localAddress())) {
            assertConnected(client.start(Configs.pskClient()));
            DtlsConnection connection = server.accept(WAIT);
            assertNotNull(connection);
            roundTrip(client, connection, "settled");

            // what an attacker spoofing the client's address can send: hellos without the cookie
            // (it never sees the HelloVerifyRequest) or with a made-up one
            byte[] spoofed = RawClient.cookielessHello(Configs.pskClient());
            client.sendRaw(spoofed);
            assertNotNull(client.awaitHandshakeMessage(HELLO_VERIFY_REQUEST, WAIT), "no HelloVerifyRequest");
            byte[] guessed = new byte[32];
            new SecureRandom().nextBytes(guessed);
            client.sendRaw(RawClient.withCookie(spoofed, guessed));
            assertNotNull(client.awaitHandshakeMessage(HELLO_VERIFY_REQUEST, WAIT), "no HelloVerifyRequest");

            ServerCounters c = server.counters();
            assertEquals(2, c.knownPeerHelloVerifies(), c::toString);
            assertEquals(0, c.associationsReplaced(), c::toString);
            assertTrue(connection.isOpen());
            assertEquals(1, server.peerCount());

            client.send(bytes("still here"));
            assertArrayEquals(bytes("still here"), connection.receive(WAIT));
            connection.send(bytes("so am I"));
            assertArrayEquals(bytes("so am I"), client.receiveApplicationData(WAIT));
        }
    }

    @Test
    void retransmittedHelloOfTheCurrentHandshakeGoesToTheSameEngine() throws Exception {
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer());
             RawClient client = new RawClient(server.localAddress())) {
            assertConnected(client.start(Configs.pskClient()));
            DtlsConnection connection = server.accept(WAIT);
            assertNotNull(connection);
            byte[] helloWithCookie = client.sent().get(1);
            assertEquals(1, helloWithCookie[13], "second datagram should be the ClientHello with the cookie");

            long acceptsBefore = server.counters().cookieAccepts();
            client.sendRaw(helloWithCookie);
            Await.until(() -> server.counters().cookieAccepts() == acceptsBefore + 1, WAIT,
                    () -> "the repeated hello was not checked: " + server.counters());

            ServerCounters c = server.counters();
            assertEquals(1, c.handshakesStarted(), c::toString);
            assertEquals(0, c.associationsReplaced(), c::toString);
            assertTrue(connection.isOpen());
            client.send(bytes("same connection"));
            assertArrayEquals(bytes("same connection"), connection.receive(WAIT));
        }
    }

    @Test
    void withoutCookiesANewRandomReplacesAtOnce() throws Exception {
        ServerOptions noCookies = ServerOptions.defaults().withCookies(false);
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer(), noCookies);
             RawClient client = new RawClient(server.localAddress())) {
            assertConnected(client.start(Configs.pskClient()));
            DtlsConnection first = server.accept(WAIT);
            assertNotNull(first);
            roundTrip(client, first, "first");
            assertConnected(client.start(Configs.pskClient()));
            DtlsConnection second = server.accept(WAIT);
            assertNotNull(second);
            assertFalse(first.isOpen());
            ServerCounters c = server.counters();
            assertEquals(0, c.cookieVerifies(), c::toString);
            assertEquals(1, c.associationsReplaced(), c::toString);
            client.send(bytes("no cookies"));
            assertArrayEquals(bytes("no cookies"), second.receive(WAIT));
        }
    }

    /**
     * A later fragment of a ClientHello (fragment_offset &gt; 0) holds no client_random: it is a
     * handshake fragment for the engine like any other, and cannot replace the association, not
     * even with cookies off.
     */
    @Test
    void aLaterFragmentOfAClientHelloLeavesTheAssociationAlone() throws Exception {
        ServerOptions noCookies = ServerOptions.defaults().withCookies(false);
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer(), noCookies);
             RawClient client = new RawClient(server.localAddress())) {
            assertConnected(client.start(Configs.pskClient()));
            DtlsConnection connection = server.accept(WAIT);
            assertNotNull(connection);
            roundTrip(client, connection, "before");

            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            List<Integer> suites = IntStream.range(0xC000, 0xC020).boxed().toList();
            byte[] body = ClientHello.of(ProtocolVersion.DTLS_1_2, random, new byte[0], new byte[0], suites,
                    Extensions.EMPTY).encode();
            ByteWriter tail = new ByteWriter(); // RFC 6347 §4.2.2: bytes [40, length) of the message
            tail.u8(1).u24(body.length).u16(0).u24(40).u24(body.length - 40).bytes(body, 40, body.length - 40);
            ByteWriter w = new ByteWriter();
            new RecordHeader(ContentType.HANDSHAKE, ProtocolVersion.DTLS_1_2, 0, 9, tail.size()).encode(w);
            w.bytes(tail.toByteArray());
            long in = server.counters().datagramsIn();
            client.sendRaw(w.toByteArray());
            Await.until(() -> server.counters().datagramsIn() == in + 1, WAIT, () -> server.counters().toString());

            ServerCounters c = server.counters();
            assertEquals(0, c.associationsReplaced(), c::toString);
            assertEquals(1, c.handshakesStarted(), c::toString);
            assertTrue(connection.isOpen());
            roundTrip(client, connection, "after");
        }
    }

    private static void assertConnected(RawClient client) throws Exception {
        EngineState state = client.handshake(WAIT);
        assertEquals(EngineState.CONNECTED, state, () -> "client handshake: " + client.engine().failure());
    }

    /**
     * One datagram each way. The server handles datagrams in order on one thread, so once the
     * answer is here, every datagram it sent before (late retransmissions of the handshake's last
     * flight) has reached the client's engine too, and a restarted engine will not see them.
     */
    private static void roundTrip(RawClient client, DtlsConnection server, String text) throws Exception {
        client.send(bytes(text));
        assertArrayEquals(bytes(text), server.receive(WAIT));
        server.send(bytes(text + " back"));
        assertArrayEquals(bytes(text + " back"), client.receiveApplicationData(WAIT));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
