package org.dtls4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.credentials.Credentials;
import org.dtls4j.credentials.ThrowawayCredentials;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerOptions;

/**
 * {@code dtls4j demo --udp}: one process plays both sides of a DTLS 1.2 handshake over real UDP
 * sockets on 127.0.0.1 ({@code DtlsServer} and {@code DtlsClient}) and narrates it. A throwaway
 * ECDSA P-256 certificate identifies the server; the client trusts exactly that certificate. The
 * trace shows each flight of RFC 6347 §4.2.4 and each message, then the negotiated suite, group and
 * extended master secret (RFC 7627); a few datagrams go back and forth; the counters of both ends
 * close the show. Time is real here: on a cold JVM the one-second timer (RFC 6347 §4.2.4.1) may fire.
 */
final class UdpDemo {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private UdpDemo() {
    }

    @SuppressWarnings("try") // the trace resource is only there to be closed
    static int run(int cid, PrintStream out) throws CommandFailure, InterruptedException {
        out.println("== a throwaway ECDSA P-256 certificate for CN=localhost");
        Credentials identity = ThrowawayCredentials.selfSigned("P-256", "localhost", "localhost", "127.0.0.1");
        DtlsConfig.Builder serverConfig = DtlsConfig.builder().certificate(identity.chain(), identity.privateKey());
        DtlsConfig.Builder clientConfig = DtlsConfig.builder()
                .trustedCertificates(identity.chain())
                .serverName("localhost");
        if (cid >= 0) {
            out.println("== both ends ask for a " + cid + "-byte connection id (RFC 9146 §3)");
            serverConfig.connectionIdLength(cid);
            clientConfig.connectionIdLength(cid);
        }
        try (TraceOutput trace = TraceOutput.install(out);
             DtlsServer server = DtlsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                     serverConfig.build(), ServerOptions.defaults())) {
            out.println("== server listening on " + Addresses.text(server.localAddress()) + ", client connecting");
            Semaphore serverDone = new Semaphore(0);
            Threads.start("dtls4j-demo-server", () -> serveOne(server, out, serverDone));
            try (DtlsConnection client = DtlsClient.connect(server.localAddress(), clientConfig.build(), TIMEOUT)) {
                out.println("== handshake complete");
                Describe.negotiated(out, client.negotiated(), client.maxApplicationDataSize());
                exchange(client, out);
                out.println("== client counters: " + Describe.counters(client.counters()));
            }
            if (!serverDone.tryAcquire(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new CommandFailure("the server side did not see the connection end");
            }
            out.println("== server counters: " + Describe.serverCounters(server.counters()));
        } catch (DtlsException e) {
            throw new CommandFailure("handshake failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
        return Main.OK;
    }

    private static void exchange(DtlsConnection client, PrintStream out) throws IOException, InterruptedException, CommandFailure {
        for (String m : DemoCommand.MESSAGES) {
            client.send(m.getBytes(StandardCharsets.UTF_8));
            out.println("== client sent   \"" + m + "\"");
            byte[] echo = client.receive(TIMEOUT);
            if (echo == null) {
                throw new CommandFailure("no echo within " + TIMEOUT.toSeconds() + " s");
            }
            out.println("== client got    \"" + new String(echo, StandardCharsets.UTF_8) + "\"");
        }
    }

    /** Accepts one connection and echoes on it until the client closes. */
    private static void serveOne(DtlsServer server, PrintStream out, Semaphore done) {
        try {
            DtlsConnection c = server.accept();
            if (c != null) {
                ServerCommand.echo(c, out, done);
                return;
            }
        } catch (InterruptedException e) {
            // The demo is ending.
        }
        done.release();
    }
}
