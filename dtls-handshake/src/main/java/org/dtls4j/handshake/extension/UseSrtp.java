package org.dtls4j.handshake.extension;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;

/**
 * The use_srtp extension (RFC 5764 §4.1.1): in a ClientHello the SRTP protection profiles the
 * client can use, most preferred first; in a ServerHello the single profile the server selected.
 *
 * <pre>
 * uint8 SRTPProtectionProfile[2];
 * struct {
 *     SRTPProtectionProfiles SRTPProtectionProfiles;
 *     opaque srtp_mki&lt;0..255&gt;;
 * } UseSRTPData;
 * SRTPProtectionProfile SRTPProtectionProfiles&lt;2..2^16-1&gt;;
 * </pre>
 *
 * Profiles are kept as raw code points, so that a ClientHello offering profiles we do not know still
 * decodes (the server only picks among those it supports). The srtp_mki is the SRTP Master Key
 * Identifier the client wants to use; RFC 5764 §4.1.1 lets a server either echo it ("a matching
 * srtp_mki value ... to indicate that it will make use of the MKI") or answer with an empty one
 * ("to indicate that it cannot make use of the MKI"). dtls4j sends an empty MKI and, as a server,
 * answers with an empty one.
 *
 * @param profiles the SRTPProtectionProfile code points, at least one
 * @param mki      the srtp_mki, 0 to 255 bytes; copied in and out
 */
public record UseSrtp(List<Integer> profiles, byte[] mki) {
    public static final ExtensionType TYPE = ExtensionType.USE_SRTP;

    public UseSrtp {
        profiles = Checks.codes(profiles, 0xFFFF, "SRTPProtectionProfile");
        Checks.require(!profiles.isEmpty(), "SRTPProtectionProfiles must not be empty");
        Checks.require(profiles.size() <= 0x7FFF, "more than 32767 SRTPProtectionProfiles: ", profiles.size());
        mki = Checks.copy(mki, 0xFF, "srtp_mki");
    }

    /** These profiles with an empty srtp_mki. */
    public static UseSrtp of(List<Integer> profiles) {
        return new UseSrtp(profiles, new byte[0]);
    }

    @Override
    public byte[] mki() {
        return mki.clone();
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter(3 + 2 * profiles.size() + mki.length);
        w.lengthPrefixed16(list -> profiles.forEach(list::u16));
        w.opaque8(mki);
        return w.toByteArray();
    }

    /**
     * Decodes extension_data. An odd or empty profile list, a missing srtp_mki or bytes after it are
     * malformed (RFC 5764 §4.1.1: the list is {@code <2..2^16-1>} two-byte values).
     */
    public static UseSrtp decode(byte[] data) throws DecodeException {
        ByteReader r = new ByteReader(data);
        ByteReader list = r.sub16();
        if (list.remaining() == 0 || list.remaining() % 2 != 0) {
            throw new DecodeException("use_srtp: SRTPProtectionProfiles of " + list.remaining()
                    + " bytes, not a non-zero multiple of 2");
        }
        List<Integer> profiles = new ArrayList<>();
        while (list.hasRemaining()) {
            profiles.add(list.u16());
        }
        byte[] mki = r.opaque8();
        r.expectEmpty("use_srtp");
        return Checks.decoded("use_srtp", () -> new UseSrtp(profiles, mki));
    }

    public Extension toExtension() {
        return Extension.of(TYPE, encode());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UseSrtp u && u.profiles.equals(profiles) && Arrays.equals(u.mki, mki);
    }

    @Override
    public int hashCode() {
        return 31 * profiles.hashCode() + Arrays.hashCode(mki);
    }

    @Override
    public String toString() {
        List<String> p = profiles.stream().map(Checks::hex16).toList();
        return "UseSrtp[profiles=" + p + ", mki=" + Checks.hex(mki) + "]";
    }
}
