package org.dtls4j.handshake.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.sim.CookieServer;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.dtls4j.handshake.sim.SimulatedLink;
import org.dtls4j.record.SequenceNumberExhaustedException;
import org.junit.jupiter.api.Test;

/**
 * RFC 6347 §4.1: "Implementations MUST either abandon an association or rehandshake prior to
 * allowing the sequence number to wrap." dtls4j refuses renegotiation, so it abandons: the write
 * that finds its epoch's 2^48 sequence numbers used up moves the engine to FAILED with the cause
 * named, and no alert goes out (there is no number left to send it under).
 *
 * <p>Each test runs a real handshake over the simulated link, then moves one side's write sequence
 * to the end of the space with the engine's test hook (2^48 records are out of a test's reach);
 * everything else goes through the public engine API.
 */
class SequenceExhaustionTest {
    private static final CipherSuite SUITE = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
    /** The last sequence number a record may carry, 2^48-1. */
    private static final long LAST = (1L << 48) - 1;
    private static final long MINUTE = 60_000_000_000L;

    /** A client and a server behind the cookie exchange, on a simulated link. */
    private record Pair(DtlsEngine client, CookieServer server, SimulatedLink link) {
        DtlsEngine serverEngine() {
            return server.engine();
        }
    }

    /** The two sides and their link, not started. */
    private static Pair pair(long seed, SimulatedLink.DropRule drop) {
        DtlsEngine client = DtlsEngine.client(TestPeers.client(SUITE, Auth.SERVER).build(), new DeterministicRandom(seed));
        CookieServer server = new CookieServer(TestPeers.server(SUITE, Auth.SERVER).build(), new DeterministicRandom(seed + 1000));
        SimulatedLink link = new SimulatedLink(client, server, seed).dropRule(drop);
        return new Pair(client, server, link);
    }

    /** The two sides connected over a clean link. */
    private static Pair connected(long seed) {
        Pair p = pair(seed, (d, i, b) -> false);
        p.link().start();
        p.link().driveHandshake(MINUTE, 1000);
        assertEquals(EngineState.CONNECTED, p.client().state(), () -> "client: " + p.client().failure());
        assertEquals(EngineState.CONNECTED, p.serverEngine().state(), () -> "server: " + p.serverEngine().failure());
        return p;
    }

    @Test
    void theLastNumbersAreSentThenTheAssociationIsAbandoned() throws DecodeException {
        Pair p = connected(1);
        DtlsEngine client = p.client();
        DtlsEngine server = p.serverEngine();
        assertEquals(1, client.recordLayer().writeEpoch());
        client.recordLayer().advanceWriteSequence(1, LAST - 2);
        long receivedBefore = server.counters().applicationReceived();

        for (int i = 0; i < 3; i++) {
            client.send(bytes("record " + i));
            p.link().collect();
            byte[] datagram = lastFrom(p.link(), Direction.CLIENT_TO_SERVER);
            assertEquals(List.of(number(1, LAST - 2 + i)), recordNumbers(datagram), "record " + i + " and its number");
        }
        int emitted = p.link().transmissions().size();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> client.send(bytes("one too many")));
        assertEquals(EngineState.FAILED, client.state());
        DtlsException failure = client.failure();
        assertNotNull(failure);
        assertEquals(failure.getMessage(), e.getMessage(), "send throws what failure() holds");
        assertNamesExhaustion(failure, 1);
        assertInstanceOf(SequenceNumberExhaustedException.class, e.getCause());

        assertDoesNotThrow(() -> client.close());
        assertEquals(EngineState.FAILED, client.state(), "close after abandoning keeps FAILED");
        assertEquals(failure, client.failure(), "the first cause is kept");
        assertThrows(IllegalStateException.class, () -> client.send(bytes("after close")));
        p.link().collect();
        assertEquals(emitted, p.link().transmissions().size(), "nothing more left the client, no alert either");

