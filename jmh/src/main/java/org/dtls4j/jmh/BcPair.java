package org.dtls4j.jmh;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * A Bouncy Castle DTLS client and server joined by {@link MemoryTransport}. BC's protocol classes
 * block until the handshake is over, so the server side runs on one helper thread while the
 * caller runs the client; each flight crosses threads once (a queue hand-off, some microseconds,
 * small next to a handshake). The server runs its HelloVerifyRequest exchange, as the others do.
 */
public final class BcPair implements AutoCloseable {
    /** Which {@code TlsCrypto} BC uses. */
    public enum Crypto {
        /** {@code JcaTlsCrypto} over the JDK's installed providers. */
        JCA,
        /** {@code BcTlsCrypto}: Bouncy Castle's own lightweight implementations. */
        BC
    }

    private static final int TIMEOUT_SECONDS = 30;

    private final TlsCrypto clientCrypto;
    private final TlsCrypto serverCrypto;
    private final KeyExchange kx;
    private final int suite;
    private final int mtu;
    private final ExecutorService serverThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bc-dtls-server");
        t.setDaemon(true);
        return t;
    });
    private DTLSTransport client;
    private DTLSTransport server;
    private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    private volatile long serverCpuNanos;

    /** Each side gets its own crypto object and random: the two run on different threads. */
    public BcPair(Crypto crypto, KeyExchange kx, int suite, int mtu) {
        this(crypto == Crypto.BC ? new BcTlsCrypto(new SecureRandom()) : new JcaTlsCryptoProvider().create(new SecureRandom()),
                crypto == Crypto.BC ? new BcTlsCrypto(new SecureRandom()) : new JcaTlsCryptoProvider().create(new SecureRandom()),
                kx, suite, mtu);
    }

    /** BC's {@code JcaTlsCrypto} over one named JCA provider. */
    public BcPair(java.security.Provider provider, KeyExchange kx, int suite, int mtu) {
        this(new JcaTlsCryptoProvider().setProvider(provider).create(new SecureRandom()),
                new JcaTlsCryptoProvider().setProvider(provider).create(new SecureRandom()), kx, suite, mtu);
    }

    private BcPair(TlsCrypto clientCrypto, TlsCrypto serverCrypto, KeyExchange kx, int suite, int mtu) {
        this.clientCrypto = clientCrypto;
        this.serverCrypto = serverCrypto;
        this.kx = kx;
        this.suite = suite;
        this.mtu = mtu;
    }

    /** One full handshake. */
    public void handshake() throws Exception {
        run();
    }

    private void run() throws Exception {
        MemoryTransport[] link = MemoryTransport.pair(mtu);
        org.bouncycastle.tls.TlsClient c = BcPeers.client(clientCrypto, kx, suite);
        org.bouncycastle.tls.TlsServer s = BcPeers.server(serverCrypto, kx, suite);
        Future<DTLSTransport> accepted = serverThread.submit(() -> {
            long t0 = threads.getCurrentThreadCpuTime();
            try {
                return new DTLSServerProtocol().accept(s, link[1]);
            } finally {
                serverCpuNanos += threads.getCurrentThreadCpuTime() - t0;
            }
        });
        try {
            client = new DTLSClientProtocol().connect(c, link[0]);
            server = accepted.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (IOException | RuntimeException e) {
            try {
                accepted.get(1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException serverFailure) {
                e.addSuppressed(serverFailure.getCause());
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                accepted.cancel(true);
            }
            throw e;
        }
    }

    /**
     * CPU time of the server thread inside {@code accept}, summed over all handshakes. Read after a
     * handshake returned: the future's completion orders the write before the read.
     */
    public long serverCpuNanos() {
        return serverCpuNanos;
    }

    /** The client's transport after the last handshake. */
    public DTLSTransport client() {
        return client;
    }

    /** The server's transport after the last handshake. */
    public DTLSTransport server() {
        return server;
    }

    @Override
    public void close() {
        serverThread.shutdownNow();
    }
}
