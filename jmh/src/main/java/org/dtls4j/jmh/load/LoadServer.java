package org.dtls4j.jmh.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.util.HexFormat;
import java.util.Map;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.jmh.KeyExchange;
import org.dtls4j.jmh.Peers;
import org.dtls4j.jmh.Providers;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerOptions;
import org.dtls4j.transport.HandshakeRate;

/**
 * The server process of the load harnesses: one {@link DtlsServer} on 127.0.0.1 with the
 * benchmarks' ECDHE-ECDSA P-256 certificate configuration ({@link Peers}: a P-256 CA and leaf,
 * TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, secp256r1), {@code workers} workers and no
 * per-address handshake rate (every client comes from 127.0.0.1).
 *
 * <pre>
 *   java -cp benchmarks.jar org.dtls4j.jmh.load.LoadServer workers=2 app=ignore|echo
 *        [provider=JDK|BC] [maxPeers=20000] [maxHandshakes=5000] [lifetime=900]
 * </pre>
 *
 * It prints one line, {@code ready port=<port> fingerprint=<SHA-256 of the leaf, hex> pid=<pid>},
 * then answers each {@code counters} line on standard input with
 * {@code counters <ServerCounters>}. It exits on {@code quit}, at the end of standard input (so
 * it never outlives the harness that started it) and after {@code lifetime} seconds whatever
 * happens. With {@code app=ignore} an accepted connection is left to the client, whose
 * close_notify ends it; with {@code app=echo} {@link Echo} serves it.
 */
public final class LoadServer {
    private LoadServer() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        int workers = Integer.parseInt(a.getOrDefault("workers", "1"));
        String app = a.getOrDefault("app", "ignore");
        Providers provider = Providers.valueOf(a.getOrDefault("provider", "JDK"));
        long lifetimeSeconds = Long.parseLong(a.getOrDefault("lifetime", "900"));
        ServerOptions options = ServerOptions.defaults()
                .withWorkers(workers)
                .withHandshakeRate(HandshakeRate.OFF)
                .withMaxPeers(Integer.parseInt(a.getOrDefault("maxPeers", "20000")))
                .withMaxConcurrentHandshakes(Integer.parseInt(a.getOrDefault("maxHandshakes", "5000")));
        DtlsConfig config = Peers.dtls4jServer(KeyExchange.ECDHE_ECDSA_P256, provider).build();
        exitAfter(lifetimeSeconds);
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), config, options)) {
            switch (app) {
                case "echo" -> Echo.serve(server);
                case "ignore" -> server.onConnection(c -> { });
                default -> throw new IllegalArgumentException("app must be ignore or echo, was " + app);
            }
            System.out.println("ready port=" + server.localAddress().getPort()
                    + " fingerprint=" + HexFormat.of().formatHex(leafFingerprint())
                    + " pid=" + ProcessHandle.current().pid());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            String line;
            while ((line = in.readLine()) != null && !line.equals("quit")) {
                if (line.equals("counters")) {
                    System.out.println("counters " + server.counters());
                    System.out.flush();
                }
            }
        }
    }

    /** SHA-256 of the server leaf's DER encoding, the pin of RFC 8122 §5 that clients check. */
    private static byte[] leafFingerprint() throws CertificateEncodingException, NoSuchAlgorithmException {
        byte[] der = Peers.chain(KeyExchange.ECDHE_ECDSA_P256).get(0).getEncoded();
        return MessageDigest.getInstance("SHA-256").digest(der);
    }

    /** A bound on the process's life, in case its harness hangs without closing standard input. */
    private static void exitAfter(long seconds) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1000);
                System.err.println("LoadServer: lifetime of " + seconds + " s over, exiting");
                System.exit(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lifetime");
        t.setDaemon(true);
        t.start();
    }
}
