package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dtls4j.cli.pipe.PipeServer;
import org.dtls4j.cli.pipe.TunnelEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tunnel end to end, everything on 127.0.0.1: plain UDP clients -> {@code pipe client} ==DTLS==>
 * {@code pipe server} -> a plain UDP echo service, and back. Both ends are built from command-line
 * words by the same code the command uses.
 */
@Timeout(120)
class PipeTest {
    private static final String PSK = "5f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final CapturedTerminal serverLog = new CapturedTerminal();
    private final CapturedTerminal clientLog = new CapturedTerminal();


    private static TunnelEnd start(CapturedTerminal log, String... args) throws Exception {
        PipeSettings s = PipeSettings.from(ParsedArgs.parse("pipe", PipeSettings.OPTIONS, List.of(args)), log.terminal());
        return PipeCommand.start(s, log.terminal().out(), log.terminal().err());
    }

    private static String at(InetSocketAddress a) {
        return "127.0.0.1:" + a.getPort();
    }

    /** A plain UDP client: sends one datagram and waits (bounded) for the reply. */
    private static byte[] roundTrip(DatagramSocket socket, InetSocketAddress to, byte[] data) throws IOException {
        socket.send(new DatagramPacket(data, data.length, to));
        byte[] buffer = new byte[65_535];
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return Arrays.copyOf(buffer, p.getLength());
    }

