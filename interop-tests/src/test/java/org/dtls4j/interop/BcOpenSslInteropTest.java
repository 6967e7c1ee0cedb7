package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bouncy Castle's DTLS against {@code openssl s_server} / {@code s_client}, PSK and certificate modes. */
@ExtendWith(InteropReport.class)
@Timeout(60)
class BcOpenSslInteropTest {

    @Test
    void bcClientToOpenSslServerPskCcm8() {
        Suite suite = Suite.TLS_PSK_WITH_AES_128_CCM_8;
        Interop.Outcome o = Interop.run(InteropCase.of(BcDtlsPeer.FACTORY, OpenSslPeer.FACTORY, suite));
        assertEquals(suite.name(), o.clientSuite());
        assertEquals(suite.name(), o.serverSuite());
    }

    @Test
    void bcClientToOpenSslServerCertificate() {
        Suite suite = Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        Interop.Outcome o = Interop.run(InteropCase.of(BcDtlsPeer.FACTORY, OpenSslPeer.FACTORY, suite));
        assertEquals(suite.name(), o.clientSuite());
        assertEquals(suite.name(), o.serverSuite());
    }

    @Test
    void bcClientWithCertificateToOpenSslServerRequiringOne() {
        Suite suite = Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        Interop.Outcome o = Interop.run(InteropCase.of(BcDtlsPeer.FACTORY, OpenSslPeer.FACTORY, suite).withClientAuth());
        assertEquals(suite.name(), o.serverSuite());
    }

    @Test
    void openSslClientToBcServerPsk() {
        Suite suite = Suite.TLS_PSK_WITH_AES_128_CCM_8;
        Interop.Outcome o = Interop.run(InteropCase.of(OpenSslPeer.FACTORY, BcDtlsPeer.FACTORY, suite));
        assertEquals(suite.name(), o.clientSuite());
        assertEquals(suite.name(), o.serverSuite());
    }

    @Test
    void openSslClientToBcServerCertificate() {
        Suite suite = Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        Interop.Outcome o = Interop.run(InteropCase.of(OpenSslPeer.FACTORY, BcDtlsPeer.FACTORY, suite));
        assertEquals(suite.name(), o.serverSuite());
    }
}
