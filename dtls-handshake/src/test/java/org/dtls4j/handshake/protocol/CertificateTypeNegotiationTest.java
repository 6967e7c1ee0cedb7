package org.dtls4j.handshake.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dtls4j.credentials.Credentials;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.extension.Extension;
import org.dtls4j.handshake.extension.ExtensionType;
import org.dtls4j.handshake.extension.Extensions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 7250 §4, one row per case: the extensions a client offers, the server's choices from a
 * ClientHello, and the client's reading of the ServerHello. Lists are written as the extension
 * data in hex ("01 02" is the list [raw public key], "02 02 00" [raw public key, X.509]), a
 * selection as its one byte; "-" is an absent extension.
 */
class CertificateTypeNegotiationTest {
    private static final Credentials LEAF = TestPeers.ECDSA.leaf();
    private static final KeyPair LEAF_KEYS = new KeyPair(LEAF.leaf().getPublicKey(), LEAF.privateKey());
    private static final KeyPair PEER_KEYS = new KeyPair(TestPeers.CLIENT.leaf().getPublicKey(), TestPeers.CLIENT.privateKey());

    /** The configurations of the rows, by name. */
    private static final Map<String, DtlsConfig> CONFIGS = Map.of(
            "x509", DtlsConfig.builder().certificate(LEAF.chain(), LEAF.privateKey()).build(),
            "x509-ca", DtlsConfig.builder().certificate(LEAF.chain(), LEAF.privateKey())
                    .trustedCertificates(List.of(TestPeers.ECDSA.ca())).clientAuth(ClientAuth.REQUIRED).build(),
            "rpk", DtlsConfig.builder().rawPublicKey(LEAF_KEYS).trustedRawPublicKeys(List.of(PEER_KEYS.getPublic())).build(),
            "rpk-optional", DtlsConfig.builder().rawPublicKey(LEAF_KEYS).trustedRawPublicKeys(List.of(PEER_KEYS.getPublic()))
                    .clientAuth(ClientAuth.OPTIONAL).build(),
            "rpk-untrusting", DtlsConfig.builder().rawPublicKey(LEAF_KEYS).build(),
            "both", DtlsConfig.builder().certificate(LEAF.chain(), LEAF.privateKey()).rawPublicKey(LEAF_KEYS)
                    .trustedRawPublicKeys(List.of(PEER_KEYS.getPublic())).trustedCertificates(List.of(TestPeers.ECDSA.ca()))
                    .build(),
            "trust-only", DtlsConfig.builder().trustedRawPublicKeys(List.of(PEER_KEYS.getPublic())).build(),
            "rpk-ca", DtlsConfig.builder().rawPublicKey(LEAF_KEYS).trustedCertificates(List.of(TestPeers.ECDSA.ca())).build());

