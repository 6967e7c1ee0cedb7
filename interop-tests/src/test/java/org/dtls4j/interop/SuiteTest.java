package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.dtls4j.crypto.CipherSuite;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The suite table against OpenSSL's own: every name maps to the same code point. */
@Timeout(30)
class SuiteTest {

    @Test
    void everyOpenSslNameHasTheTablesCodePoint() throws Exception {
        String list = OpenSsl.run(Duration.ofSeconds(10), TestDirs.target(), "ciphers", "-V", "ALL:@SECLEVEL=0");
        for (Suite s : Suite.values()) {
            if (!s.inOpenSsl()) {
                continue;
            }
            Matcher m = Pattern.compile("0x([0-9A-F]{2}),0x([0-9A-F]{2}) - " + Pattern.quote(s.openSslName()) + " ")
                    .matcher(list);
            assertTrue(m.find(), s + " (" + s.openSslName() + ") not known to openssl");
            assertEquals(s.code(), Integer.parseInt(m.group(1) + m.group(2), 16), s.name());
        }
    }

    @Test
    void lookupsRoundTrip() {
        for (Suite s : Suite.values()) {
            assertEquals(s, Suite.fromCode(s.code()).orElseThrow());
            if (s.inOpenSsl()) {
                assertEquals(s, Suite.fromOpenSsl(s.openSslName()).orElseThrow());
            }
            assertEquals(s, Suite.fromIana(s.name()).orElseThrow());
        }
        assertThrows(IllegalStateException.class, Suite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256::openSslCipherList);
        assertTrue(Suite.TLS_PSK_WITH_AES_128_CCM_8.openSslCipherList().endsWith(":@SECLEVEL=0"));
        assertEquals("ECDHE-ECDSA-AES128-GCM-SHA256", Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256.openSslCipherList());
    }

    @Test
    void theFirstRowsAreDtls4jsSuitesWithTheSameCodePointsAndOpenSslNames() {
        List<CipherSuite> dtls4j = CipherSuite.all();
        List<Suite> ours = Stream.of(Suite.values()).filter(Suite::inDtls4j).toList();
        assertEquals(dtls4j.size(), ours.size(), "every dtls4j suite must have a row here: " + ours);
        for (int i = 0; i < dtls4j.size(); i++) {
            CipherSuite d = dtls4j.get(i);
            Suite s = ours.get(i);
            assertEquals(d.ianaName(), s.name());
            assertEquals(d.id(), s.code(), s.name());
            assertEquals(d.opensslName().isPresent(), s.inOpenSsl(), s.name());
            d.opensslName().ifPresent(name -> assertEquals(name, s.openSslName()));
            assertEquals(d.keyExchange().usesPsk(), s.mode() == InteropCase.Mode.PSK, s.name());
        }
        assertEquals(CipherSuite.all().size(), Suite.values().length, "no row for a suite dtls4j does not speak");
        for (Suite s : Suite.values()) {
            assertEquals(!CipherSuite.fromId(s.code()).orElseThrow().cipher().isAead(), s.cbc(), s.name());
        }
    }

    @Test
    void inJdkMatchesWhatTheJdksDtlsEngineSupports() throws Exception {
        List<String> jdk = List.of(javax.net.ssl.SSLContext.getInstance("DTLSv1.2").getSupportedSSLParameters().getCipherSuites());
        for (Suite s : Suite.values()) {
            if (s.inDtls4j()) {
                assertEquals(jdk.contains(s.name()), s.inJdk(), s.name());
            }
        }
    }
}
