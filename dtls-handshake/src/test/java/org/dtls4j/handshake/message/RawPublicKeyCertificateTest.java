package org.dtls4j.handshake.message;

import static org.dtls4j.handshake.extension.CodecChecks.appendedByteFails;
import static org.dtls4j.handshake.extension.CodecChecks.mutate;
import static org.dtls4j.handshake.extension.CodecChecks.roundTrips;
import static org.dtls4j.handshake.extension.CodecChecks.strictPrefixesFail;
import static org.dtls4j.handshake.extension.CodecChecks.valueOrDecodeException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.util.HexFormat;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.KeyExchangeAlgorithm;
import org.dtls4j.handshake.extension.CertificateType;
import org.dtls4j.handshake.extension.CodecChecks.Codec;
import org.dtls4j.handshake.extension.ExtensionArbitraries;
import org.junit.jupiter.api.Test;

/** The Certificate message of RFC 7250 §3: one SubjectPublicKeyInfo instead of a certificate list. */
class RawPublicKeyCertificateTest {
    private static final Codec<RawPublicKeyCertificate> CODEC = new Codec<>(RawPublicKeyCertificate::decode,
            HandshakeMessage::encode);

    @Provide
    Arbitrary<RawPublicKeyCertificate> keys() {
        return ExtensionArbitraries.bytes(1, 200).map(RawPublicKeyCertificate::new);
    }

    @Property
    void hasTheFourCodecProperties(@ForAll("keys") RawPublicKeyCertificate c, @ForAll byte extra, @ForAll int index)
            throws DecodeException {
        roundTrips(c, CODEC);
        byte[] encoded = c.encode();
        strictPrefixesFail(encoded, CODEC.decoder());
        appendedByteFails(encoded, CODEC.decoder(), extra);
        valueOrDecodeException(mutate(encoded, index, extra), CODEC);
    }

    @Test
    void theBodyIsTheKeyWithAThreeByteLength() throws Exception {
        byte[] spki = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
        assertEquals(44, spki.length);
        byte[] body = new RawPublicKeyCertificate(spki).encode();
        assertEquals("00002c", HexFormat.of().formatHex(body, 0, 3));
        assertArrayEquals(spki, RawPublicKeyCertificate.decode(body).subjectPublicKeyInfo());
        assertEquals("Certificate[RawPublicKey, 44 bytes]", RawPublicKeyCertificate.decode(body).toString());
    }

    @Test
    void anEmptyKeyIsRefused() {
        // RFC 7250 §3: opaque ASN.1_subjectPublicKeyInfo<1..2^24-1>, unlike the X.509 list, which may be empty.
        DecodeException e = assertThrows(DecodeException.class, () -> RawPublicKeyCertificate.decode(new byte[3]));
        assertTrue(e.getMessage().contains("must not be empty"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RawPublicKeyCertificate(new byte[0]));
    }

    @Test
    void theNegotiatedTypeDecidesHowACertificateBodyIsRead() throws Exception {
        byte[] spki = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic().getEncoded();
        byte[] body = new RawPublicKeyCertificate(spki).encode();
        HandshakeMessage m = HandshakeMessage.decode(HandshakeType.CERTIFICATE, body, KeyExchangeAlgorithm.ECDHE_ECDSA,
                CertificateType.RAW_PUBLIC_KEY);
        assertEquals(new RawPublicKeyCertificate(spki), m);
        assertEquals(HandshakeType.CERTIFICATE, m.type());
        // Read as X.509, the key's own DER lengths make no sense as a certificate list.
        assertThrows(DecodeException.class, () -> HandshakeMessage.decode(HandshakeType.CERTIFICATE, body,
                KeyExchangeAlgorithm.ECDHE_ECDSA, CertificateType.X509));
    }
}
