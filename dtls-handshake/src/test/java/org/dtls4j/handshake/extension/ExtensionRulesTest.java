package org.dtls4j.handshake.extension;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.DecodeException;
import org.junit.jupiter.api.Test;

/** The RFC rules each extension codec enforces, one hostile or edge shape per test. */
class ExtensionRulesTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void duplicateTypeInABlockIsADecodeError() {
        // two extended_master_secret extensions: 0017 0000, twice
        byte[] block = hex("0008 0017 0000 0017 0000");
        DecodeException e = assertThrows(DecodeException.class, () -> Extensions.decode(new ByteReader(block)));
        assertTrue(e.getMessage().contains("duplicate extension extended_master_secret"), e.getMessage());
        Extension ems = ExtendedMasterSecret.INSTANCE.toExtension();
        assertThrows(IllegalArgumentException.class, () -> Extensions.of(ems, ems));
        assertThrows(IllegalArgumentException.class, () -> Extensions.of(ems).with(ems));
    }

    @Test
    void unknownTypesAreKeptInOrder() throws DecodeException {
        byte[] block = hex("000d 1234 0001 ff 0017 0000 0a0a 0000");
        Extensions e = Extensions.decode(new ByteReader(block));
        assertEquals(List.of(0x1234, 23, 0x0a0a), e.list().stream().map(Extension::type).toList());
        assertArrayEquals(hex("ff"), e.find(0x1234).orElseThrow().data());
        assertTrue(e.contains(ExtensionType.EXTENDED_MASTER_SECRET));
        assertFalse(e.contains(ExtensionType.SERVER_NAME));
        assertEquals("unknown(4660)[ff]", e.list().get(0).toString());
    }

    @Test
    void extensionLengthBeyondTheBlockIsADecodeError() {
        // the block says 4 bytes, the extension inside claims 2 bytes of data that are not there
        assertThrows(DecodeException.class, () -> Extensions.decode(new ByteReader(hex("0004 0017 0002"))));
    }

    @Test
    void extensionDataIsCopiedInAndOut() {
        byte[] data = {1, 2, 3};
        Extension e = new Extension(99, data);
        data[0] = 9;
        e.data()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, e.data());
    }

    @Test
    void supportedGroupsKeepUnknownCodesAndRejectEmptyOrOddLists() throws DecodeException {
        assertEquals(List.of(29, 0x4242, 23), SupportedGroups.decode(hex("0006 001d 4242 0017")).groups());
        assertThrows(DecodeException.class, () -> SupportedGroups.decode(hex("0000")));
        assertThrows(DecodeException.class, () -> SupportedGroups.decode(hex("0003 001d 00")));
    }

    @Test
    void ecPointFormatsMustListUncompressed() throws DecodeException {
        assertEquals(List.of(0, 1, 2), EcPointFormats.decode(hex("03 000102")).formats());
        DecodeException e = assertThrows(DecodeException.class, () -> EcPointFormats.decode(hex("02 0102")));
        assertTrue(e.getMessage().contains("uncompressed"), e.getMessage());
        assertThrows(DecodeException.class, () -> EcPointFormats.decode(hex("00")));
        assertArrayEquals(hex("0100"), EcPointFormats.UNCOMPRESSED_ONLY.encode());
    }

    @Test
    void signatureAlgorithmsRejectEmptyAndOddLists() throws DecodeException {
        assertEquals(List.of(0x0403, 0x0804), SignatureAlgorithms.decode(hex("0004 0403 0804")).schemes());
        assertThrows(DecodeException.class, () -> SignatureAlgorithms.decode(hex("0000")));
        assertThrows(DecodeException.class, () -> SignatureAlgorithms.decode(hex("0001 04")));
    }

    @Test
    void extendedMasterSecretHasNoData() throws DecodeException {
        assertEquals(ExtendedMasterSecret.INSTANCE, ExtendedMasterSecret.decode(new byte[0]));
        assertThrows(DecodeException.class, () -> ExtendedMasterSecret.decode(hex("00")));
        assertEquals(new Extension(23, new byte[0]), ExtendedMasterSecret.INSTANCE.toExtension());
    }

    @Test
    void renegotiationInfoInitialIsOneZeroByte() throws DecodeException {
        assertArrayEquals(hex("00"), RenegotiationInfo.INITIAL.encode());
        assertTrue(RenegotiationInfo.decode(hex("00")).isInitial());
        assertFalse(RenegotiationInfo.decode(hex("02 abcd")).isInitial());
        assertThrows(DecodeException.class, () -> RenegotiationInfo.decode(new byte[0]));
        assertThrows(DecodeException.class, () -> RenegotiationInfo.decode(hex("03 abcd")));
        assertEquals(0xff01, RenegotiationInfo.INITIAL.toExtension().type());
    }

    @Test
    void serverNameEncodesLikeOpenSsl() throws DecodeException {
        // the server_name data OpenSSL 3 sent for -servername example.com
        byte[] openssl = hex("000e 00 000b 6578616d706c652e636f6d");
        assertEquals(new ServerName("example.com"), ServerName.decode(openssl));
        assertArrayEquals(openssl, new ServerName("example.com").encode());
    }

    @Test
    void serverNameRules() throws DecodeException {
        // RFC 6066 §3: more than one host_name
        assertThrows(DecodeException.class, () -> ServerName.decode(hex("000a 00 0001 61 00 0001 62 00")));
        // a name type we do not know is skipped
        assertEquals(new ServerName("b"), ServerName.decode(hex("0008 07 0001 61 00 0001 62")));
        // only unknown types, or an empty list
        assertThrows(DecodeException.class, () -> ServerName.decode(hex("0004 07 0001 61")));
        assertThrows(DecodeException.class, () -> ServerName.decode(hex("0000")));
        // empty name, trailing dot, non-ASCII
        assertThrows(DecodeException.class, () -> ServerName.decode(hex("0003 00 0000")));
        assertThrows(DecodeException.class, () -> ServerName.decode(hex("0005 00 0002 612e")));
        assertThrows(DecodeException.class, () -> ServerName.decode(hex("0004 00 0001 e9")));
        assertArrayEquals(new byte[0], ServerName.acknowledgement().data());
    }

    @Test
    void alpnEncodesTheRfcExample() throws DecodeException {
        // RFC 7301 §3.1 example list: "h2", "http/1.1"
        byte[] wire = hex("000c 02 6832 08 687474702f312e31");
        assertArrayEquals(wire, Alpn.of("h2", "http/1.1").encode());
        assertEquals(List.of("h2", "http/1.1"), Alpn.decode(wire).protocols());
    }

    @Test
    void alpnRejectsEmptyNamesAndEmptyLists() {
        assertThrows(DecodeException.class, () -> Alpn.decode(hex("0001 00")));
        assertThrows(DecodeException.class, () -> Alpn.decode(hex("0004 02 6832 00")));
        assertThrows(DecodeException.class, () -> Alpn.decode(hex("0000")));
        assertThrows(IllegalArgumentException.class, () -> Alpn.of("ok", ""));
        assertThrows(IllegalArgumentException.class, () -> Alpn.of("\u0100"));
    }

    @Test
    void alpnNamesSurviveAnyBytes() throws DecodeException {
        byte[] wire = hex("0003 02 ff00");
        Alpn a = Alpn.decode(wire);
        assertEquals("\u00ff\u0000", a.protocols().get(0));
        assertArrayEquals(wire, a.encode());
    }

    @Test
    void extensionTypeNames() {
        assertEquals("renegotiation_info", ExtensionType.describe(0xff01));
        assertEquals("unknown(65535)", ExtensionType.describe(0xffff));
        assertEquals(ExtensionType.SUPPORTED_GROUPS, ExtensionType.fromCode(10).orElseThrow());
    }
}
