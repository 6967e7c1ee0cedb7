package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.credentials.Pem;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.Negotiated;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.tickets.FileTicketKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fleet of three {@code dtls4j server} processes that share one ticket key file
 * ({@code --ticket-key-file}, RFC 5077 §4: the key only the servers know), behind a
 * {@link HashingRelay} that hashes each client to one node. Every client makes a full handshake
 * and keeps the ticket its node issued; then the relay moves every client to another node, and
 * every client comes back with its ticket: each second connection is an abbreviated handshake
 * (RFC 5077 §3.1) on a node that never saw the client, and no node logs a full handshake in the
 * second round.
 *
 * <p>The nodes are separate JVMs started from this test's class path ({@link CliServerProcess}),
 * each ended by its own process handle. {@value #DEFAULT_CLIENTS} clients take about 9 s on two
 * cores; {@code -Dfleet.clients=N} runs another number.
 */
@Timeout(300)
class FleetTicketTest {
    private static final int DEFAULT_CLIENTS = 200;
    private static final int NODES = 3;
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration HANDSHAKE = Duration.ofSeconds(30);
    private static final Duration ROUND = Duration.ofSeconds(120);
    /** Handshakes in flight at once, so that the relay and the three nodes are not all swamped at the start. */
    private static final int IN_FLIGHT = 8;

    @Test
    void everyClientResumesByTicketOnAnotherNode() throws Exception {
        int clients = clients();
        Path dir = Files.createTempDirectory(TestDirs.under("fleet"), "run-");
        Path keyFile = dir.resolve("ticket-keys");
        FileTicketKeys.rotate(keyFile, 2, new SecureRandom());
        TestPki pki = TestPki.get();
        TestPki.Credential cert = pki.serverEcdsa();
        List<String> args = List.of("--cert", cert.leafFile().toString(), "--key", cert.keyFile().toString(),
                "--ticket-key-file", keyFile.toString(),
                // every flow reaches a node from 127.0.0.1 through the relay: no per-address limit
                "--rate-limit", "off");
        DtlsConfig client = DtlsConfig.builder()
                .cipherSuites(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
                .trustedCertificates(Pem.readCertificates(pki.caFile()))
                .serverName("localhost")
                .offerSessionTickets(true)
                .build();

        List<CliServerProcess> nodes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
        try {
            for (int n = 0; n < NODES; n++) {
                nodes.add(CliServerProcess.start("node" + n, args, dir, START));
            }
            try (HashingRelay relay = new HashingRelay(nodes.stream().map(CliServerProcess::address).toList(), clients,
                    Duration.ofMinutes(5))) {
                List<DtlsSession> sessions = round(pool, relay, clients, client, null);
                for (int i = 0; i < clients; i++) {
                    assertTrue(sessions.get(i).ticket().isPresent(), "client " + i + " got a ticket: " + sessions.get(i));
                }
                int[] firstNode = new int[clients];
                for (HashingRelay.Flow f : relay.flows()) {
                    firstNode[f.client()] = f.node();
                }
                awaitLogged(nodes, relay, clients);
                int[] fullBefore = new int[NODES];
                for (int n = 0; n < NODES; n++) {
                    List<String> lines = nodes.get(n).established();
                    assertTrue(lines.stream().noneMatch(l -> l.endsWith(", resumed")), nodes.get(n).transcript());
                    fullBefore[n] = lines.size();
                }
                assertEquals(clients, sum(fullBefore), "one full handshake per client in the first round");

                relay.rehash();
                List<DtlsSession> resumed = round(pool, relay, clients, client, sessions);
                List<HashingRelay.Flow> flows = relay.flows();
                assertEquals(2 * clients, flows.size(), "one flow per client per round: " + flows);
                for (HashingRelay.Flow f : flows.subList(clients, flows.size())) {
                    assertNotEquals(firstNode[f.client()], f.node(), "client " + f.client() + " moved to another node");
                }
                for (int i = 0; i < clients; i++) {
                    assertArrayEquals(sessions.get(i).sessionId(), resumed.get(i).sessionId(), "client " + i + ": the same session");
                }
                awaitLogged(nodes, relay, 2 * clients);
                int resumedOnNodes = 0;
                for (int n = 0; n < NODES; n++) {
                    List<String> second = nodes.get(n).established();
                    second = second.subList(fullBefore[n], second.size());
                    assertTrue(second.stream().allMatch(l -> l.endsWith(", resumed")),
                            "no full handshake on node " + n + " in the second round: " + second);
                    resumedOnNodes += second.size();
                }
                assertEquals(clients, resumedOnNodes, "every node logged its abbreviated handshakes");
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            for (CliServerProcess node : nodes) {
                node.close(); // by its own Process handle: this child's PID only
            }
        }
    }

    /**
     * Connects every client through the relay (offering {@code offered.get(i)} when given), checks
     * one echoed datagram and whether the handshake resumed as expected, closes; the sessions.
     */
    private static List<DtlsSession> round(ExecutorService pool, HashingRelay relay, int clients, DtlsConfig config,
                                           List<DtlsSession> offered) throws Exception {
        List<Future<DtlsSession>> futures = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int client = i;
            InetSocketAddress front = relay.front(i);
            DtlsSession offer = offered == null ? null : offered.get(i);
            futures.add(pool.submit(() -> {
                try (DtlsConnection c = DtlsClient.connect(front, config, offer, HANDSHAKE)) {
                    Negotiated n = c.negotiated();
                    if (offer == null) {
                        assertFalse(n.resumed(), "client " + client + ": a full handshake first");
                    } else {
                        assertTrue(n.resumed(), "client " + client + " resumed by ticket: " + n);
                    }
                    byte[] hello = ("client " + client).getBytes(StandardCharsets.US_ASCII);
                    c.send(hello);
                    assertArrayEquals(hello, c.receive(HANDSHAKE), "client " + client + ": echoed");
                    return c.session();
                }
            }));
        }
        Deadline deadline = Deadline.in(ROUND);
        List<DtlsSession> sessions = new ArrayList<>();
        for (Future<DtlsSession> f : futures) {
            sessions.add(f.get(deadline.remaining().toMillis() + 1, TimeUnit.MILLISECONDS));
        }
        return sessions;
    }

    /**
     * Waits (bounded) until every node has logged as many established connections as the relay
     * sent it flows ({@code relay.flows()}); a node logs a connection on its accept thread, after the
     * client already has it. Then the nodes' logs hold {@code expected} connections in all.
     */
    private static void awaitLogged(List<CliServerProcess> nodes, HashingRelay relay, int expected)
            throws InterruptedException {
        int[] flowsTo = new int[nodes.size()];
        for (HashingRelay.Flow f : relay.flows()) {
            flowsTo[f.node()]++;
        }
        Deadline deadline = Deadline.in(Duration.ofSeconds(10));
        for (int n = 0; n < nodes.size(); n++) {
            nodes.get(n).awaitEstablished(flowsTo[n], deadline.remaining());
        }
        assertEquals(expected, logged(nodes), () -> nodes.get(0).transcript());
    }

    private static int logged(List<CliServerProcess> nodes) {
        return nodes.stream().mapToInt(n -> n.established().size()).sum();
    }

    private static int clients() {
        String v = System.getProperty("fleet.clients");
        return v == null || v.isBlank() || v.startsWith("${") ? DEFAULT_CLIENTS : Integer.parseInt(v.trim());
    }

    private static int sum(int[] a) {
        int s = 0;
        for (int x : a) {
            s += x;
        }
        return s;
    }
}
