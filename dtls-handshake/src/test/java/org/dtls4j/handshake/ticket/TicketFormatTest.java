package org.dtls4j.handshake.ticket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.ticket.TicketState.IdentityType;
import org.junit.jupiter.api.Test;

/**
 * The ticket layout of {@link TicketFormat}, checked from outside: a ticket is opened here with
 * plain JCA AES-GCM and its state read field by field as the class comment documents it, and a
 * ticket changed in any byte, cut short, or under a key that is gone is refused with its reason.
 */
class TicketFormatTest {
    private static final JcaProviders JCA = JcaProviders.defaults();
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final byte[] NAME = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] SECRET = HexFormat.of().parseHex(
            "101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f");
    private static final TicketKey KEY = new TicketKey(NAME, SECRET);

    static TicketState state() {
        byte[] ms = new byte[48];
        Arrays.fill(ms, (byte) 0x5A);
        return new TicketState(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, ms, true, 1_748_779_200L,
                IdentityType.PSK_IDENTITY, "client1".getBytes(StandardCharsets.US_ASCII), "example.org");
    }

    @Test
    void theLayoutIsTheDocumentedOne() throws Exception {
        byte[] ticket = TicketFormat.seal(state(), KEY, new DeterministicRandom(7), JCA);
        assertArrayEquals(NAME, Arrays.copyOf(ticket, 16), "key_name in the clear, first");
        byte[] nonce = Arrays.copyOfRange(ticket, 16, 28);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(SECRET, "AES"), new GCMParameterSpec(128, nonce));
        gcm.updateAAD(NAME);
        byte[] plain = gcm.doFinal(ticket, 28, ticket.length - 28);
        String expected = "01"                                  // format
                + "c0a8"                                           // TLS_PSK_WITH_AES_128_CCM_8
                + "5a".repeat(48)                                  // master_secret
                + "01"                                             // flags: extended_master_secret
                + "00000000683c40c0"                               // created: 2025-06-01T12:00:00Z
                + "03" + "0007" + HexFormat.of().formatHex("client1".getBytes(StandardCharsets.US_ASCII))
                + "000b" + HexFormat.of().formatHex("example.org".getBytes(StandardCharsets.US_ASCII));
        assertEquals(expected, HexFormat.of().formatHex(plain));
        assertEquals(TicketFormat.OVERHEAD + plain.length, ticket.length);
    }

    @Test
    void aSealedTicketOpensToTheSameState() {
        byte[] ticket = TicketFormat.seal(state(), KEY, new SecureRandom(), JCA);
        TicketFormat.Opened o = TicketFormat.open(ticket, TicketKeys.of(KEY), NOW, JCA);
        assertTrue(o.isOpen());
        assertEquals(state(), o.state());
        assertTrue(o.key().isNamed(NAME));
    }

    @Test
    void noTwoTicketsOfOneStateAreAlike() {
        SecureRandom r = new SecureRandom();
        assertFalse(Arrays.equals(TicketFormat.seal(state(), KEY, r, JCA), TicketFormat.seal(state(), KEY, r, JCA)));
    }

    @Test
    void aChangeInAnyByteIsRefused() {
        byte[] ticket = TicketFormat.seal(state(), KEY, new DeterministicRandom(1), JCA);
        TicketKeys keys = TicketKeys.of(KEY);
        for (int i = 0; i < ticket.length; i++) {
            byte[] t = ticket.clone();
            t[i] ^= 0x01;
            TicketRejection expected = i < TicketKey.NAME_LENGTH ? TicketRejection.UNKNOWN_KEY : TicketRejection.MALFORMED;
            assertEquals(expected, TicketFormat.open(t, keys, NOW, JCA).rejection(), "byte " + i);
        }
    }

    @Test
    void aTruncatedTicketIsRefused() {
        byte[] ticket = TicketFormat.seal(state(), KEY, new DeterministicRandom(1), JCA);
        TicketKeys keys = TicketKeys.of(KEY);
        for (int n = 0; n < ticket.length; n++) {
            assertEquals(TicketRejection.MALFORMED,
                    TicketFormat.open(Arrays.copyOf(ticket, n), keys, NOW, JCA).rejection(), n + " bytes");
        }
    }

    @Test
    void aTicketUnderAKeyNoLongerHeldIsUnknown() {
        byte[] ticket = TicketFormat.seal(state(), KEY, new DeterministicRandom(1), JCA);
        TicketKeys other = TicketKeys.of(TicketKey.generate(new DeterministicRandom(2)));
        assertEquals(TicketRejection.UNKNOWN_KEY, TicketFormat.open(ticket, other, NOW, JCA).rejection());
    }

    @Test
    void theSameNameWithAnotherSecretDoesNotOpen() {
        byte[] ticket = TicketFormat.seal(state(), KEY, new DeterministicRandom(1), JCA);
        byte[] otherSecret = SECRET.clone();
        otherSecret[0] ^= 1;
        TicketKeys impostor = TicketKeys.of(new TicketKey(NAME, otherSecret));
        assertEquals(TicketRejection.MALFORMED, TicketFormat.open(ticket, impostor, NOW, JCA).rejection());
    }

    @Test
    void everyIdentityTypeRoundTrips() {
        for (IdentityType type : IdentityType.values()) {
            byte[] identity = type == IdentityType.NONE ? new byte[0] : new byte[] {1, 2, 3};
            TicketState s = new TicketState(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, new byte[48], false, 0,
                    type, identity, null);
            byte[] t = TicketFormat.seal(s, KEY, new SecureRandom(), JCA);
            assertEquals(s, TicketFormat.open(t, TicketKeys.of(KEY), NOW, JCA).state(), type.name());
        }
    }
}
