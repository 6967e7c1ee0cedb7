package org.dtls4j.handshake.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.SrtpKeyingMaterial;
import org.dtls4j.handshake.SrtpProfile;
import org.dtls4j.handshake.extension.UseSrtp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The use_srtp extension_data (RFC 5764 §4.1.1), the profiles and the key split of §4.2. */
class UseSrtpTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesProfilesThenTheMki() throws Exception {
        UseSrtp u = UseSrtp.of(List.of(0x0001, 0x0002));
        assertEquals("000400010002" + "00", HEX.formatHex(u.encode()));
        assertEquals(u, UseSrtp.decode(u.encode()));
        UseSrtp withMki = new UseSrtp(List.of(0x0007), new byte[] {9, 8, 7});
        assertEquals("00020007" + "03090807", HEX.formatHex(withMki.encode()));
        assertEquals(withMki, UseSrtp.decode(withMki.encode()));
        assertArrayEquals(new byte[] {9, 8, 7}, UseSrtp.decode(withMki.encode()).mki());
    }

    @Test
    void unknownProfilesStillDecode() throws Exception {
        assertEquals(List.of(0x1234, 0x0008), UseSrtp.decode(HEX.parseHex("00041234000800")).profiles());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "00", "000000", "0003000100", "00020001", "0002000100ff", "0002000102ff", "0002000100" + "00"})
    void malformedDataIsADecodeError(String hex) {
        assertThrows(DecodeException.class, () -> UseSrtp.decode(HEX.parseHex(hex)));
    }

    @Test
    void profilesKnowTheirNamesAndSizes() {
        assertEquals(SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80, SrtpProfile.fromName("SRTP_AES128_CM_SHA1_80"));
        assertEquals(SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_32, SrtpProfile.fromName("srtp_aes128_cm_hmac_sha1_32"));
        assertEquals(SrtpProfile.SRTP_AEAD_AES_256_GCM, SrtpProfile.fromCode(8).orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> SrtpProfile.fromName("SRTP_NULL_SHA1_80"));
        assertEquals(60, SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80.exportLength());
        assertEquals(60, SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_32.exportLength());
        assertEquals(56, SrtpProfile.SRTP_AEAD_AES_128_GCM.exportLength());
        assertEquals(88, SrtpProfile.SRTP_AEAD_AES_256_GCM.exportLength());
    }

    /** RFC 5764 §4.2: client key, server key, client salt, server salt, in that order. */
    @ParameterizedTest
    @ValueSource(strings = {"SRTP_AES128_CM_HMAC_SHA1_80", "SRTP_AEAD_AES_128_GCM", "SRTP_AEAD_AES_256_GCM"})
    void theExportedBlockIsCutKeyKeySaltSalt(String name) {
        SrtpProfile p = SrtpProfile.valueOf(name);
        byte[] block = new byte[p.exportLength()];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        SrtpKeyingMaterial m = SrtpKeyingMaterial.split(p, block);
        int k = p.keyLength();
        int s = p.saltLength();
        assertArrayEquals(range(0, k), m.clientMasterKey());
        assertArrayEquals(range(k, 2 * k), m.serverMasterKey());
        assertArrayEquals(range(2 * k, 2 * k + s), m.clientMasterSalt());
        assertArrayEquals(range(2 * k + s, 2 * k + 2 * s), m.serverMasterSalt());
        assertArrayEquals(m.clientMasterKey(), m.localMasterKey(true));
        assertArrayEquals(m.clientMasterKey(), m.remoteMasterKey(false));
        assertArrayEquals(m.serverMasterSalt(), m.localMasterSalt(false));
        assertArrayEquals(m.serverMasterSalt(), m.remoteMasterSalt(true));
        assertThrows(IllegalArgumentException.class, () -> SrtpKeyingMaterial.split(p, new byte[block.length - 1]));
    }

    private static byte[] range(int from, int to) {
        byte[] b = new byte[to - from];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }
}
