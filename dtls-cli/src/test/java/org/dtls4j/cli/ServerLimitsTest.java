package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dtls4j.transport.ServerOptions;
import org.dtls4j.transport.HandshakeRate;
import org.junit.jupiter.api.Test;

/** The limit flags of {@code server} (and {@code pipe server}): each reaches its ServerOptions field. */
class ServerLimitsTest {
    private static final List<Option> OPTIONS = ServerLimits.options(ServerOptions.defaults(), "", true);

    private static ServerOptions read(String... args) throws UsageException {
        return ServerLimits.read(ParsedArgs.parse("server", OPTIONS, List.of(args)), ServerOptions.defaults());
    }

    private static String error(String... args) {
        return assertThrows(UsageException.class, () -> read(args)).getMessage();
    }

    @Test
    void noFlagKeepsTheDefaults() throws UsageException {
        assertEquals(ServerOptions.defaults(), read());
    }

    @Test
    void eachFlagSetsItsField() throws UsageException {
        ServerOptions d = ServerOptions.defaults();
        assertEquals(d.withMaxPeers(5000), read("--max-peers", "5000"));
        assertEquals(d.withMaxConcurrentHandshakes(10), read("--max-handshakes", "10"));
        assertEquals(d.withHandshakeRate(new HandshakeRate(100, Duration.ofSeconds(10))), read("--rate-limit", "100/10s"));
        assertEquals(d.withIdleTimeout(Duration.ofSeconds(90)), read("--idle-time", "1m30s"));
        assertEquals(d.withIdleTimeout(Duration.ofSeconds(90)), read("--idle-timeout", "1m30s"), "the name it shipped with");
        assertEquals(d.withWorkers(7), read("--workers", "7"));
        assertEquals(d.withAcceptQueue(16), read("--accept-queue", "16"));
        assertEquals(d.withCookieRotation(Duration.ofMillis(2500)), read("--cookie-rotation", "2.5s"));
    }

    @Test
    void rateLimitInDtlspipesSyntax() throws UsageException {
        assertEquals(new HandshakeRate(20, Duration.ofMinutes(1)), read("--rate-limit", "20/1m").handshakeRate());
        assertEquals(new HandshakeRate(5, Duration.ofMinutes(1)), read("--rate-limit", "5/1m0s").handshakeRate());
        assertEquals(new HandshakeRate(3, Duration.ofMillis(1500)), read("--rate-limit", "3/1s500ms").handshakeRate());
        assertEquals(new HandshakeRate(1, Duration.ofSeconds(3)), read("--rate-limit", "3s").handshakeRate(),
                "a bare duration: one per that long");
        assertEquals(HandshakeRate.OFF, read("--rate-limit", "off").handshakeRate());
        assertEquals(HandshakeRate.OFF, read("--rate-limit", "OFF").handshakeRate());
    }

    @Test
    void fewerPeersThanTheDefaultHandshakesLowerThoseToo() throws UsageException {
        assertEquals(50, read("--max-peers", "50").maxConcurrentHandshakes());
        assertEquals(1000, read("--max-peers", "5000").maxConcurrentHandshakes());
        assertEquals(20, read("--max-peers", "50", "--max-handshakes", "20").maxConcurrentHandshakes());
        assertEquals(2000, read("--max-handshakes", "2000").maxConcurrentHandshakes(), "within the 10,000 peers");
    }

    @Test
    void badValuesNameTheFlagAndShowAnExample() {
        assertEquals("--max-peers: must be 1..1000000, got 0 (e.g. --max-peers 10000)", error("--max-peers", "0"));
        assertEquals("--max-handshakes: expected a number, got 'lots' (e.g. --max-handshakes 1000)",
                error("--max-handshakes", "lots"));
        assertEquals("--max-handshakes: 100 is more than the peers held at once (50, --max-peers), e.g. --max-handshakes 50",
                error("--max-peers", "50", "--max-handshakes", "100"));
        assertEquals("--workers: must be 1..1024, got 2000 (e.g. --workers 4)", error("--workers", "2000"));
        assertEquals("--accept-queue: must be 1..1000000, got -1 (e.g. --accept-queue 1024)", error("--accept-queue", "-1"));
        assertEquals("--idle-time: expected a duration like 500ms, 30s, 1m, got '5 min' (e.g. --idle-time 5m)",
                error("--idle-timeout", "5 min"));
        assertEquals("--cookie-rotation: duration out of range: '0s' (e.g. --cookie-rotation 30s)",
                error("--cookie-rotation", "0s"));
        assertEquals("--rate-limit: expected N/DURATION, DURATION or off, got '20' (e.g. --rate-limit 20/1m)",
                error("--rate-limit", "20"));
        assertEquals("--rate-limit: must be 1..1000000, got 0 (e.g. --rate-limit 20/1m)", error("--rate-limit", "0/1m"));
        assertEquals("--rate-limit: expected a duration like 500ms, 30s, 1m, got '1d' (e.g. --rate-limit 20/1m)",
                error("--rate-limit", "20/1d"));
        assertEquals("--rate-limit: expected a number, got 'x' (e.g. --rate-limit 20/1m)", error("--rate-limit", "x/1m"));
    }

    @Test
    void oneStartupLineWithEveryLimit() throws UsageException {
        assertEquals("limits: peers 10, handshakes 2, rate 60/1m per address, idle 5m, workers 2, accept queue 8,"
                + " cookie rotation 30s", ServerLimits.line(read("--max-peers", "10", "--max-handshakes", "2",
                "--workers", "2", "--accept-queue", "8")));
        assertTrue(ServerLimits.line(read("--rate-limit", "off", "--idle-timeout", "90s"))
                .contains(", rate off, idle 1m30s, "));
    }

    @Test
    void helpGivesEachDefault() {
        ServerOptions d = ServerOptions.defaults();
        List<String> help = new ArrayList<>();
        for (Option o : OPTIONS) {
            help.add(o.synopsis() + "  " + o.help());
        }
        assertEquals(List.of(
                "--max-peers N  most peers, handshaking or connected, at once (default 10000)",
                "--max-handshakes N  most handshakes in progress at once (default 1000)",
                "--rate-limit N/DURATION  new handshakes per source address, or off (default 60/1m)",
                "--idle-time, --idle-timeout DURATION  forget a peer silent this long (default 5m)",
                "--workers N  handshake threads, as many again for connections (default one per processor, "
                        + d.workers() + " here)",
                "--accept-queue N  established connections waiting to be served (default 1024)",
                "--cookie-rotation DURATION  how long a cookie secret is current (default 30s)"), help);
        assertTrue(ServerLimits.options(d, "server: ", false).stream().noneMatch(o -> o.name().equals("idle-time")));
    }
}
