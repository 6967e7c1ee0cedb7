package org.dtls4j.handshake.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.extension.Extension;
import org.dtls4j.handshake.extension.ExtensionType;
import org.dtls4j.handshake.extension.Extensions;
import org.dtls4j.handshake.extension.MaxFragmentLength;
import org.dtls4j.handshake.extension.RecordSizeLimit;
import org.dtls4j.record.RecordHeader;

/**
 * The rules of max_fragment_length (RFC 6066 §4) and record_size_limit (RFC 8449 §4, §5), both
 * roles: what a client offers, what a server answers, and the {@link RecordLimits} each side then
 * keeps to.
 *
 * <ul>
 *   <li>A client offers max_fragment_length and record_size_limit only when configured to
 *       ({@link DtlsConfig#maxFragmentLength()}, {@link DtlsConfig#recordSizeLimit()}); it may
 *       offer both (RFC 8449 §5: "Clients that depend on having a small record size MAY continue
 *       to advertise the "max_fragment_length"").</li>
 *   <li>A server that gets record_size_limit answers it with its own limit ({@link
 *       DtlsConfig#recordSizeLimit()}, or 2^14 when none is configured: RFC 8449 §4, "Endpoints
 *       SHOULD advertise the "record_size_limit" extension, even if they have no need to limit the
 *       size of records"), and ignores a max_fragment_length beside it (§5: it "MUST ignore a
 *       "max_fragment_length" that appears in a ClientHello if both extensions appear").</li>
 *   <li>A server that gets max_fragment_length alone echoes it (RFC 6066 §4); a value other than
 *       1 to 4 is illegal_parameter.</li>
 *   <li>A client checks the answer: both extensions is illegal_parameter (RFC 8449 §5: "A client
 *       MUST treat receipt of both ... as a fatal error, and it SHOULD generate an
 *       "illegal_parameter" alert"); a max_fragment_length other than ours is illegal_parameter
 *       (RFC 6066 §4: "if a client receives a maximum fragment length negotiation response that
 *       differs from the length it requested, it MUST also abort the handshake with an
 *       "illegal_parameter" alert").</li>
 *   <li>A record_size_limit below 64 from either side is illegal_parameter (RFC 8449 §4). A value
 *       above 2^14 is taken as 2^14: "an endpoint MUST NOT send records larger than the
 *       protocol-defined limit", and "A server MUST NOT enforce this restriction" on the value.</li>
 * </ul>
 *
 * Every handshake negotiates again, an abbreviated one too (RFC 8449 §4: "During renegotiation or
 * resumption, the record size limit is renegotiated").
 */
final class RecordSizeNegotiation {

    private RecordSizeNegotiation() {
    }

    /** The server's decision: the limits to keep, and the extension its ServerHello answers with. */
    record Answer(RecordLimits limits, Optional<Extension> extension) {
    }

    /** The extensions of our ClientHello: those configured, max_fragment_length first. */
    static List<Extension> offer(DtlsConfig config) {
        List<Extension> ext = new ArrayList<>();
        if (config.maxFragmentLength() != 0) {
            ext.add(MaxFragmentLength.ofLength(config.maxFragmentLength()).toExtension());
        }
        if (config.recordSizeLimit() != 0) {
            ext.add(new RecordSizeLimit(config.recordSizeLimit()).toExtension());
        }
        return ext;
    }

    /** The server's side: what the ClientHello asks for, and our answer. */
    static Answer forServer(DtlsConfig config, Extensions clientHello) throws DtlsException {
        Optional<Extension> rsl = clientHello.find(ExtensionType.RECORD_SIZE_LIMIT);
        if (rsl.isPresent()) {
            int clients = recordSizeLimit(rsl.get(), "ClientHello");
            int ours = ourRecordSizeLimit(config);
            return new Answer(new RecordLimits(clients, ours, 1, "record_size_limit"),
                    Optional.of(new RecordSizeLimit(ours).toExtension()));
        }
        Optional<Extension> mfl = clientHello.find(ExtensionType.MAX_FRAGMENT_LENGTH);
        if (mfl.isPresent()) {
            MaxFragmentLength asked = maxFragmentLength(mfl.get(), "ClientHello");
            return new Answer(new RecordLimits(asked.length(), asked.length(), 0, "max_fragment_length"),
                    Optional.of(asked.toExtension()));
        }
        return new Answer(RecordLimits.NONE, Optional.empty());
    }

    /**
     * The client's side: the limits the ServerHello agreed on. A server that answers neither
     * extension agreed on none, and records carry up to 2^14 bytes both ways. The caller has
     * already refused extensions we did not offer (unsupported_extension).
     */
    static RecordLimits forClient(DtlsConfig config, Extensions serverHello) throws DtlsException {
        Optional<Extension> rsl = serverHello.find(ExtensionType.RECORD_SIZE_LIMIT);
        Optional<Extension> mfl = serverHello.find(ExtensionType.MAX_FRAGMENT_LENGTH);
        if (rsl.isPresent() && mfl.isPresent()) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER,
                    "server answered both max_fragment_length and record_size_limit (RFC 8449 §5)");
        }
        if (rsl.isPresent()) {
            int servers = recordSizeLimit(rsl.get(), "ServerHello");
            return new RecordLimits(servers, ourRecordSizeLimit(config), 1, "record_size_limit");
        }
        if (mfl.isPresent()) {
            MaxFragmentLength answered = maxFragmentLength(mfl.get(), "ServerHello");
            if (!answered.isDefined() || answered.length() != config.maxFragmentLength()) {
                throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "server answered " + answered
                        + " to our max_fragment_length=" + config.maxFragmentLength() + " (RFC 6066 §4)");
            }
            return new RecordLimits(answered.length(), answered.length(), 0, "max_fragment_length");
        }
        return RecordLimits.NONE;
    }

    /** Ours to advertise: the configured limit, or the protocol's 2^14 (RFC 8449 §4). */
    private static int ourRecordSizeLimit(DtlsConfig config) {
        return config.recordSizeLimit() != 0 ? config.recordSizeLimit() : RecordHeader.MAX_PLAINTEXT_LENGTH;
    }

    /** The peer's record_size_limit, at most 2^14; below 64 is illegal_parameter. */
    private static int recordSizeLimit(Extension e, String message) throws DtlsException {
        int value;
        try {
            value = RecordSizeLimit.decode(e.data()).limit();
        } catch (DecodeException ex) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "malformed record_size_limit in " + message, ex);
        }
        if (value < RecordSizeLimit.MIN_LIMIT) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "record_size_limit of " + value + " in " + message
                    + "; the smallest allowed is " + RecordSizeLimit.MIN_LIMIT + " (RFC 8449 §4)");
        }
        return Math.min(value, RecordHeader.MAX_PLAINTEXT_LENGTH);
    }

    /** The peer's max_fragment_length; a value outside 1..4 is illegal_parameter (RFC 6066 §4). */
    private static MaxFragmentLength maxFragmentLength(Extension e, String message) throws DtlsException {
        MaxFragmentLength m;
        try {
            m = MaxFragmentLength.decode(e.data());
        } catch (DecodeException ex) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "malformed max_fragment_length in " + message, ex);
        }
        if (!m.isDefined()) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "max_fragment_length value " + m.code()
                    + " in " + message + "; RFC 6066 §4 defines 1 to 4 (512 to 4096 bytes)");
        }
        return m;
    }
}
