package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dtls4j.cli.pipe.StaleMode;
import org.dtls4j.cli.pipe.TimeLimit;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.NamedGroup;
import org.dtls4j.transport.HandshakeRate;
import org.junit.jupiter.api.Test;

/**
 * One name per concept across {@code server}, {@code client} and {@code pipe}, every spelling that
 * shipped still accepted; dtlspipe's command lines (one dash, {@code =false}, {@code DTLSPIPE_PSK},
 * {@code -stale-mode}, {@code hoppingclient}) read as dtlspipe reads them.
 */
class OptionNamesTest {
    private static final String KEY = "00112233445566778899aabbccddeeff";

    private static ServerSettings server(String... args) throws UsageException {
        return ServerSettings.from(ParsedArgs.parse("server", ServerSettings.OPTIONS, List.of(args)),
                new CapturedTerminal().terminal());
    }

    private static ClientSettings client(String... args) throws UsageException {
        return ClientSettings.from(ParsedArgs.parse("client", ClientSettings.OPTIONS, List.of(args)),
                new CapturedTerminal().terminal());
    }

    private static PipeSettings pipe(Map<String, String> env, String... args) throws UsageException {
        return PipeSettings.from(ParsedArgs.parse("pipe", PipeSettings.OPTIONS, List.of(args)),
                new CapturedTerminal("", env).terminal());
    }

    private static PipeSettings pipe(String... args) throws UsageException {
        return pipe(Map.of(), args);
    }

    private static String pipeError(Map<String, String> env, String... args) {
        return assertThrows(UsageException.class, () -> pipe(env, args)).getMessage();
    }

    @Test
    void thePskIdentityIsPskIdentityEverywhereAndIdentityStillWorks() throws UsageException {
        for (String name : List.of("--psk-identity", "--identity", "-psk-identity", "-identity")) {
            assertEquals("me", server("--listen", ":1", "--psk", KEY, name, "me").tls().psk().identity().orElseThrow(), name);
            assertEquals("me", client("--connect", "127.0.0.1:1", "--psk", KEY, name, "me").tls().psk().identity()
                    .orElseThrow(), name);
            assertEquals("me", pipe("server", ":1", "127.0.0.1:2", "--psk", KEY, name, "me").tls().psk().identity()
                    .orElseThrow(), name);
        }
        assertEquals("--psk-identity needs --psk", assertThrows(UsageException.class,
                () -> pipe("client", ":1", "127.0.0.1:2", "--insecure", "--identity", "me")).getMessage());
    }

    @Test
    void theCookieExchangeIsTurnedOffBySkipHelloVerifyOrNoCookieOnBothServersAndStaysOnByDefault() throws UsageException {
        assertTrue(server("--listen", ":1", "--psk", KEY).options().cookies());
        assertTrue(pipe("server", ":1", "127.0.0.1:2", "--psk", KEY).limits().cookies());
        for (String off : List.of("--skip-hello-verify", "--no-cookie", "-skip-hello-verify", "--skip-hello-verify=true",
                "-skip-hello-verify=true", "--no-cookie=true")) {
            assertFalse(server("--listen", ":1", "--psk", KEY, off).options().cookies(), off);
            assertFalse(pipe("server", ":1", "127.0.0.1:2", "--psk", KEY, off).limits().cookies(), off);
        }
        for (String on : List.of("--skip-hello-verify=false", "-skip-hello-verify=false", "--no-cookie=false")) {
            assertTrue(server("--listen", ":1", "--psk", KEY, on).options().cookies(), on);
            assertTrue(pipe("server", ":1", "127.0.0.1:2", "--psk", KEY, on).limits().cookies(), on);
        }
        assertFalse(pipe("client", ":1", "127.0.0.1:2", "--psk", KEY, "-skip-hello-verify=false").server(),
                "=false asks for nothing, so a client end takes it too");
    }