    private static Extensions hello(String clientCertificateType, String serverCertificateType) {
        List<Extension> ext = new ArrayList<>();
        if (!clientCertificateType.equals("-")) {
            ext.add(Extension.of(ExtensionType.CLIENT_CERTIFICATE_TYPE, hex(clientCertificateType)));
        }
        if (!serverCertificateType.equals("-")) {
            ext.add(Extension.of(ExtensionType.SERVER_CERTIFICATE_TYPE, hex(serverCertificateType)));
        }
        return Extensions.of(ext);
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static String show(Extensions e, ExtensionType type) {
        return e.find(type).map(x -> HexFormat.of().formatHex(x.data())).orElse("-");
    }

    // ---------------------------------------------------------------------------------------------

    /** config, then the client_certificate_type and server_certificate_type its ClientHello carries. */
    static Stream<String[]> offers() {
        return Stream.of(
                new String[] {"x509", "-", "-"},           // X.509 only both ways: nothing (§4.1 "MUST omit")
                new String[] {"rpk", "0102", "0102"},
                new String[] {"both", "020200", "020200"}, // raw public key preferred, X.509 as well
                new String[] {"trust-only", "-", "0102"},  // nothing to send, raw public keys accepted
                new String[] {"rpk-ca", "0102", "-"});     // sends a raw public key, checks X.509 servers
    }

    @ParameterizedTest(name = "{0}: client_certificate_type {1}, server_certificate_type {2}")
    @MethodSource("offers")
    void theClientOffersWhatItHasAndAccepts(String config, String clientTypes, String serverTypes) {
        Extensions offered = Extensions.of(CertificateTypeNegotiation.offer(CONFIGS.get(config)));
        assertEquals(clientTypes, show(offered, ExtensionType.CLIENT_CERTIFICATE_TYPE));
        assertEquals(serverTypes, show(offered, ExtensionType.SERVER_CERTIFICATE_TYPE));
    }

    /**
     * server config, the ClientHello's client_certificate_type and server_certificate_type, then the
     * outcome: "server type / client type (or none: not asked) / the ServerHello's two extensions",
     * or the alert.
     */
    static Stream<String[]> serverRows() {
        return Stream.of(
                new String[] {"x509", "-", "-", "X.509 / none / - -"},
                new String[] {"x509", "-", "020200", "X.509 / none / - -"},           // X.509 said by silence
                new String[] {"x509", "-", "0102", "unsupported_certificate"},        // §4.2 case 2
                new String[] {"x509-ca", "0102", "-", "unsupported_certificate"},     // required, none in common
                new String[] {"rpk", "0102", "0102", "raw public key / raw public key / 02 02"},
                new String[] {"rpk", "0102", "-", "unsupported_certificate"},         // the client checks X.509 only
                new String[] {"rpk", "-", "0102", "unsupported_certificate"},         // the client sends X.509 only
                new String[] {"rpk", "020002", "020002", "raw public key / raw public key / 02 02"},
                new String[] {"rpk", "020102", "020102", "raw public key / raw public key / 02 02"}, // OpenPGP skipped
                new String[] {"rpk", "0101", "0102", "unsupported_certificate"},
                new String[] {"rpk-optional", "-", "0102", "raw public key / none / - 02"}, // not asked
                new String[] {"rpk-untrusting", "0102", "0102", "raw public key / none / - 02"},
                new String[] {"both", "020002", "020002", "X.509 / X.509 / - -"},    // the client's preference
                new String[] {"both", "020200", "020200", "raw public key / raw public key / 02 02"},
                new String[] {"both", "-", "-", "X.509 / X.509 / - -"},              // an RFC 5246 client
                new String[] {"rpk", "0102", "00", "decode_error"},                  // empty list
                new String[] {"rpk", "0202", "0102", "decode_error"});               // list shorter than its length
    }

    @ParameterizedTest(name = "{0} server, client_certificate_type {1}, server_certificate_type {2}: {3}")
    @MethodSource("serverRows")
    void theServerPicksTheClientsFirstTypeItSupports(String config, String clientTypes, String serverTypes, String outcome) {
        Extensions ch = hello(clientTypes, serverTypes);
        try {
            CertificateTypeNegotiation.Agreed a = CertificateTypeNegotiation.forServer(CONFIGS.get(config), ch);
            List<Extension> sh = new ArrayList<>();
            CertificateTypeNegotiation.answer(a, ch, sh);
            Extensions answer = Extensions.of(sh);
            assertEquals(outcome, a.server() + " / " + (a.client() == null ? "none" : a.client()) + " / "
                    + show(answer, ExtensionType.CLIENT_CERTIFICATE_TYPE) + " " + show(answer, ExtensionType.SERVER_CERTIFICATE_TYPE));
        } catch (DtlsException e) {
            assertEquals(outcome, e.alert().rfcName(), e.getMessage());
        }
    }

    /** client config, the ServerHello's client_certificate_type and server_certificate_type, the outcome. */
    static Stream<String[]> clientRows() {
        return Stream.of(
                new String[] {"rpk", "02", "02", "raw public key / raw public key"},
                new String[] {"rpk", "-", "-", "unsupported_certificate"},      // a server that ignored the extensions
                new String[] {"rpk", "02", "00", "illegal_parameter"},          // X.509 was not offered
                new String[] {"rpk", "02", "01", "illegal_parameter"},
                new String[] {"rpk", "00", "02", "illegal_parameter"},
                new String[] {"rpk", "02", "0102", "decode_error"},             // the list form in a ServerHello
                new String[] {"rpk", "02", "", "decode_error"},
                new String[] {"both", "-", "-", "X.509 / X.509"},
                new String[] {"both", "-", "02", "raw public key / X.509"},
                new String[] {"both", "00", "00", "X.509 / X.509"},              // said explicitly, also fine
                new String[] {"trust-only", "-", "02", "raw public key / X.509"}); // will send an empty chain
    }

    @ParameterizedTest(name = "{0} client, ServerHello client_certificate_type {1}, server_certificate_type {2}: {3}")
    @MethodSource("clientRows")
    void theClientAcceptsOnlyWhatItOffered(String config, String clientType, String serverType, String outcome) {
        try {
            CertificateTypeNegotiation.Agreed a = CertificateTypeNegotiation.fromServerHello(CONFIGS.get(config),
                    hello(clientType, serverType));
            assertEquals(outcome, a.server() + " / " + a.client());
        } catch (DtlsException e) {
            assertEquals(outcome, e.alert().rfcName(), e.getMessage());
        }
    }

    @Test
    void refusalsNameBothSides() {
        DtlsException e = assertThrows(DtlsException.class,
                () -> CertificateTypeNegotiation.forServer(CONFIGS.get("rpk"), hello("0102", "-")));
        assertEquals(AlertDescription.UNSUPPORTED_CERTIFICATE, e.alert());
        assertEquals("client accepts [X.509] from the server, and this server can send only [raw public key]"
                + " (RFC 7250 §4.2) [unsupported_certificate]", e.getMessage());
        e = assertThrows(DtlsException.class,
                () -> CertificateTypeNegotiation.forServer(CONFIGS.get("rpk"), hello("-", "0102")));
        assertEquals("client can send [X.509], and this server accepts only [raw public key] (RFC 7250 §4.2)"
                + " [unsupported_certificate]", e.getMessage());
        e = assertThrows(DtlsException.class,
                () -> CertificateTypeNegotiation.fromServerHello(CONFIGS.get("rpk"), hello("-", "-")));
        assertEquals("server uses X.509 certificates (its ServerHello has no server_certificate_type), but this client"
                + " accepts only [raw public key] (RFC 7250 §4.1) [unsupported_certificate]", e.getMessage());
    }
}
