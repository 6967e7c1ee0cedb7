package org.dtls4j.cli;

import java.util.Locale;

/**
 * How much {@code --trace} shows, each level adding to the one before:
 * <ul>
 *   <li>{@code messages}: the handshake as the engine sees it, a line per flight, message and
 *       choice, timer and retransmission;</li>
 *   <li>{@code records}: also every datagram as it crosses the socket, with its records read as a
 *       network analyser would (content type, epoch, sequence number, length, plaintext or
 *       protected; for a plaintext handshake record its fragments: message_seq, offset, length of
 *       the whole message);</li>
 *   <li>{@code bytes}: also the hex of each record. Records of epoch 1 and later are printed as
 *       the ciphertext they are; no key ever appears in the trace.</li>
 * </ul>
 */
enum TraceLevel {
    MESSAGES, RECORDS, BYTES;

    /** The option's value: empty (a bare {@code --trace}) is {@code messages}. */
    static TraceLevel parse(String value) throws UsageException {
        if (value.isEmpty()) {
            return MESSAGES;
        }
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--trace is messages, records or bytes, not '" + value + "'");
        }
    }

    /** The usage line of the option. */
    static Option option() {
        return Option.optionalValue("trace", "LEVEL",
                "print the handshake trace: messages (a bare --trace), records (and every datagram's records),"
                        + " bytes (and their hex)");
    }
}