        p.link().flush(100);
        for (int i = 0; i < 3; i++) {
            assertEquals("record " + i, text(server.pollApplicationData()));
        }
        assertNull(server.pollApplicationData(), "the peer has exactly the records sent");
        assertEquals(receivedBefore + 3, server.counters().applicationReceived());
        assertEquals(EngineState.CONNECTED, server.state());
        assertNoRecordNumberTwice(p.link(), Direction.CLIENT_TO_SERVER);
        assertNoRecordNumberTwice(p.link(), Direction.SERVER_TO_CLIENT);
    }

    @Test
    void closeWithNoNumberLeftAbandonsWithoutCloseNotify() {
        Pair p = connected(2);
        DtlsEngine client = p.client();
        client.recordLayer().advanceWriteSequence(1, LAST);
        client.send(bytes("the last one"));
        p.link().collect();
        int emitted = p.link().transmissions().size();

        assertDoesNotThrow(() -> client.close());
        assertEquals(EngineState.FAILED, client.state(), "close_notify could not be sent: not a clean close");
        assertNamesExhaustion(client.failure(), 1);
        p.link().collect();
        assertEquals(emitted, p.link().transmissions().size(), "no close_notify, no other alert");

        p.link().flush(100);
        assertEquals("the last one", text(p.serverEngine().pollApplicationData()));
        assertEquals(EngineState.CONNECTED, p.serverEngine().state(), "the peer saw no alert");
    }

    @Test
    void thePeersCloseNotifyCannotBeAnsweredWithNoNumberLeft() {
        Pair p = connected(3);
        DtlsEngine client = p.client();
        client.recordLayer().advanceWriteSequence(1, LAST + 1); // every number used
        int emitted = p.link().transmissions().size();

        p.serverEngine().close();
        assertEquals(EngineState.CLOSED, p.serverEngine().state());
        p.link().collect();
        assertDoesNotThrow(() -> p.link().flush(100));

        assertEquals(EngineState.FAILED, client.state(), "the answer found no number: abandoned, not closed");
        assertNamesExhaustion(client.failure(), 1);
        long fromClient = p.link().transmissions().subList(emitted, p.link().transmissions().size()).stream()
                .filter(t -> t.direction() == Direction.CLIENT_TO_SERVER).count();
        assertEquals(0, fromClient, "no close_notify back");
    }

    /**
     * The server's final flight must go out again when the client repeats its own (RFC 6347 §4.2.4);
     * with epoch 1 used up the Finished cannot be numbered, so the server abandons instead, and
     * nothing escapes from {@code receive}.
     */
    @Test
    void resendingTheFinalFlightWithNoNumberLeftAbandons() {
        // Every server datagram after it completed is lost, so the client retransmits its last flight.
        CookieServer[] server = new CookieServer[1];
        Pair p = pair(4, (d, i, b) -> d == Direction.SERVER_TO_CLIENT && server[0].engine() != null
                && server[0].engine().state() != EngineState.HANDSHAKING);
        server[0] = p.server();
        p.link().start();
        int steps = 0;
        while (p.server().state() != EngineState.CONNECTED) {
            assertTrue(++steps < 1000, "server did not complete");
            p.link().step();
        }
        DtlsEngine engine = p.serverEngine();
        engine.recordLayer().advanceWriteSequence(1, LAST + 1);
        long retransmissionsBefore = engine.counters().retransmissions();
        int emitted = p.link().transmissions().size();

        while (engine.state() == EngineState.CONNECTED) {
            assertTrue(++steps < 1000, "the client's repeat never reached the server");
            p.link().step();
        }
        assertEquals(EngineState.FAILED, engine.state());
        assertNamesExhaustion(engine.failure(), 1);
        assertEquals(retransmissionsBefore + 1, engine.counters().retransmissions(), "it did try to answer");
        long fromServer = p.link().transmissions().subList(emitted, p.link().transmissions().size()).stream()
                .filter(t -> t.direction() == Direction.SERVER_TO_CLIENT).count();
        assertEquals(0, fromServer, "no part of the flight and no alert went out");
    }

    /**
     * The server's epoch-0 numbers continue from the verified ClientHello's (as OpenSSL's
     * DTLSv1_listen does), so a client that numbers its ClientHello 2^48-1 leaves the server one
     * number for its whole flight. The server abandons that association, by name, and sends nothing.
     */
    @Test
    void aClientHelloNumberedAtTheEndLeavesTheServerNoNumbers() throws DecodeException {
        Pair p = pair(5, (d, i, b) -> false);
        DtlsEngine client = p.client();
        CookieServer server = p.server();
        client.start(0);
        server.receive(poll(client), 0);                 // first ClientHello: HelloVerifyRequest
        client.receive(server.pollDatagram(), 0);
        byte[] hello = poll(client);                     // second ClientHello, with the cookie
        assertEquals(List.of(number(0, 1)), recordNumbers(hello));
        renumber(hello, LAST);

        assertDoesNotThrow(() -> server.receive(hello, 0));
        DtlsEngine engine = server.engine();
        assertNotNull(engine, "the cookie is valid whatever the record number");
        assertEquals(EngineState.FAILED, engine.state());
        assertNamesExhaustion(engine.failure(), 0);
        assertNull(server.pollDatagram(), "no flight and no alert");
    }

    private static void assertNamesExhaustion(DtlsException failure, int epoch) {
        assertNotNull(failure);
        String m = failure.getMessage();
        assertTrue(m.contains("epoch " + epoch + ":"), m);
        assertTrue(m.contains("sequence numbers exhausted"), m);
        assertTrue(m.contains("RFC 6347 §4.1"), m);
        assertTrue(m.contains("without an alert"), m);
        assertInstanceOf(SequenceNumberExhaustedException.class, failure.getCause());
        assertEquals(epoch, ((SequenceNumberExhaustedException) failure.getCause()).epoch());
    }

    /** No (epoch, sequence_number) pair appears twice among what one side emitted. */
    private static void assertNoRecordNumberTwice(SimulatedLink link, Direction direction) throws DecodeException {
        Set<Long> seen = new HashSet<>();
        int records = 0;
        for (SimulatedLink.Transmission t : link.transmissions()) {
            if (t.direction() != direction) {
                continue;
            }
            for (long n : recordNumbers(t.datagram())) {
                records++;
                assertTrue(seen.add(n), direction + ": epoch " + (n >>> 48) + " sequence number "
                        + (n & LAST) + " sent twice");
            }
        }
        assertTrue(records > 3, direction + ": records were checked");
    }

    /** Epoch and sequence number of each record of a datagram (RFC 6347 §4.1 record header). */
    private static List<Long> recordNumbers(byte[] datagram) throws DecodeException {
        List<Long> numbers = new ArrayList<>();
        ByteReader r = new ByteReader(datagram);
        while (r.hasRemaining()) {
            r.u8();  // type
            r.u16(); // version
            int epoch = r.u16();
            long seq = r.u48();
            r.skip(r.u16());
            numbers.add(number(epoch, seq));
        }
        return numbers;
    }

    private static long number(int epoch, long seq) {
        return ((long) epoch << 48) | seq;
    }

    /** Rewrites the sequence_number of a datagram's single record (bytes 5 to 10 of the header). */
    private static void renumber(byte[] datagram, long seq) {
        for (int i = 0; i < 6; i++) {
            datagram[5 + i] = (byte) (seq >>> (8 * (5 - i)));
        }
    }

    private static byte[] lastFrom(SimulatedLink link, Direction direction) {
        List<SimulatedLink.Transmission> all = link.transmissions();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).direction() == direction) {
                return all.get(i).datagram();
            }
        }
        throw new AssertionError("nothing sent " + direction);
    }

    private static byte[] poll(DtlsEngine engine) {
        ByteBuffer b = engine.pollDatagram();
        assertNotNull(b, "a datagram");
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ByteBuffer b) {
        assertNotNull(b, "a datagram for the application");
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return new String(out, StandardCharsets.UTF_8);
    }
}
