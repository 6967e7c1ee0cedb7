package org.dtls4j.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.sim.SimulatedLink;
import org.junit.jupiter.api.Test;

class EngineHandshakeTest {
    private static final byte[] ID = "client1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEY = new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

    @Test
    void pskHandshakeAndApplicationData() {
        DtlsConfig clientConfig = DtlsConfig.builder().cipherSuites(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256).psk(ID, KEY).build();
        DtlsConfig serverConfig = DtlsConfig.builder().cipherSuites(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256)
                .pskStore(id -> new String(id, StandardCharsets.UTF_8).equals("client1") ? KEY : null)
                .build();
        DtlsEngine client = DtlsEngine.client(clientConfig, new DeterministicRandom(1));
        DtlsEngine server = DtlsEngine.serverWithoutCookie(serverConfig, new DeterministicRandom(2));
        SimulatedLink link = new SimulatedLink(client, server, 7).start();
        link.driveHandshake(60_000_000_000L, 1000);
        assertEquals(EngineState.CONNECTED, client.state(), () -> "client: " + client.failure());
        assertEquals(EngineState.CONNECTED, server.state(), () -> "server: " + server.failure());
        assertEquals(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256, client.negotiated().cipherSuite());
        assertTrue(client.negotiated().extendedMasterSecret());
        assertEquals("client1", server.negotiated().pskIdentity().orElseThrow());

        client.send("hello".getBytes(StandardCharsets.UTF_8));
        link.collect();
        link.flush(100);
        ByteBuffer got = server.pollApplicationData();
        assertNotNull(got);
        byte[] b = new byte[got.remaining()];
        got.get(b);
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), b);
    }
}
