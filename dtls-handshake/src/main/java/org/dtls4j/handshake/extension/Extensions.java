package org.dtls4j.handshake.extension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;

/**
 * The extensions block of a ClientHello or ServerHello: an ordered, immutable list with at most
 * one extension of each type (RFC 5246 §7.4.1.2 and §7.4.1.4).
 *
 * <pre>
 * Extension extensions&lt;0..2^16-1&gt;;
 * </pre>
 *
 * Order is kept as received, so a value decoded from the wire encodes back to the same bytes.
 */
public final class Extensions {
    /** No extensions. A hello with this value is encoded without an extensions block. */
    public static final Extensions EMPTY = new Extensions(List.of());

    private final List<Extension> list;

    private Extensions(List<Extension> list) {
        Set<Integer> seen = new HashSet<>();
        int total = 0;
        for (Extension e : list) {
            // RFC 5246 §7.4.1.4: "There MUST NOT be more than one extension of the same type."
            if (!seen.add(e.type())) {
                throw new IllegalArgumentException("duplicate extension " + ExtensionType.describe(e.type()));
            }
            total += 4 + e.dataLength();
        }
        Checks.require(total <= 0xFFFF, "extensions block longer than 65535 bytes: ", total);
        this.list = List.copyOf(list);
    }

    /** The extensions in this order; fails on a duplicate type or an oversized block. */
    public static Extensions of(List<Extension> extensions) {
        return extensions.isEmpty() ? EMPTY : new Extensions(extensions);
    }

    public static Extensions of(Extension... extensions) {
        return of(List.of(extensions));
    }

    /** The extensions, in wire order (immutable). */
    public List<Extension> list() {
        return list;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public int size() {
        return list.size();
    }

    /** The extension of this type, if present. */
    public Optional<Extension> find(int type) {
        for (Extension e : list) {
            if (e.type() == type) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public Optional<Extension> find(ExtensionType type) {
        return find(type.code());
    }

    public boolean contains(ExtensionType type) {
        return find(type).isPresent();
    }

    /** This list with {@code extension} appended; fails if its type is already present. */
    public Extensions with(Extension extension) {
        List<Extension> more = new ArrayList<>(list);
        more.add(extension);
        return new Extensions(more);
    }

    /** Bytes {@link #encode(ByteWriter)} writes, length field included. */
    public int encodedLength() {
        int n = 2;
        for (Extension e : list) {
            n += 4 + e.dataLength();
        }
        return n;
    }

    /** Writes the block: a 16-bit length, then each extension. */
    public void encode(ByteWriter w) {
        w.lengthPrefixed16(inner -> list.forEach(e -> e.encode(inner)));
    }

    /** Reads a block written by {@link #encode(ByteWriter)}, rejecting duplicate types. */
    public static Extensions decode(ByteReader r) throws DecodeException {
        ByteReader block = r.sub16();
        List<Extension> read = new ArrayList<>();
        while (block.hasRemaining()) {
            read.add(Extension.decode(block));
        }
        return Checks.decoded("extensions", () -> of(read));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Extensions e && e.list.equals(list);
    }

    @Override
    public int hashCode() {
        return list.hashCode();
    }

    @Override
    public String toString() {
        return list.toString();
    }
}
