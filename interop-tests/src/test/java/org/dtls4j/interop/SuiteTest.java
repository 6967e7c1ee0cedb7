package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
            assertEquals(s, Suite.fromOpenSsl(s.openSslName()).orElseThrow());
            assertEquals(s, Suite.fromIana(s.name()).orElseThrow());
        }
        assertTrue(Suite.TLS_PSK_WITH_AES_128_CCM_8.openSslCipherList().endsWith(":@SECLEVEL=0"));
        assertEquals("ECDHE-ECDSA-AES128-GCM-SHA256", Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256.openSslCipherList());
    }
}
