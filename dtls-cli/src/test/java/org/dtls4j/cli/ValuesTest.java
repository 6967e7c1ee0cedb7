package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.NamedGroup;
import org.dtls4j.transport.HandshakeRate;
import org.junit.jupiter.api.Test;

class ValuesTest {

    private static String error(Executable e) {
        return assertThrows(UsageException.class, e::run).getMessage();
    }

    interface Executable {
        void run() throws UsageException;
    }

    @Test
    void hostAndPort() throws Exception {
        assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 4433), Values.hostPort("--x", "127.0.0.1:4433"));
        assertEquals(new InetSocketAddress(InetAddress.getByName("::1"), 5), Values.hostPort("--x", "[::1]:5"));
        assertTrue(Values.hostPort("--x", ":0").getAddress().isAnyLocalAddress());
        assertEquals("--x: expected HOST:PORT, got '4433'", error(() -> Values.hostPort("--x", "4433")));
        assertEquals("--x port: must be 0..65535, got 70000", error(() -> Values.hostPort("--x", "127.0.0.1:70000")));
        assertEquals("--x port: expected a number, got 'http'", error(() -> Values.hostPort("--x", "127.0.0.1:http")));
        assertTrue(error(() -> Values.hostPort("--x", "no-such-host.invalid:1")).startsWith("--x: unknown host"));
    }

    @Test
    void durationsInGoStyleAndBareSeconds() throws UsageException {
        assertEquals(Duration.ofMillis(500), Values.duration("--t", "500ms"));
        assertEquals(Duration.ofSeconds(30), Values.duration("--t", "30s"));
        assertEquals(Duration.ofMinutes(1), Values.duration("--t", "1m"));
        assertEquals(Duration.ofHours(2), Values.duration("--t", "2h"));
        assertEquals(Duration.ofSeconds(90), Values.duration("--t", "1m30s"));
        assertEquals(Duration.ofMillis(1500), Values.duration("--t", "1.5s"));
        assertEquals(Duration.ofSeconds(7), Values.duration("--t", "7"));
        assertEquals(Duration.ofMillis(250), Values.duration("--t", "0.25"));
        for (String bad : List.of("", "s", "10x", "1m-", "-1s", "1 s", "ms10")) {
            assertTrue(error(() -> Values.duration("--t", bad)).startsWith("--t: "), bad);
        }
        assertEquals("--t: duration out of range: '0s'", error(() -> Values.duration("--t", "0s")));
    }

    @Property
    void durationOfMillisecondsRoundTrips(@ForAll @IntRange(min = 1, max = 100_000_000) int ms) throws UsageException {
        assertEquals(Duration.ofMillis(ms), Values.duration("--t", ms + "ms"));
    }

    @Test
    void durationsPrintedInTheFewestUnits() {
        assertEquals("5m", Values.durationText(Duration.ofMinutes(5)));
        assertEquals("1h30m", Values.durationText(Duration.ofMinutes(90)));
        assertEquals("1m30s", Values.durationText(Duration.ofSeconds(90)));
        assertEquals("500ms", Values.durationText(Duration.ofMillis(500)));
        assertEquals("2s250ms", Values.durationText(Duration.ofMillis(2250)));
        assertEquals("0.001ms", Values.durationText(Duration.ofNanos(1000)));
        assertEquals("25h", Values.durationText(Duration.ofHours(25)));
    }

    @Property
    void printedDurationsReadBack(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long nanos) throws UsageException {
        Duration d = Duration.ofNanos(nanos);
        assertEquals(d, Values.duration("--t", Values.durationText(d)));
    }

    @Test
    void handshakeRates() throws UsageException {
        assertEquals(new HandshakeRate(20, Duration.ofMinutes(1)), Values.handshakeRate("--r", "20/1m"));
        assertEquals(new HandshakeRate(100, Duration.ofSeconds(10)), Values.handshakeRate("--r", " 100/10s "));
        assertEquals(new HandshakeRate(5, Duration.ofMinutes(1)), Values.handshakeRate("--r", "5/1m0s"));
        assertEquals(new HandshakeRate(1, Duration.ofMinutes(2)), Values.handshakeRate("--r", "2m"));
        for (String off : List.of("off", "Off", "0", "", " ")) {
            assertEquals(HandshakeRate.OFF, Values.handshakeRate("--r", off), "'" + off + "'");
        }
        for (String bad : List.of("20", "1.5", "/1m", "20/", "20/0s", "-1/1m", "1/1m/1m", "twenty/1m", "on")) {
            assertTrue(error(() -> Values.handshakeRate("--r", bad)).startsWith("--r: "), bad);
        }
    }

    @Test
    void integersInRange() throws UsageException {
        assertEquals(5, Values.integer("--n", " 5 ", 1, 9));
        assertEquals("--n: must be 1..9, got 10", error(() -> Values.integer("--n", "10", 1, 9)));
        assertEquals("--n: expected a number, got 'five'", error(() -> Values.integer("--n", "five", 1, 9)));
    }

    @Test
    void hexKeys() throws UsageException {
        assertArrayEquals(HexFormat.of().parseHex("00ff10"), Values.hex("--psk", "00FF10"));
        assertArrayEquals(new byte[] {0x12}, Values.hex("--psk", "0x12"));
        assertEquals("--psk: expected an even number of hex digits", error(() -> Values.hex("--psk", "abc")));
        assertEquals("--psk: expected an even number of hex digits", error(() -> Values.hex("--psk", "")));
        assertEquals("--psk: not hex", error(() -> Values.hex("--psk", "zz")));
    }

    @Test
    void cipherSuitesByIanaOrOpenSslNameWithoutDuplicates() throws UsageException {
        assertEquals(List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256),
                Values.cipherSuites("--ciphers",
                        "PSK-AES128-CCM8:TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:ecdhe-ecdsa-aes128-gcm-sha256"));
        assertEquals("--ciphers: unknown cipher suite 'RC4-MD5' (dtls4j ciphers lists them)",
                error(() -> Values.cipherSuites("--ciphers", "PSK-AES128-CCM8:RC4-MD5")));
        assertEquals("--ciphers: empty list", error(() -> Values.cipherSuites("--ciphers", ":")));
    }

    @Test
    void groupsByNameOrAlias() throws UsageException {
        assertEquals(List.of(NamedGroup.SECP256R1, NamedGroup.X25519), Values.groups("--groups", "P-256:x25519,prime256v1"));
        assertEquals("--groups: unknown group 'ffdhe2048' (dtls4j groups lists them)",
                error(() -> Values.groups("--groups", "ffdhe2048")));
    }

    @Test
    void listsDropEmptyItems() {
        assertEquals(List.of("h2", "coap"), Values.list(" h2, ,coap,", ","));
    }
}
