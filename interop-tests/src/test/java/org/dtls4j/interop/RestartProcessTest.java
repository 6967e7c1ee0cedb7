package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.dtls4j.credentials.Pem;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Graceful restart across processes: a {@code dtls4j server --save-connections FILE --state-key
 * KEY} process holds {@value #CLIENTS} dtls4j connections and one OpenSSL {@code s_client}; it is
 * stopped as an operator stops it (SIGTERM to its PID), saves them, and a new process on the same
 * port with {@code --restore-connections FILE} takes them over. Every client goes on exchanging
 * data on the association it has: no new handshake (the new process logs only the restored
 * connections, and {@code s_client} prints no second handshake), no record discarded and no
 * retransmission on the dtls4j clients.
 */
@Timeout(180)
class RestartProcessTest {
    private static final int CLIENTS = 100;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern SAVED = Pattern.compile("saved (\\d+) connections? to ");
    private static final Pattern RESTORED = Pattern.compile("restored (\\d+) connections? from ");

    @Test
    void clientsAndOpenSslGoOnWithTheRestoredProcessWithoutAHandshake() throws Exception {
        Path dir = Files.createTempDirectory(TestDirs.under("restart"), "run-");
        Path stateKey = dir.resolve("state-key");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.writeString(stateKey, HexFormat.of().formatHex(key), StandardCharsets.US_ASCII);
        Path saved = dir.resolve("connections");
        TestPki pki = TestPki.get();
        TestPki.Credential cert = pki.serverEcdsa();
        List<String> common = List.of("--cert", cert.leafFile().toString(), "--key", cert.keyFile().toString(),
                "--state-key", stateKey.toString(), "--rate-limit", "off");
        DtlsConfig config = DtlsConfig.builder()
                .cipherSuites(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
                .trustedCertificates(Pem.readCertificates(pki.caFile()))
                .serverName("localhost")
                .build();

        List<DtlsConnection> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CliServerProcess first = null;
        CliServerProcess second = null;
        OpenSslProcess openssl = null;
        try {
            first = CliServerProcess.start("first", plus(common, "--save-connections", saved.toString()), dir, WAIT);
            int port = first.address().getPort();
            List<Future<DtlsConnection>> connecting = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                InetSocketAddress address = first.address();
                connecting.add(pool.submit(() -> DtlsClient.connect(address, config, WAIT)));
            }
            for (Future<DtlsConnection> f : connecting) {
                clients.add(f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            }
            openssl = OpenSslProcess.start("s_client", OpenSsl.sClient(first.address()).args("-brief", "-nocommands")
                    .cipher("ECDHE-ECDSA-AES128-GCM-SHA256").verifyServer(pki.caFile()).serverName("localhost")
                    .commandLine(), dir);
            openssl.awaitStderr(Pattern.compile("CONNECTION ESTABLISHED"), WAIT);
            exchange(clients, openssl, "before");
            awaitEstablished(first, CLIENTS + 1);

            assertTrue(first.terminate(WAIT).isPresent(), first::transcript);
            assertEquals(String.valueOf(CLIENTS + 1), first.awaitStdout(SAVED, WAIT).group(1), first::transcript);

            second = CliServerProcess.start("second", port,
                    plus(common, "--restore-connections", saved.toString()), dir, WAIT);
            assertEquals(String.valueOf(CLIENTS + 1), second.awaitStdout(RESTORED, WAIT).group(1), second::transcript);
            assertTrue(Files.notExists(saved), "a file is restored once");

            for (int round = 0; round < 3; round++) {
                exchange(clients, openssl, "after " + round);
            }
            awaitEstablished(second, CLIENTS + 1);
            assertEquals(CLIENTS + 1, second.established().size(), "the restored connections only, no new handshake: "
                    + second.transcript());
            for (DtlsConnection c : clients) {
                assertEquals(0, c.counters().discardedRecords(), c.counters()::toString);
                assertEquals(0, c.counters().retransmissions(), c.counters()::toString);
            }
            assertEquals(1, count(openssl.transcript(), "CONNECTION ESTABLISHED"), "one handshake of s_client: "
                    + openssl.transcript());
        } finally {
            pool.shutdownNow();
            for (DtlsConnection c : clients) {
                c.close();
            }
            for (AutoCloseable p : new AutoCloseable[] {openssl, first, second}) {
                if (p != null) {
                    p.close(); // each by its own process handle
                }
            }
        }
    }

    /**
     * A saved file under another state key, or changed in one byte, is refused by the new process
     * (its reason on stderr, {@code RestoreRefusedException.Why}), which then serves on empty: the
     * saved client's data is not answered, and a new client handshakes as usual.
     */
    @Test
    void aFileUnderAnotherKeyOrChangedInOneByteIsRefusedAndTheProcessServesOn() throws Exception {
        Path dir = Files.createTempDirectory(TestDirs.under("restart"), "refused-");
        Path stateKey = dir.resolve("state-key");
        Path otherKey = dir.resolve("other-key");
        SecureRandom random = new SecureRandom();
        for (Path k : List.of(stateKey, otherKey)) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            Files.writeString(k, HexFormat.of().formatHex(key), StandardCharsets.US_ASCII);
        }
        Path saved = dir.resolve("connections");
        TestPki pki = TestPki.get();
        TestPki.Credential cert = pki.serverEcdsa();
        List<String> common = List.of("--cert", cert.leafFile().toString(), "--key", cert.keyFile().toString());
        DtlsConfig config = DtlsConfig.builder()
                .cipherSuites(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
                .trustedCertificates(Pem.readCertificates(pki.caFile()))
                .serverName("localhost")
                .build();
        int port;
        byte[] good;
        try (CliServerProcess first = CliServerProcess.start("first",
                plus(common, "--state-key", stateKey.toString(), "--save-connections", saved.toString()), dir, WAIT);
             DtlsConnection client = DtlsClient.connect(first.address(), config, WAIT)) {
            port = first.address().getPort();
            exchange(List.of(client), null, "before");
            assertTrue(first.terminate(WAIT).isPresent(), first::transcript);
            assertEquals("1", first.awaitStdout(SAVED, WAIT).group(1), first::transcript);
            good = Files.readAllBytes(saved);
        }
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x01;
        for (Refusal r : List.of(new Refusal(otherKey, good, "WRONG_KEY"), new Refusal(stateKey, flipped, "TAMPERED"))) {
            Files.write(saved, r.file());
            try (CliServerProcess next = CliServerProcess.start("next", port, plus(common, "--state-key", r.key().toString(),
                    "--restore-connections", saved.toString()), dir, WAIT)) {
                next.awaitStderr(Pattern.compile("not restoring connections \\(" + r.why() + "\\)"), WAIT);
                try (DtlsConnection fresh = DtlsClient.connect(next.address(), config, WAIT)) {
                    exchange(List.of(fresh), null, "new after " + r.why());
                }
                awaitEstablished(next, 1); // the new client only
            }
        }
    }

    /** A restore the new process must refuse: under {@code key}, the saved {@code file}, for the reason {@code why}. */
    private record Refusal(Path key, byte[] file, String why) {
    }

    /** Each dtls4j client and {@code s_client} (when given) sends one line and gets it echoed. */
    private static void exchange(List<DtlsConnection> clients, OpenSslProcess openssl, String tag) throws Exception {
        for (int i = 0; i < clients.size(); i++) {
            byte[] line = (tag + " from client " + i).getBytes(StandardCharsets.US_ASCII);
            clients.get(i).send(line);
            assertArrayEquals(line, clients.get(i).receive(WAIT), "client " + i + ", " + tag);
        }
        if (openssl == null) {
            return;
        }
        String line = tag + " from s_client";
        openssl.write(line + "\n");
        openssl.awaitStdout(Pattern.compile("^" + Pattern.quote(line) + "$"), WAIT);
    }

    /** Waits (bounded) until {@code server} has logged {@code n} established connections. */
    private static void awaitEstablished(CliServerProcess server, int n) throws InterruptedException {
        server.awaitEstablished(n, WAIT);
        assertEquals(n, server.established().size(), server::transcript);
    }

    private static List<String> plus(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
