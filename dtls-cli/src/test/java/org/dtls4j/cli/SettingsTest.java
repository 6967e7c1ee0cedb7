package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.dtls4j.cli.pipe.TimeLimit;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.NamedGroup;
import org.dtls4j.transport.ServerOptions;
import org.dtls4j.transport.HandshakeRate;
import org.junit.jupiter.api.Test;

/** Every option of server, client and pipe reaches its settings; contradictions are refused. */
class SettingsTest {

    private static Terminal terminal(Map<String, String> env) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new Terminal(new ByteArrayInputStream(new byte[0]), sink, sink, env);
    }

    private static ServerSettings server(String... args) throws UsageException {
        return ServerSettings.from(ParsedArgs.parse("server", ServerSettings.OPTIONS, List.of(args)), terminal(Map.of()));
    }

    private static ClientSettings client(String... args) throws UsageException {
        return ClientSettings.from(ParsedArgs.parse("client", ClientSettings.OPTIONS, List.of(args)), terminal(Map.of()));
    }

    private static PipeSettings pipe(Map<String, String> env, String... args) throws UsageException {
        return PipeSettings.from(ParsedArgs.parse("pipe", PipeSettings.OPTIONS, List.of(args)), terminal(env));
    }

    private static String serverError(String... args) {
        return assertThrows(UsageException.class, () -> server(args)).getMessage();
    }

    private static String clientError(String... args) {
        return assertThrows(UsageException.class, () -> client(args)).getMessage();
    }

    private static String pipeError(String... args) {
        return assertThrows(UsageException.class, () -> pipe(Map.of(), args)).getMessage();
    }

    @Test
    void serverWithEveryOption() throws UsageException {
        ServerSettings s = server("--listen", "127.0.0.1:4433", "--cert", "c.pem", "--key", "k.pem", "--psk", "0a0b",
                "--psk-identity", "alice", "--ciphers", "PSK-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256",
                "--groups", "x25519", "--mtu", "1200", "--verify-client", "ca.pem", "--no-cookie", "--alpn", "coap,h2",
                "--keylog", "keys.txt", "--max-peers", "50", "--max-handshakes", "20", "--rate-limit", "100/10s",
                "--idle-timeout", "90s", "--workers", "3", "--accept-queue", "64", "--cookie-rotation", "1m",
                "--count", "3", "--trace");
        assertEquals(4433, s.listen().getPort());
        assertTrue(s.listen().getAddress().isLoopbackAddress());
        TlsSettings t = s.tls();
        assertEquals(Path.of("c.pem"), t.certFile());
        assertEquals(Path.of("k.pem"), t.keyFile());
        assertArrayEquals(new byte[] {10, 11}, t.psk().key());
        assertEquals("alice", t.psk().identity().orElseThrow());
        assertEquals(List.of(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256),
                t.ciphers());
        assertEquals(List.of(NamedGroup.X25519), t.groups());
        assertEquals(1200, t.mtu());
        assertEquals(Path.of("ca.pem"), t.caFile());
        assertEquals(new ServerOptions(false, 50, 20, Duration.ofSeconds(90), new HandshakeRate(100, Duration.ofSeconds(10)),
                Duration.ofMinutes(1), 64, 3), s.options());
        assertEquals(List.of("coap", "h2"), t.alpn());
        assertEquals(Path.of("keys.txt"), t.keyLog());
        assertEquals(3, s.count());
        assertEquals(TraceLevel.MESSAGES, s.trace());
    }

    @Test
    void serverDefaults() throws UsageException {
        ServerSettings s = server("--listen", "127.0.0.1:0", "--psk", "00");
        assertEquals(ServerOptions.defaults(), s.options(), "no flag: the transport's defaults, cookies on");
        assertEquals(0, s.count());
        assertEquals(null, s.trace());
        assertEquals(Psk.DEFAULT_IDENTITY, s.tls().psk().identity().orElseThrow());
        assertEquals(0, s.tls().mtu());
        assertTrue(s.tls().ciphers().isEmpty());
    }

    @Test
    void serverMistakes() {
        assertEquals("'server' needs --listen", serverError("--psk", "00"));
        assertEquals("the server needs --cert and --key, or --psk", serverError("--listen", "127.0.0.1:1"));
        assertEquals("--cert and --key go together", serverError("--listen", "127.0.0.1:1", "--cert", "c.pem"));
        assertEquals("--psk-identity needs --psk",
                serverError("--listen", "127.0.0.1:1", "--cert", "c", "--key", "k", "--psk-identity", "x"));
        assertEquals("--mtu: must be 256..65507, got 100", serverError("--listen", "127.0.0.1:1", "--psk", "00", "--mtu", "100"));
        assertEquals("--count: must be 1..2147483647, got 0",
                serverError("--listen", "127.0.0.1:1", "--psk", "00", "--count", "0"));
        assertEquals("--max-peers: expected a number, got 'many' (e.g. --max-peers 10000)",
                serverError("--listen", "127.0.0.1:1", "--psk", "00", "--max-peers", "many"));
        assertEquals("unknown option --insecure for 'server'", serverError("--listen", "127.0.0.1:1", "--insecure"));
        assertEquals("'server' expects no arguments, got extra", serverError("--listen", "127.0.0.1:1", "extra"));
    }

    @Test
    void clientWithEveryOption() throws UsageException {
        ClientSettings s = client("--connect", "127.0.0.1:4433", "--cafile", "ca.pem", "--servername", "example.org",
                "--cert", "c.pem", "--key", "k.pem", "--psk", "ff", "--psk-identity", "bob", "--ciphers", "PSK-AES128-CCM8",
                "--groups", "P-384", "--mtu", "512", "--alpn", "coap", "--keylog", "k.log", "--timeout", "3",
                "--count", "20", "--size", "500", "--trace");
        TlsSettings t = s.tls();
        assertEquals(4433, s.connect().getPort());
        assertEquals(Path.of("ca.pem"), t.caFile());
        assertFalse(t.insecure());
        assertEquals("example.org", t.serverName());
        assertEquals(Path.of("c.pem"), t.certFile());
        assertEquals("bob", new String(t.psk().clientIdentity(), StandardCharsets.UTF_8));
        assertEquals(List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8), t.ciphers());
        assertEquals(List.of(NamedGroup.SECP384R1), t.groups());
        assertEquals(512, t.mtu());
        assertEquals(List.of("coap"), t.alpn());
        assertEquals(Path.of("k.log"), t.keyLog());
        assertEquals(Duration.ofSeconds(3), s.timeout());
        assertEquals(20, s.count());
        assertEquals(500, s.size());
        assertEquals(TraceLevel.MESSAGES, s.trace());
        assertTrue(client("--connect", "127.0.0.1:1", "--insecure").tls().insecure());
    }

    @Test
    void clientDefaultsAndServerNameFromHost() throws UsageException {
        ClientSettings s = client("--connect", "127.0.0.1:4433", "--psk", "00");
        assertEquals(ClientSettings.DEFAULT_TIMEOUT, s.timeout());
        assertEquals(0, s.count());
        assertEquals(ClientSettings.DEFAULT_SIZE, s.size());
        assertNull(s.tls().serverName(), "no server name for an IP literal");
        assertEquals(Psk.DEFAULT_IDENTITY, new String(s.tls().psk().clientIdentity(), StandardCharsets.UTF_8));
        assertEquals("localhost", client("--connect", "localhost:4433", "--insecure").tls().serverName());
        assertNull(client("--connect", "[::1]:4433", "--insecure").tls().serverName());
    }

    @Test
    void clientMistakes() {
        assertEquals("'client' needs --connect", clientError("--insecure"));
        assertEquals("--cafile and --insecure contradict each other",
                clientError("--connect", "127.0.0.1:1", "--cafile", "a", "--insecure"));
        assertEquals("--size goes with --count", clientError("--connect", "127.0.0.1:1", "--size", "10"));
        assertEquals("--size: must be 1..16384, got 20000",
                clientError("--connect", "127.0.0.1:1", "--count", "1", "--size", "20000"));
        assertEquals("--connect: port 0 is not a server port", clientError("--connect", "127.0.0.1:0"));
        assertEquals("--timeout: expected a duration like 500ms, 30s, 1m, got 'soon'",
                clientError("--connect", "127.0.0.1:1", "--timeout", "soon"));
        assertEquals("--alpn: protocol names are at most 255 bytes",
                clientError("--connect", "127.0.0.1:1", "--alpn", "x".repeat(256)));
        assertEquals("--keylog: empty file name", clientError("--connect", "127.0.0.1:1", "--keylog="));
        assertEquals("unknown option --verify-client for 'client'", clientError("--verify-client", "ca.pem"));
    }

    @Test
    void pipeServerWithEveryOption() throws UsageException {
        PipeSettings s = pipe(Map.of(), "server", "127.0.0.1:2815", "127.0.0.1:514", "--psk", "abcd", "--identity", "me",
                "--ciphers", "PSK-AES128-GCM-SHA256", "--groups", "x25519", "--mtu", "1300", "--idle-time", "5s",
                "--rate-limit", "10/30s", "--time-limit", "1m-2m", "--timeout", "2s", "--skip-hello-verify",
                "--cert", "c.pem", "--key", "k.pem", "--cafile", "ca.pem", "--max-peers", "100", "--max-handshakes", "50",
                "--workers", "2", "--accept-queue", "32", "--cookie-rotation", "45s");
        assertTrue(s.server());
        assertEquals(2815, s.bind().getPort());
        assertEquals(514, s.remote().getPort());
        assertEquals("me", s.tls().psk().identity().orElseThrow());
        assertEquals(List.of(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256), s.tls().ciphers());
        assertEquals(List.of(NamedGroup.X25519), s.tls().groups());
        assertEquals(1300, s.tls().mtu());
        assertEquals(Duration.ofSeconds(5), s.idleTime());
        assertEquals(new ServerOptions(false, 100, 50, Duration.ofSeconds(5), new HandshakeRate(10, Duration.ofSeconds(30)),
                Duration.ofSeconds(45), 32, 2), s.limits(), "10/30s stays 10 per 30 s, not 20 a minute");
        assertEquals(new TimeLimit(Duration.ofMinutes(1), Duration.ofMinutes(2)), s.timeLimit());
        assertEquals(Duration.ofSeconds(2), s.handshakeTimeout());
        assertEquals(100, s.pipeOptions().maxFlows());
        assertEquals(Path.of("c.pem"), s.tls().certFile());
        assertEquals(Path.of("ca.pem"), s.tls().caFile());
    }

    @Test
    void pipeDefaultsAsDtlspipeAndPskFromTheEnvironment() throws UsageException {
        PipeSettings s = pipe(Map.of(TlsSettings.PSK_VARIABLE, "0102"), "client", "127.0.0.1:2816", "127.0.0.1:2815");
        assertFalse(s.server());
        assertArrayEquals(HexFormat.of().parseHex("0102"), s.tls().psk().key());
        assertEquals(Psk.DEFAULT_IDENTITY, s.tls().psk().identity().orElseThrow());
        assertEquals(1400, s.tls().mtu());
        assertEquals(Duration.ofSeconds(30), s.idleTime());
        assertEquals(ServerOptions.defaults().withMaxPeers(1024).withMaxConcurrentHandshakes(1000)
                .withHandshakeRate(new HandshakeRate(20, Duration.ofMinutes(1))).withIdleTimeout(Duration.ofSeconds(30)),
                s.limits(), "dtlspipe's rate, as many peers as flows, the transport's defaults for the rest");
        assertEquals(1024, s.pipeOptions().maxFlows());
        assertNull(s.timeLimit());
        assertEquals(Duration.ofSeconds(10), s.handshakeTimeout());
        PipeSettings server = pipe(Map.of(), "server", ":2815", "127.0.0.1:514", "--psk", "00", "--rate-limit", "off");
        assertTrue(server.tls().psk().identity().isEmpty(), "the tunnel server takes any identity by default");
        assertTrue(server.limits().cookies(), "the cookie exchange unless --skip-hello-verify");
        assertEquals(HandshakeRate.OFF, server.limits().handshakeRate());
        for (String off : List.of("0", "")) {
            assertEquals(HandshakeRate.OFF, pipe(Map.of(), "server", ":2815", "127.0.0.1:514", "--psk", "00",
                    "--rate-limit=" + off).limits().handshakeRate(), "the old spellings of off: '" + off + "'");
        }
        assertArrayEquals(new byte[] {7}, pipe(Map.of(TlsSettings.PSK_VARIABLE, "0102"),
                "client", ":1", "127.0.0.1:2", "--psk", "07").tls().psk().key(), "--psk wins over the variable");
        assertEquals(Duration.ofSeconds(45), pipe(Map.of(), "server", ":1", "127.0.0.1:2", "--psk", "00",
                "--time-limit", "45s").timeLimit().pick(new java.util.Random(1)));
    }

    @Test
    void pipeMistakes() {
        assertEquals("'pipe' expects server|client BIND REMOTE or hoppingclient BIND ENDPOINT-GROUP..., got server :1",
                pipeError("server", ":1", "--psk", "00"));
        assertEquals("expected 'server', 'client' or 'hoppingclient', got 'relay'",
                pipeError("relay", ":1", "127.0.0.1:2", "--psk", "00"));
        assertEquals("give --psk (or DTLS4J_PSK), or certificates (--cert and --key)",
                pipeError("server", ":1", "127.0.0.1:2"));
        assertEquals("give --psk (or DTLS4J_PSK), or certificates (--cafile or --insecure)",
                pipeError("client", ":1", "127.0.0.1:2"));
        assertEquals("REMOTE: port 0 is not a destination", pipeError("client", ":1", "127.0.0.1:0", "--psk", "00"));
        assertEquals("--skip-hello-verify is a server option",
                pipeError("client", ":1", "127.0.0.1:2", "--psk", "00", "--skip-hello-verify"));
        assertEquals("--rate-limit is a server option",
                pipeError("client", ":1", "127.0.0.1:2", "--psk", "00", "--rate-limit", "1/1s"));
        assertEquals("--max-peers is a server option",
                pipeError("client", ":1", "127.0.0.1:2", "--psk", "00", "--max-peers", "5"));
        assertEquals("--rate-limit: expected N/DURATION, DURATION or off, got '20' (e.g. --rate-limit 20/1m)",
                pipeError("server", ":1", "127.0.0.1:2", "--psk", "00", "--rate-limit", "20"));
        assertEquals("--time-limit: the range 2m-1m runs backwards",
                pipeError("server", ":1", "127.0.0.1:2", "--psk", "00", "--time-limit", "2m-1m"));
        assertEquals("--idle-time: duration out of range: '0s'",
                pipeError("server", ":1", "127.0.0.1:2", "--psk", "00", "--idle-time", "0s"));
        assertEquals("DTLS4J_PSK: not hex", assertThrows(UsageException.class,
                () -> pipe(Map.of(TlsSettings.PSK_VARIABLE, "xy"), "client", ":1", "127.0.0.1:2")).getMessage());
    }
}
