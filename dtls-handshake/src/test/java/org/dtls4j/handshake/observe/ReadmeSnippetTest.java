package org.dtls4j.handshake.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsListener;
import org.dtls4j.handshake.Negotiated;
import org.dtls4j.handshake.TestPeers;
import org.junit.jupiter.api.Test;

/** The handshake module README's "Observing a connection" snippet, as it is printed there, run once. */
class ReadmeSnippetTest {
    private static final System.Logger LOG = System.getLogger(ReadmeSnippetTest.class.getName());

    @Test
    void theSnippetCountsAFailure() {
        byte[] identity = TestPeers.PSK_IDENTITY;
        byte[] key = Peers.WRONG_KEY;

        LongAdder failures = new LongAdder();
        DtlsListener listener = new DtlsListener() {        // every method does nothing by default
            @Override
            public void handshakeCompleted(SocketAddress peer, Negotiated n, Duration elapsed) {
                LOG.log(System.Logger.Level.INFO, peer + ": " + n.cipherSuite()
                        + (n.resumed() ? " (resumed)" : "") + " in " + elapsed.toMillis() + " ms");
            }

            @Override
            public void failed(SocketAddress peer, DtlsException failure, Optional<AlertDescription> alertSent) {
                failures.increment();                         // fast, and never throws
            }
        };
        DtlsConfig config = DtlsConfig.builder().psk(identity, key).listener(listener).build();

        Peers.of(config.toBuilder().cipherSuites(Peers.SUITE).build(), Peers.serverConfig().build(), 43001, 7001)
                .handshake();
        assertEquals(1, failures.sum());
    }
}
