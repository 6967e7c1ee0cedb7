package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.NamedGroup;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.DtlsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** From checked options to a {@link DtlsConfig}: suites that fit the credentials, PSK lookup, files. */
class ConfigsTest {
    @TempDir
    Path dir;

    private static TlsSettings settings(String... args) throws UsageException {
        List<Option> all = List.of(Option.value("psk", "HEX", ""), Option.value("psk-identity", "ID", "").alias("identity"),
                Option.value("cert", "F", ""), Option.value("key", "F", ""),
                Option.value("cafile", "F", "").alias("verify-client"), Option.flag("insecure", ""),
                Option.value("ciphers", "L", ""), Option.value("groups", "L", ""), Option.value("mtu", "N", ""),
                Option.value("alpn", "L", ""), Option.value("keylog", "F", ""), Option.value("timeout", "D", ""),
                Option.value("servername", "N", ""), TlsSettings.lossyLinkOption());
        return TlsSettings.read(ParsedArgs.parse("t", all, List.of(args)), false, null, Map.of());
    }

    private static boolean allPsk(List<CipherSuite> suites) {
        return suites.stream().allMatch(s -> s.keyExchange().usesPsk());
    }

    @Test
    void suitesFollowTheCredentials() throws UsageException {
        List<CipherSuite> none = List.of();
        assertTrue(allPsk(Configs.suites(none, true, false, "")));
        assertTrue(Configs.suites(none, false, true, "").stream().noneMatch(s -> s.keyExchange().usesPsk()));
        assertEquals(CipherSuite.defaults(), Configs.suites(none, true, true, ""));
        assertEquals(List.of(CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256),
                Configs.suites(List.of(CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256), true, false, ""), "CBC when listed");
        assertEquals(List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8), Configs.suites(
                List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8),
                true, false, ""));
        assertEquals("no cipher suite fits the credentials given: hint", assertThrows(UsageException.class,
                () -> Configs.suites(List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8), false, true, "hint")).getMessage());
    }

    @Test
    void clientWithOnlyAPskOffersOnlyPskSuites() throws Exception {
        DtlsConfig c = Configs.client(settings("--psk", "0102", "--psk-identity", "dev-7"));
        assertTrue(allPsk(c.cipherSuites()), c.cipherSuites().toString());
        assertArrayEquals(new byte[] {1, 2}, c.pskKey());
        assertArrayEquals("dev-7".getBytes(StandardCharsets.UTF_8), c.pskIdentity());
        assertTrue(c.verifyPeer());
        DtlsConfig both = Configs.client(settings("--psk", "0102", "--insecure"));
        assertEquals(CipherSuite.defaults(), both.cipherSuites());
        assertFalse(both.verifyPeer());
    }

    @Test
    void clientOptionsReachTheConfig() throws Exception {
        PemFiles pki = PemFiles.create(dir, "P-256");
        Path keylog = dir.resolve("k.log");
        DtlsConfig c = Configs.client(settings("--cafile", pki.ca().toString(),
                "--cert", pki.clientCert().toString(), "--key", pki.clientKey().toString(), "--groups", "P-256",
                "--mtu", "900", "--alpn", "coap", "--keylog", keylog.toString(), "--timeout", "4s",
                "--servername", "example.org"));
        assertNotNull(c.trustManager());
        assertEquals(1, c.trustManager().getAcceptedIssuers().length);
        assertEquals(2, c.certificateChain().size());
        assertNotNull(c.privateKey());
        assertEquals(List.of(NamedGroup.SECP256R1), c.groups());
        assertEquals(900, c.maxDatagramSize());
        assertEquals(List.of("coap"), c.applicationProtocols());
        assertEquals(Duration.ofSeconds(4), c.handshakeTimeout());
        assertEquals("example.org", c.serverName());
        c.keyLogSink().accept("CLIENT_RANDOM 00 11");
        assertEquals("CLIENT_RANDOM 00 11\n", Files.readString(keylog));
        assertFalse(c.hasClientPsk());
        assertTrue(c.cipherSuites().stream().noneMatch(s -> s.keyExchange().usesPsk()));
    }

    @Test
    void lossyLinkKeepsTheRetransmissionTimerConstantAndTheDefaultDoublesIt() throws Exception {
        DtlsConfig lossy = Configs.client(settings("--psk", "0102", "--lossy-link"));
        assertEquals(Duration.ofMillis(500), lossy.initialRetransmitTimeout());
        assertEquals(1.0, lossy.retransmitBackoff());
        DtlsConfig normal = Configs.client(settings("--psk", "0102"));
        assertEquals(Duration.ofSeconds(1), normal.initialRetransmitTimeout());
        assertEquals(2.0, normal.retransmitBackoff());
    }

    @Test
    void serverPskLookupAcceptsOnlyItsIdentityOrAnyWhenNoneIsSet() throws Exception {
        TlsSettings one = settings("--psk", "aa", "--psk-identity", "alice");
        DtlsConfig c = Configs.server(one, false);
        assertArrayEquals(new byte[] {(byte) 0xaa}, c.pskStore().keyFor("alice".getBytes(StandardCharsets.UTF_8)));
        assertNull(c.pskStore().keyFor("bob".getBytes(StandardCharsets.UTF_8)));
        assertTrue(allPsk(c.cipherSuites()));
        DtlsConfig any = Configs.server(settings("--psk", "aa"), true);
        assertArrayEquals(new byte[] {(byte) 0xaa}, any.pskStore().keyFor("whoever".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void verifyClientRequiresAClientCertificateFromThatCa() throws Exception {
        PemFiles pki = PemFiles.create(dir, "P-256");
        DtlsConfig c = Configs.server(settings("--cert", pki.serverCert().toString(),
                "--key", pki.serverKey().toString(), "--verify-client", pki.ca().toString()), false);
        assertEquals(ClientAuth.REQUIRED, c.clientAuth());
        assertEquals(1, c.trustManager().getAcceptedIssuers().length);
        DtlsConfig open = Configs.server(settings("--cert", pki.serverCert().toString(),
                "--key", pki.serverKey().toString()), false);
        assertEquals(ClientAuth.NONE, open.clientAuth());
    }

    @Test
    void aCertificateOnlyTunnelServerMustAuthenticateClientsOrBeToldNotTo() throws Exception {
        PemFiles pki = PemFiles.create(dir, "P-256");
        TlsSettings s = settings("--cert", pki.serverCert().toString(),
                "--key", pki.serverKey().toString());
        assertTrue(assertThrows(UsageException.class, () -> Configs.server(s, true)).getMessage()
                .startsWith("with certificates only, give --cafile"));
        assertEquals(ClientAuth.NONE, Configs.server(settings("--cert", pki.serverCert().toString(),
                "--key", pki.serverKey().toString(), "--insecure"), true).clientAuth());
    }

    @Test
    void unreadableOrMismatchedFilesAreFailuresNamingTheFile() throws Exception {
        PemFiles pki = PemFiles.create(dir, "P-256");
        CommandFailure mismatch = assertThrows(CommandFailure.class, () -> Configs.server(settings("--cert", pki.serverCert().toString(), "--key", pki.clientKey().toString()), false));
        assertTrue(mismatch.getMessage().startsWith("cannot load the certificate and key: "), mismatch.getMessage());
        assertTrue(mismatch.getMessage().contains("client.key"), mismatch.getMessage());
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        CommandFailure noCa = assertThrows(CommandFailure.class,
                () -> Configs.client(settings("--cafile", empty.toString())));
        assertTrue(noCa.getMessage().contains("empty.pem"), noCa.getMessage());
    }
}