    @Test
    void theTimeoutIsADurationEverywhereABareNumberBeingSeconds() throws UsageException {
        for (String t : List.of("3", "3s", "3000ms", "0.05m")) {
            assertEquals(Duration.ofSeconds(3), client("--connect", "127.0.0.1:1", "--psk", KEY, "--timeout", t).timeout(), t);
            assertEquals(Duration.ofSeconds(3), pipe("client", ":1", "127.0.0.1:2", "--psk", KEY, "-timeout", t)
                    .handshakeTimeout(), t);
        }
        assertTrue(Usage.command(new ClientCommand()).contains("--timeout DURATION"));
    }

    @Test
    void theCaFileGroupsAndIdleTimeHaveOneNameToo() throws UsageException {
        assertEquals(Path.of("ca.pem"), server("--listen", ":1", "--psk", KEY, "--verify-client", "ca.pem").tls().caFile());
        assertEquals(Path.of("ca.pem"), server("--listen", ":1", "--psk", KEY, "--cafile", "ca.pem").tls().caFile());
        for (String name : List.of("--groups", "--curves", "-curves")) {
            assertEquals(List.of(NamedGroup.X25519), client("--connect", "127.0.0.1:1", "--insecure", name, "x25519")
                    .tls().groups());
            assertEquals(List.of(NamedGroup.X25519), pipe("server", ":1", "127.0.0.1:2", "--psk", KEY, name, "x25519")
                    .tls().groups());
        }
        for (String name : List.of("--idle-time", "--idle-timeout")) {
            assertEquals(Duration.ofSeconds(90), server("--listen", ":1", "--psk", KEY, name, "90s").options().idleTimeout());
            assertEquals(Duration.ofSeconds(90), pipe("server", ":1", "127.0.0.1:2", "--psk", KEY, name, "90s").idleTime());
        }
    }

