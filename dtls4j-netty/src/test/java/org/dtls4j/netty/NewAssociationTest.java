package org.dtls4j.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.netty.DtlsServerCounters.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 6347 §4.2.8, a ClientHello from an address that has a connection: a hello without a valid
 * cookie is answered and changes nothing; a new association that completes the cookie exchange
 * replaces the old one.
 */
@Timeout(60)
class NewAssociationTest {
    private static final byte[] PING = "ping".getBytes(StandardCharsets.UTF_8);

    @Test
    void aHelloWithoutCookieFromAConnectedAddressChangesNothing() throws Exception {
        try (ServerFixture server = new ServerFixture(Configs.pskServer());
             RawPeer peer = new RawPeer(server.address(), Configs.pskClient()).handshake()) {
            server.nextEvent(DtlsEvent.HandshakeCompleted.class);
            DtlsEngine stranger = DtlsEngine.client(Configs.pskClient(), new SecureRandom());
            stranger.start(System.nanoTime());
            ByteBuffer hello = stranger.pollDatagram();
            byte[] bytes = new byte[hello.remaining()];
            hello.get(bytes);
            peer.sendRaw(bytes); // a spoofed hello from the peer's own address
            byte[] answer = peer.receiveDatagram(Await.WAIT.toMillis());
            assertEquals(3, answer[13], "a HelloVerifyRequest"); // handshake type after the record header
            assertEquals(1, server.counters().get(Stat.KNOWN_PEER_HELLO_VERIFIES));
            assertArrayEquals(PING, peer.echo(PING), "the connection still works");
            assertEquals(0, server.counters().get(Stat.ASSOCIATIONS_REPLACED));
            assertEquals(1, server.counters().peers());
        }
    }

    @Test
    void aRestartedClientThatProvesItsAddressReplacesTheAssociation() throws Exception {
        try (ServerFixture server = new ServerFixture(Configs.pskServer());
             RawPeer peer = new RawPeer(server.address(), Configs.pskClient()).handshake()) {
            server.nextEvent(DtlsEvent.HandshakeCompleted.class);
            peer.handshake(); // a new engine, the same socket
            DtlsEvent.Closed replaced = server.nextEvent(DtlsEvent.Closed.class);
            assertEquals(CloseReason.REPLACED, replaced.reason());
            assertEquals(peer.localAddress(), replaced.peer());
            server.nextEvent(DtlsEvent.HandshakeCompleted.class);
            assertArrayEquals(PING, peer.echo(PING));
            DtlsServerCounters c = server.counters();
            assertEquals(1, c.get(Stat.ASSOCIATIONS_REPLACED), c::toString);
            assertEquals(2, c.get(Stat.HANDSHAKES_COMPLETED), c::toString);
            assertEquals(1, c.peers(), c::toString);
        }
    }
}