    private static DatagramSocket udpClient(Duration timeout) throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        s.setSoTimeout((int) timeout.toMillis());
        return s;
    }

    @Test
    void concurrentFlowsRoundTripIntactAndIdleFlowsAreClosedOnBothSides() throws Exception {
        try (UdpEcho echo = new UdpEcho();
             TunnelEnd server = start(serverLog, "server", "127.0.0.1:0", at(echo.address()), "--psk", PSK,
                     "--idle-time", "700ms");
             TunnelEnd client = start(clientLog, "client", "127.0.0.1:0", at(server.localAddress()), "--psk", PSK,
                     "--idle-time", "700ms")) {
            int flows = 4;
            int datagrams = 25;
            ExecutorService pool = Executors.newFixedThreadPool(flows);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int f = 0; f < flows; f++) {
                    int seed = f;
                    results.add(pool.submit(() -> {
                        Random random = new Random(seed);
                        int intact = 0;
                        try (DatagramSocket udp = udpClient(Duration.ofSeconds(10))) {
                            for (int i = 0; i < datagrams; i++) {
                                byte[] data = new byte[1 + random.nextInt(1200)];
                                random.nextBytes(data);
                                byte[] back = roundTrip(udp, client.localAddress(), data);
                                assertNotNull(back, "flow " + seed + " datagram " + i + " got no reply");
                                assertArrayEquals(data, back, "flow " + seed + " datagram " + i);
                                intact++;
                            }
                        }
                        return intact;
                    }));
                }
                for (Future<Integer> r : results) {
                    assertEquals(datagrams, r.get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(flows, echo.sources().size(), "the tunnel server uses one socket per session");
            assertTrue(serverLog.out().contains("opened: TLS_"), serverLog.out());

            assertTrue(client.awaitFlowsAtMost(0, WAIT), "client flows closed when idle: " + clientLog.out());
            assertTrue(server.awaitFlowsAtMost(0, WAIT), "server flows closed when idle: " + serverLog.out());
            assertEquals(flows, clientLog.outLines().stream().filter(l -> l.contains(" closed: ")).count(), clientLog.out());
            assertTrue(clientLog.out().contains("closed: idle") || serverLog.out().contains("closed: idle"));

            try (DatagramSocket again = udpClient(Duration.ofSeconds(10))) {
                byte[] data = "after the idle close, a new session".getBytes();
                assertArrayEquals(data, roundTrip(again, client.localAddress(), data));
            }
        }
    }

    @Test
    void certificatesWithClientAuthenticationInsteadOfPsk() throws Exception {
        PemFiles pki = PemFiles.create(dir, "P-256");
        try (UdpEcho echo = new UdpEcho();
             TunnelEnd server = start(serverLog, "server", "127.0.0.1:0", at(echo.address()),
                     "--cert", pki.serverCert().toString(), "--key", pki.serverKey().toString(),
                     "--cafile", pki.ca().toString());
             TunnelEnd client = start(clientLog, "client", "127.0.0.1:0", at(server.localAddress()),
                     "--cert", pki.clientCert().toString(), "--key", pki.clientKey().toString(),
                     "--cafile", pki.ca().toString());
             DatagramSocket udp = udpClient(Duration.ofSeconds(10))) {
            byte[] data = "through a certificate tunnel".getBytes();
            assertArrayEquals(data, roundTrip(udp, client.localAddress(), data));
            assertTrue(serverLog.out().contains("opened: TLS_ECDHE_ECDSA_"), serverLog.out());
        }
    }

    @Test
    void aClientWithoutTheRightKeyGetsNothingThrough() throws Exception {
        try (UdpEcho echo = new UdpEcho();
             TunnelEnd server = start(serverLog, "server", "127.0.0.1:0", at(echo.address()), "--psk", PSK);
             TunnelEnd client = start(clientLog, "client", "127.0.0.1:0", at(server.localAddress()),
                     "--psk", "00" + PSK.substring(2), "--timeout", "1s");
             DatagramSocket udp = udpClient(Duration.ofMillis(1500))) {
            assertNull(roundTrip(udp, client.localAddress(), "let me in".getBytes()));
            clientLog.awaitLine(l -> l.contains(" closed: handshake failed: "), WAIT);
            assertTrue(echo.sources().isEmpty(), "nothing reached the service");
        }
    }

    @Test
    void theServerEndPrintsEachFailedHandshakeToStderr() throws Exception {
        try (UdpEcho echo = new UdpEcho();
             TunnelEnd server = start(serverLog, "server", "127.0.0.1:0", at(echo.address()), "--psk", PSK,
                     "--identity", "alice");
             TunnelEnd client = start(clientLog, "client", "127.0.0.1:0", at(server.localAddress()), "--psk", PSK,
                     "--identity", "mallory", "--timeout", "5s");
             DatagramSocket udp = udpClient(Duration.ofMillis(500))) {
            assertNull(roundTrip(udp, client.localAddress(), "let me in".getBytes()));
            String line = serverLog.awaitErrLine(l -> l.startsWith("handshake with "), WAIT);
            assertTrue(line.matches("handshake with 127\\.0\\.0\\.1:\\d+ failed: unknown_psk_identity \\(ours\\): "
                    + "unknown PSK identity 'mallory'"), line);
            assertEquals(0, server.flowCount());
            assertTrue(echo.sources().isEmpty(), "nothing reached the service");
        }
    }

    @Test
    void timeLimitEndsEvenABusySession() throws Exception {
        try (UdpEcho echo = new UdpEcho();
             TunnelEnd server = start(serverLog, "server", "127.0.0.1:0", at(echo.address()), "--psk", PSK);
             TunnelEnd client = start(clientLog, "client", "127.0.0.1:0", at(server.localAddress()), "--psk", PSK,
                     "--time-limit", "400ms-600ms");
             DatagramSocket udp = udpClient(Duration.ofSeconds(10))) {
            byte[] data = "short-lived".getBytes();
            assertArrayEquals(data, roundTrip(udp, client.localAddress(), data));
            clientLog.awaitLine(l -> l.endsWith(" closed: time limit reached"), WAIT);
            assertTrue(server.awaitFlowsAtMost(0, WAIT), "the server side ends too: " + serverLog.out());
        }
    }

    @Test
    void rateLimitHoldsBackTheSecondSessionFromOneAddress() throws Exception {
        try (UdpEcho echo = new UdpEcho();
             TunnelEnd server = start(serverLog, "server", "127.0.0.1:0", at(echo.address()), "--psk", PSK,
                     "--rate-limit", "1/1m");
             TunnelEnd client = start(clientLog, "client", "127.0.0.1:0", at(server.localAddress()), "--psk", PSK,
                     "--timeout", "3s");
             DatagramSocket first = udpClient(Duration.ofSeconds(10));
             DatagramSocket second = udpClient(Duration.ofMillis(1500))) {
            serverLog.awaitLine(l -> l.startsWith("limits: peers 1024, handshakes 1000, rate 1/1m per address, idle 30s"), WAIT);
            byte[] data = "first".getBytes();
            assertArrayEquals(data, roundTrip(first, client.localAddress(), data),
                    () -> ((PipeServer) server).serverCounters().toString());
            assertNull(roundTrip(second, client.localAddress(), "second".getBytes()));
            clientLog.awaitLine(l -> l.contains(" closed: handshake failed: "), WAIT);
            assertTrue(((PipeServer) server).serverCounters().refusedRate() >= 1);
        }
    }

    @Test
    void skipHelloVerifyTurnsTheCookieExchangeOff() throws Exception {
        for (boolean skip : new boolean[] {false, true}) {
            try (UdpEcho echo = new UdpEcho()) {
                List<String> args = new ArrayList<>(List.of("server", "127.0.0.1:0", at(echo.address()), "--psk", PSK));
                if (skip) {
                    args.add("--skip-hello-verify");
                }
                try (TunnelEnd server = start(serverLog, args.toArray(new String[0]));
                     TunnelEnd client = start(clientLog, "client", "127.0.0.1:0", at(server.localAddress()), "--psk", PSK);
                     DatagramSocket udp = udpClient(Duration.ofSeconds(10))) {
                    byte[] data = {1, 2, 3};
                    assertArrayEquals(data, roundTrip(udp, client.localAddress(), data));
                    long verifies = ((PipeServer) server).serverCounters().cookieVerifies();
                    assertEquals(skip ? 0 : 1, verifies, "HelloVerifyRequests sent with --skip-hello-verify=" + skip);
                }
            }
        }
    }
}
