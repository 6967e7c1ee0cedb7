package org.dtls4j.handshake.extension;

import static org.dtls4j.handshake.extension.CodecChecks.appendedByteFails;
import static org.dtls4j.handshake.extension.CodecChecks.mutate;
import static org.dtls4j.handshake.extension.CodecChecks.roundTrips;
import static org.dtls4j.handshake.extension.CodecChecks.strictPrefixesFail;
import static org.dtls4j.handshake.extension.CodecChecks.valueOrDecodeException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.extension.CodecChecks.Codec;
import org.junit.jupiter.api.Test;

/** client_certificate_type and server_certificate_type (RFC 7250 §3): both forms, and what they refuse. */
class CertificateTypesTest {
    private static final Codec<CertificateTypes> LIST = new Codec<>(CertificateTypes::decode, CertificateTypes::encode);

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Provide
    Arbitrary<CertificateTypes> lists() {
        return ExtensionArbitraries.codes(0xFF, 1, 255).map(CertificateTypes::new);
    }

    @Property
    void theClientHelloListHasTheFourCodecProperties(@ForAll("lists") CertificateTypes t, @ForAll byte extra,
                                                     @ForAll int index) throws DecodeException {
        roundTrips(t, LIST);
        byte[] encoded = t.encode();
        strictPrefixesFail(encoded, LIST.decoder());
        appendedByteFails(encoded, LIST.decoder(), extra);
        valueOrDecodeException(mutate(encoded, index, extra), LIST);
    }

    @Property
    void theServerHelloSelectionIsOneByte(@ForAll @IntRange(min = 0, max = 255) int code, @ForAll byte extra)
            throws DecodeException {
        assertEquals(code, CertificateTypes.decodeSelection(new byte[] {(byte) code}));
        assertThrows(DecodeException.class, () -> CertificateTypes.decodeSelection(new byte[] {(byte) code, extra}));
    }

    @Test
    void theListIsALengthThenTheCodesInPreferenceOrder() throws DecodeException {
        CertificateTypes rpkFirst = CertificateTypes.of(List.of(CertificateType.RAW_PUBLIC_KEY, CertificateType.X509));
        assertArrayEquals(hex("02 02 00"), rpkFirst.encode());
        assertEquals(List.of(2, 0), CertificateTypes.decode(hex("02 02 00")).types());
        assertEquals("[raw public key, X.509]", rpkFirst.toString());
        // RFC 6091's OpenPGP (1) and unassigned codes are kept: the server picks among what it knows.
        assertEquals(List.of(1, 0xEE, 2), CertificateTypes.decode(hex("03 01 ee 02")).types());
        assertEquals("[unknown(1), unknown(238), raw public key]", CertificateTypes.decode(hex("03 01 ee 02")).toString());
    }

    @Test
    void anEmptyOrShortOrLongListIsADecodeError() {
        // RFC 7250 §3: client_certificate_types<1..2^8-1>
        DecodeException e = assertThrows(DecodeException.class, () -> CertificateTypes.decode(hex("00")));
        assertEquals("certificate type list: a certificate type list must not be empty", e.getMessage());
        assertThrows(DecodeException.class, () -> CertificateTypes.decode(new byte[0]));
        assertThrows(DecodeException.class, () -> CertificateTypes.decode(hex("02 02")));
        assertThrows(DecodeException.class, () -> CertificateTypes.decode(hex("01 02 00")));
        assertThrows(IllegalArgumentException.class, () -> new CertificateTypes(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new CertificateTypes(List.of(256)));
    }

    @Test
    void aSelectionIsExactlyOneByte() {
        assertThrows(DecodeException.class, () -> CertificateTypes.decodeSelection(new byte[0]));
        // the ClientHello form sent in a ServerHello: two bytes
        assertThrows(DecodeException.class, () -> CertificateTypes.decodeSelection(hex("01 02")));
    }

    @Test
    void bothExtensionsShareTheLayoutUnderTheirOwnCodePoints() {
        CertificateTypes rpk = CertificateTypes.of(List.of(CertificateType.RAW_PUBLIC_KEY));
        assertEquals(new Extension(19, hex("01 02")), rpk.toExtension(ExtensionType.CLIENT_CERTIFICATE_TYPE));
        assertEquals(new Extension(20, hex("01 02")), rpk.toExtension(ExtensionType.SERVER_CERTIFICATE_TYPE));
        assertEquals(new Extension(20, hex("02")),
                CertificateTypes.selection(ExtensionType.SERVER_CERTIFICATE_TYPE, CertificateType.RAW_PUBLIC_KEY));
        assertThrows(IllegalArgumentException.class, () -> rpk.toExtension(ExtensionType.SERVER_NAME));
        assertEquals("client_certificate_type", ExtensionType.describe(19));
        assertEquals("server_certificate_type", ExtensionType.describe(20));
    }
}
