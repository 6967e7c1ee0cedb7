package org.dtls4j.handshake.extension;

import java.util.ArrayList;
import java.util.List;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;

/**
 * The client_certificate_type and server_certificate_type extensions (RFC 7250 §3), which share
 * one layout: in a ClientHello the list of types, most preferred first; in a ServerHello the one
 * type the server selected, a single byte without a length.
 *
 * <pre>
 * struct {
 *     select(ClientOrServerExtension) {
 *         case client:
 *           CertificateType client_certificate_types&lt;1..2^8-1&gt;;
 *         case server:
 *           CertificateType client_certificate_type;
 *     }
 * } ClientCertTypeExtension;
 *
 * struct {
 *     select(ClientOrServerExtension) {
 *         case client:
 *           CertificateType server_certificate_types&lt;1..2^8-1&gt;;
 *         case server:
 *           CertificateType server_certificate_type;
 *     }
 * } ServerCertTypeExtension;
 * </pre>
 *
 * client_certificate_type names the types the client can send, server_certificate_type the types
 * it can process from the server. Types are kept as raw codes, so a list holding one dtls4j does
 * not know still decodes (the server picks among those it supports; see {@link CertificateType}).
 * This value is the ClientHello form; {@link #selection} and {@link #decodeSelection} are the
 * ServerHello form.
 *
 * @param types the CertificateType codes, 1 to 255 of them
 */
public record CertificateTypes(List<Integer> types) {

    public CertificateTypes {
        types = Checks.codes(types, 0xFF, "certificate type");
        Checks.require(!types.isEmpty(), "a certificate type list must not be empty");
        Checks.require(types.size() <= 0xFF, "more than 255 certificate types: ", types.size());
    }

    /** A list of known types, in this order. */
    public static CertificateTypes of(List<CertificateType> types) {
        List<Integer> codes = new ArrayList<>();
        types.forEach(t -> codes.add(t.code()));
        return new CertificateTypes(codes);
    }

    /** The ClientHello form: a one-byte length, then the codes. */
    public byte[] encode() {
        ByteWriter w = new ByteWriter(1 + types.size());
        w.lengthPrefixed8(list -> types.forEach(list::u8));
        return w.toByteArray();
    }

    /** Reads the ClientHello form; an empty list or trailing bytes are a {@link DecodeException}. */
    public static CertificateTypes decode(byte[] data) throws DecodeException {
        ByteReader r = new ByteReader(data);
        ByteReader list = r.sub8();
        r.expectEmpty("certificate type list");
        List<Integer> types = new ArrayList<>();
        while (list.hasRemaining()) {
            types.add(list.u8());
        }
        return Checks.decoded("certificate type list", () -> new CertificateTypes(types));
    }

    /**
     * This list as a ClientHello extension of {@code which}: {@link ExtensionType#CLIENT_CERTIFICATE_TYPE}
     * or {@link ExtensionType#SERVER_CERTIFICATE_TYPE}.
     */
    public Extension toExtension(ExtensionType which) {
        return Extension.of(checked(which), encode());
    }

    /** The ServerHello form of {@code which}: the one selected type, a single byte. */
    public static Extension selection(ExtensionType which, CertificateType selected) {
        return Extension.of(checked(which), new byte[] {(byte) selected.code()});
    }

    /** Reads the ServerHello form: exactly one byte, the selected type's code. */
    public static int decodeSelection(byte[] data) throws DecodeException {
        ByteReader r = new ByteReader(data);
        int type = r.u8();
        r.expectEmpty("selected certificate type");
        return type;
    }

    private static ExtensionType checked(ExtensionType which) {
        Checks.require(which == ExtensionType.CLIENT_CERTIFICATE_TYPE || which == ExtensionType.SERVER_CERTIFICATE_TYPE,
                "not a certificate type extension: " + which);
        return which;
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        types.forEach(t -> names.add(CertificateType.describe(t)));
        return names.toString();
    }
}
