package org.dtls4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import org.dtls4j.credentials.Credentials;
import org.dtls4j.credentials.ThrowawayCredentials;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.engine.DtlsEngine;

/**
 * {@code dtls4j demo} without {@code --udp}: a client and a server {@link DtlsEngine} in this
 * process, joined by {@link DemoLink}, an in-memory link with simulated time. The handshake is the
 * one RFC 6347 §4.2.4 draws in its Figure 1 (with the cookie exchange of §4.2.1), or Figure 2's
 * abbreviated one for {@code --resume} (RFC 5246 §7.3). Losses are chosen, not random
 * ({@code --drop}), so every run prints the same sequence.
 */
final class SimulatedDemo {
    /**
     * What to show.
     *
     * @param cid        connection id length for both ends (RFC 9146), or -1 for none
     * @param psk        a pre-shared key instead of a certificate (RFC 4279)
     * @param mtu        the largest datagram either end sends
     * @param drops      flights whose first transmission is lost
     * @param resume     a second connection resumes the first's session
     * @param clientAuth the server asks for a client certificate (RFC 5246 §7.4.4)
     * @param ladder     print a message-sequence diagram at the end
     * @param ladderFile write the diagram as Mermaid to this file, or null
     */
    record Options(int cid, boolean psk, int mtu, Set<Integer> drops, boolean resume, boolean clientAuth,
                   boolean ladder, Path ladderFile, int lossPercent, boolean badCookie, boolean hex) { }

    private static final byte[] IDENTITY = "Client_identity".getBytes(StandardCharsets.UTF_8);

    private SimulatedDemo() {
    }

    @SuppressWarnings("try") // the trace resource is only there to be closed
    static int run(Options o, PrintStream out) throws CommandFailure {
        SecureRandom random = new SecureRandom();
        out.println("== a client and a server engine in this process, joined by an in-memory link");
        out.println("== time is simulated: the clock starts at 0, a datagram takes " + DemoLink.LATENCY_NANOS / 1_000_000
                + " ms to cross, and the clock jumps to the next arrival or timer; nothing sleeps");
        DtlsConfig.Builder server = DtlsConfig.builder().maxDatagramSize(o.mtu());
        DtlsConfig.Builder client = DtlsConfig.builder().maxDatagramSize(o.mtu());
        if (o.psk()) {
            byte[] key = new byte[16];
            random.nextBytes(key);
            out.println("== a pre-shared key for identity Client_identity: " + HexFormat.of().formatHex(key) + " (RFC 4279)");
            CipherSuite[] suites = {CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256};
            server.cipherSuites(suites).pskStore(id -> Arrays.equals(id, IDENTITY) ? key.clone() : null);
            client.cipherSuites(suites).psk(IDENTITY, key);
        } else {
            out.println("== a throwaway ECDSA P-256 certificate for CN=localhost");
            Credentials identity = ThrowawayCredentials.selfSigned("P-256", "localhost", "localhost", "127.0.0.1");
            server.certificate(identity.chain(), identity.privateKey());
            client.trustedCertificates(identity.chain()).serverName("localhost");
        }
        if (o.clientAuth()) {
            out.println("== a throwaway ECDSA P-256 certificate for the client, CN=demo client; the server requires one (RFC 5246 §7.4.4)");
            Credentials c = ThrowawayCredentials.selfSigned("P-256", "demo client");
            client.certificate(c.chain(), c.privateKey());
            server.clientAuth(ClientAuth.REQUIRED).trustedCertificates(c.chain());
        }
        if (o.cid() >= 0) {
            out.println("== both ends ask for a " + o.cid() + "-byte connection id (RFC 9146 §3)");
            server.connectionIdLength(o.cid());
            client.connectionIdLength(o.cid());
        }
        if (o.mtu() != 1400) {
            out.println("== datagrams of at most " + o.mtu() + " bytes: longer messages go in fragments (RFC 6347 §4.2.3)");
        }
        if (!o.drops().isEmpty()) {
            out.println("== the link loses the first transmission of flight(s) " + o.drops());
        }
        DtlsConfig clientConfig = client.build();
        ByteArrayOutputStream traceBytes = new ByteArrayOutputStream();
        PrintStream trace = new PrintStream(traceBytes, true, StandardCharsets.UTF_8);
        int cidLength = Math.max(o.cid(), 0);
        if (o.lossPercent() > 0) {
            out.println("== the link loses " + o.lossPercent() + " % of the handshake's datagrams (a fixed seed: the same"
                    + " datagrams every run)");
        }
        if (o.badCookie()) {
            out.println("== the link changes one byte of the first cookie the client returns");
        }
        DemoLink link = new DemoLink(out, trace, traceBytes, server.build(), random, o.drops(), cidLength,
                o.lossPercent(), o.badCookie(), o.hex());
        long clientRetransmissions;
        long applicationSent;
        long applicationReceived;
        long discarded;
        try (TraceOutput ignored = TraceOutput.install(trace)) {
            DtlsEngine first = DtlsEngine.client(clientConfig, random);
            link.handshake(first, false);
            out.println("== handshake complete");
            Describe.negotiated(out, first.negotiated(), first.maxApplicationDataSize());
            for (String m : DemoCommand.MESSAGES) {
                out.println("== client sent   \"" + m + "\"");
                String echo = link.echo(m);
                if (echo == null) {
                    throw new CommandFailure("no echo of \"" + m + "\"");
                }
                out.println("== client got    \"" + echo + "\"");
            }
            link.close();
            clientRetransmissions = first.counters().retransmissions();
            applicationSent = first.counters().applicationSent();
            applicationReceived = first.counters().applicationReceived();
            discarded = first.counters().discardedRecords();
            if (o.resume()) {
                DtlsSession session = first.negotiated().session();
                out.println("== a second connection offers the first one's session: the abbreviated handshake (RFC 5246 §7.3)");
                link.note("second connection: resumption");
                DtlsEngine second = DtlsEngine.client(clientConfig, random, session);
                link.handshake(second, true);
                out.println("== handshake complete");
                Describe.negotiated(out, second.negotiated(), second.maxApplicationDataSize());
                link.close();
                clientRetransmissions += second.counters().retransmissions();
                discarded += second.counters().discardedRecords();
            }
        }
        int handshakes = o.resume() ? 2 : 1;
        out.println("== client counters: datagrams in " + link.receivedBy[0] + ", out " + link.sentBy[0]
                + "; application sent " + applicationSent + ", received " + applicationReceived
                + "; retransmissions " + clientRetransmissions + "; records discarded " + discarded);
        out.println("== server counters: datagrams in " + link.receivedBy[1] + ", out " + link.sentBy[1]
                + "; HelloVerifyRequests sent " + link.helloVerifyRequests + ", cookies accepted " + link.cookiesAccepted
                + "; handshakes completed " + handshakes + ", failed 0");
        if (o.ladder()) {
            out.println();
            Ladder.terminal(out, link.history(), link.notes());
        }
        if (o.ladderFile() != null) {
            try {
                Files.writeString(o.ladderFile(), Ladder.mermaidMarkdown(link.history(), link.notes()));
            } catch (IOException e) {
                throw new CommandFailure("cannot write " + o.ladderFile() + ": " + e.getMessage(), e);
            }
            out.println("== the diagram is in " + o.ladderFile() + " (Mermaid sequenceDiagram)");
        }
        return Main.OK;
    }
}