    @Test
    void dtlspipesOwnCommandLineReadsTheSame() throws UsageException {
        PipeSettings s = pipe("-psk", KEY, "-identity", "me", "-skip-hello-verify=false", "-stale-mode", "both",
                "-idle-time", "1m", "-time-limit", "1m-2m", "-timeout", "5s", "-mtu", "1300", "-ciphers",
                "TLS_PSK_WITH_AES_128_CCM_8", "-curves", "x25519", "-rate-limit", "20/1m0s",
                "server", "0.0.0.0:2815", "127.0.0.1:514");
        assertTrue(s.server());
        assertEquals(2815, s.bind().getPort());
        assertEquals(514, s.remote().getPort());
        assertEquals("me", s.tls().psk().identity().orElseThrow());
        assertTrue(s.limits().cookies());
        assertEquals(StaleMode.BOTH, s.staleMode());
        assertEquals(Duration.ofMinutes(1), s.idleTime());
        assertEquals(new TimeLimit(Duration.ofMinutes(1), Duration.ofMinutes(2)), s.timeLimit());
        assertEquals(Duration.ofSeconds(5), s.handshakeTimeout());
        assertEquals(1300, s.tls().mtu());
        assertEquals(List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8), s.tls().ciphers());
        assertEquals(new HandshakeRate(20, Duration.ofMinutes(1)), s.limits().handshakeRate());
        assertEquals("unknown option -cpuprofile for 'pipe'", pipeError(Map.of(), "-cpuprofile", "x", "client", ":1",
                "127.0.0.1:2"));
    }

    @Test
    void thePskComesFromDtlspipesVariableTooAndTwoDifferentKeysAreRefused() throws UsageException {
        String variable = TlsSettings.DTLSPIPE_PSK_VARIABLE;
        assertEquals("DTLSPIPE_PSK", variable);
        assertArrayEquals(new byte[] {1, 2}, pipe(Map.of(variable, "0102"), "client", ":1", "127.0.0.1:2").tls().psk().key());
        assertArrayEquals(new byte[] {7}, pipe(Map.of(variable, "0102"), "client", ":1", "127.0.0.1:2", "-psk", "07")
                .tls().psk().key(), "-psk wins");
        assertArrayEquals(new byte[] {1, 2}, pipe(Map.of(variable, "0102", TlsSettings.PSK_VARIABLE, "0102"),
                "server", ":1", "127.0.0.1:2").tls().psk().key(), "the same key in both is fine");
        assertEquals("DTLS4J_PSK and DTLSPIPE_PSK hold different keys: unset one or give --psk",
                pipeError(Map.of(variable, "0102", TlsSettings.PSK_VARIABLE, "0304"), "server", ":1", "127.0.0.1:2"));
        assertEquals("give --psk (or DTLS4J_PSK), or certificates (--cert and --key)",
                pipeError(Map.of(variable, ""), "server", ":1", "127.0.0.1:2"), "empty counts as unset, as in dtlspipe");
        assertEquals("DTLSPIPE_PSK: not hex", pipeError(Map.of(variable, "xy"), "server", ":1", "127.0.0.1:2"));
    }

    @Test
    void staleModeDefaultsToEitherAndTakesTheFourValues() throws UsageException {
        assertEquals(StaleMode.EITHER, pipe("server", ":1", "127.0.0.1:2", "--psk", KEY).staleMode());
        assertEquals(StaleMode.EITHER, pipe("server", ":1", "127.0.0.1:2", "--psk", KEY).pipeOptions().staleMode());
        for (StaleMode m : StaleMode.values()) {
            assertEquals(m, pipe("client", ":1", "127.0.0.1:2", "--psk", KEY, "-stale-mode", m.text()).staleMode());
        }
        assertEquals("--stale-mode: expected both, either, left or right, got 'neither'",
                pipeError(Map.of(), "server", ":1", "127.0.0.1:2", "--psk", KEY, "--stale-mode", "neither"));
    }

    @Test
    void hoppingClientTakesOneOrMoreEndpointGroups() throws UsageException {
        PipeSettings s = pipe("hoppingclient", "127.0.0.1:2816", "127.0.0.1:20000-20010", "127.0.0.0/30,localhost:2815",
                "-psk", KEY);
        assertTrue(s.hopping());
        assertFalse(s.server());
        assertNull(s.remote());
        assertEquals("127.0.0.1:20000-20010 127.0.0.0..127.0.0.3,localhost:2815", s.hops().toString());
        assertEquals("'pipe' expects server|client BIND REMOTE or hoppingclient BIND ENDPOINT-GROUP..., got hoppingclient :1",
                pipeError(Map.of(), "hoppingclient", ":1", "--psk", KEY));
        assertEquals("endpoint group '127.0.0.1..127.0.0.9' has no ':PORT'",
                pipeError(Map.of(), "hoppingclient", ":1", "127.0.0.1..127.0.0.9", "--psk", KEY));
        assertEquals("--rate-limit is a server option",
                pipeError(Map.of(), "hoppingclient", ":1", "127.0.0.1:2", "--psk", KEY, "--rate-limit", "1/1s"));
        assertEquals("--skip-hello-verify is a server option",
                pipeError(Map.of(), "hoppingclient", ":1", "127.0.0.1:2", "--psk", KEY, "--skip-hello-verify"));
    }

    @Test
    void theUsageShowsEveryAliasAndTheOneDashSpelling() {
        String server = Usage.command(new ServerCommand());
        assertTrue(server.contains("--psk-identity, --identity ID"), server);
        assertTrue(server.contains("--skip-hello-verify, --no-cookie "), server);
        assertTrue(server.contains("--cafile, --verify-client FILE"), server);
        assertTrue(server.contains("--idle-time, --idle-timeout DURATION"), server);
        assertTrue(server.contains("Every option also takes one dash (-name), and a flag =true or =false."), server);
        String pipe = Usage.command(new PipeCommand());
        assertTrue(pipe.contains("--stale-mode MODE"), pipe);
        assertTrue(pipe.contains("--groups, --curves LIST"), pipe);
        assertTrue(pipe.contains("or: dtls4j pipe hoppingclient BIND ENDPOINT-GROUP..."), pipe);
        CapturedTerminal t = new CapturedTerminal();
        assertEquals(2, t.run("pipe", "hoppingclient", "127.0.0.1:0", "127.0.0.1:0", "-psk", KEY));
        assertTrue(t.err().startsWith("dtls4j pipe: endpoint group '127.0.0.1:0': port 0 is not 1..65535\n"), t.err());
    }
}
