package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.dtls4j.handshake.ConnectionIds;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.transport.restart.RestoreRefusedException;
import org.dtls4j.transport.restart.RestoreRefusedException.Why;
import org.dtls4j.transport.restart.SavedConnections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server saves its established connections, closes, and a new server on the same port restores
 * them: the same {@link DtlsClient} connections go on both ways with no new handshake and no
 * record discarded on either side (a reused sequence number would be a replay to the client, and
 * a reused nonce under the same key). A file under another key, changed in one byte, or too old is
 * refused, and the server runs on empty.
 */
@Timeout(60)
class GracefulRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int CLIENTS = 5;

    @TempDir
    Path dir;

    @Test
    void clientsGoOnWithTheRestoredServerWithoutAHandshake() throws Exception {
        SecretKey key = key(1);
        Path file = dir.resolve("connections");
        List<DtlsConnection> clients = new ArrayList<>();
        InetSocketAddress address;
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Configs.pskServer())) {
            address = server.localAddress();
            List<DtlsConnection> before = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(DtlsClient.connect(address, Configs.pskClient()));
                before.add(server.accept(WAIT));
                echo(clients.get(i), before.get(i), "before " + i);
            }
            for (int round = 0; round < 3; round++) { // more traffic both ways
                for (int i = 0; i < CLIENTS; i++) {
                    clients.get(i).send(bytes("ping " + round));
                    before.get(i).send(bytes("pong " + round));
                }
            }
            for (int i = 0; i < CLIENTS; i++) {
                for (int round = 0; round < 3; round++) {
                    assertArrayEquals(bytes("ping " + round), before.get(i).receive(WAIT));
                    assertArrayEquals(bytes("pong " + round), clients.get(i).receive(WAIT));
                }
            }
            assertEquals(CLIENTS, server.saveConnections(file, key));
            assertFalse(server.isOpen(), "saving closes the server");
        }
        try (DtlsServer restored = DtlsServer.bind(address, Configs.pskServer())) {
            assertEquals(CLIENTS, restored.restoreConnections(file, key));
            assertFalse(Files.exists(file), "a file is restored once");
            List<DtlsConnection> peers = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                peers.add(restored.accept(WAIT));
            }
            for (DtlsConnection c : clients) {
                String text = "after " + clients.indexOf(c);
                c.send(bytes(text));
                DtlsConnection peer = peerOf(peers, c);
                byte[] got = peer.receive(WAIT);
                assertArrayEquals(bytes(text), got);
                peer.send(got);
                assertArrayEquals(bytes(text), c.receive(WAIT));
            }
            ServerCounters counters = restored.counters();
            assertEquals(0, counters.handshakesStarted(), "no handshake: " + counters);
            assertEquals(CLIENTS, restored.peerCount());
            for (DtlsConnection c : clients) {
                assertEquals(0, c.counters().discardedRecords(), c.counters()::toString);
                assertEquals(0, c.counters().retransmissions());
                c.close();
            }
        }
    }

    @Test
    void aConnectionIdConnectionKeepsItsId() throws Exception {
        SecretKey key = key(2);
        Path file = dir.resolve("cid");
        DtlsConfig serverConfig = Configs.pskServer().toBuilder().connectionIdLength(6).build();
        DtlsConfig clientConfig = Configs.pskClient().toBuilder().connectionIdLength(0).build();
        Optional<ConnectionIds> before;
        InetSocketAddress address;
        DtlsConnection client;
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), serverConfig)) {
            address = server.localAddress();
            client = DtlsClient.connect(address, clientConfig);
            DtlsConnection peer = server.accept(WAIT);
            echo(client, peer, "before");
            before = peer.negotiated().connectionIds();
            assertTrue(before.isPresent());
            server.saveConnections(file, key);
        }
        try (DtlsServer restored = DtlsServer.bind(address, serverConfig)) {
            assertEquals(1, restored.restoreConnections(file, key));
            DtlsConnection peer = restored.accept(WAIT);
            assertEquals(before, peer.negotiated().connectionIds());
            echo(client, peer, "after");
            assertEquals(0, restored.counters().handshakesStarted());
            client.close();
        }
    }

    @Test
    void aFileUnderAnotherKeyChangedInOneByteOrTooOldIsRefusedAndTheServerRunsEmpty() throws Exception {
        SecretKey key = key(3);
        Path file = dir.resolve("saved");
        InetSocketAddress address;
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Configs.pskServer())) {
            address = server.localAddress();
            DtlsConnection client = DtlsClient.connect(address, Configs.pskClient());
            echo(client, server.accept(WAIT), "before");
            server.saveConnections(file, key);
        }
        byte[] good = Files.readAllBytes(file);
        try (DtlsServer restored = DtlsServer.bind(address, Configs.pskServer())) {
            assertRefused(Why.WRONG_KEY, () -> restored.restoreConnections(file, key(4)));
            for (int i : new int[] {5, 30, good.length / 2, good.length - 1}) {
                byte[] flipped = good.clone();
                flipped[i] ^= 0x01;
                Files.write(file, flipped);
                Why why = assertThrows(RestoreRefusedException.class, () -> restored.restoreConnections(file, key)).why();
                assertTrue(why == Why.TAMPERED || why == Why.UNSUPPORTED_VERSION || why == Why.WRONG_KEY,
                        "byte " + i + ": " + why);
            }
            Files.write(file, good);
            assertRefused(Why.STALE, () -> restored.restoreConnections(file, key, Duration.ZERO.minusMillis(1)));
            assertEquals(0, restored.peerCount(), "nothing restored");
            // the server serves on: a new client handshakes as usual
            DtlsConnection fresh = DtlsClient.connect(address, Configs.pskClient());
            echo(fresh, restored.accept(WAIT), "new");
            fresh.close();
        }
    }

    @Test
    void aFileSavedLongerAgoThanTheMaximumAgeIsStale() throws Exception {
        Path file = dir.resolve("old");
        SecretKey key = key(5);
        SavedConnections.write(file, key, List.of(), Instant.now().minus(Duration.ofHours(2)), new SecureRandom());
        RestoreRefusedException e = assertThrows(RestoreRefusedException.class,
                () -> SavedConnections.read(file, key, Duration.ofHours(1), Instant.now()));
        assertEquals(Why.STALE, e.why());
        assertTrue(e.getMessage().contains("more than PT1H"), e.getMessage());
        assertEquals(0, SavedConnections.read(file, key, Duration.ofHours(3), Instant.now()).size());
    }

    // ---------------------------------------------------------------------------------------------

    private interface Restore {
        int run() throws Exception;
    }

    private static void assertRefused(Why why, Restore restore) {
        RestoreRefusedException e = assertThrows(RestoreRefusedException.class, restore::run);
        assertEquals(why, e.why(), e.getMessage());
    }

    private static DtlsConnection peerOf(List<DtlsConnection> peers, DtlsConnection client) {
        for (DtlsConnection p : peers) {
            assertNotNull(p);
            if (p.peer().getPort() == client.localAddress().getPort()) {
                return p;
            }
        }
        throw new AssertionError("no restored connection for " + client.localAddress());
    }

    private static void echo(DtlsConnection client, DtlsConnection peer, String text) throws Exception {
        assertNotNull(peer);
        client.send(bytes(text));
        byte[] got = peer.receive(WAIT);
        assertArrayEquals(bytes(text), got);
        peer.send(got);
        assertArrayEquals(bytes(text), client.receive(WAIT));
    }

    private static SecretKey key(int seed) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) seed);
        return new SecretKeySpec(k, "AES");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
