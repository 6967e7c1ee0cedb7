package org.dtls4j.handshake.fragment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts one whole handshake message into fragments that each fit a record (RFC 6347 §4.2.3).
 *
 * <p>RFC 6347 §4.2.3: "When transmitting the handshake message, the sender divides the message into
 * a series of N contiguous data ranges. These ranges MUST NOT be larger than the maximum handshake
 * fragment size and MUST jointly contain the entire handshake message. The ranges SHOULD NOT
 * overlap." This class produces exactly such ranges, in order, with no overlap: every fragment but
 * the last is as large as the budget allows.
 */
public final class Fragmenter {

    private Fragmenter() {
    }

    /**
     * Splits one message into fragments whose encoded size (12-byte header plus body part) is at
     * most {@code maxFragmentSize}. A zero-length body gives one fragment with an empty body.
     *
     * @param msgType         the message's {@code msg_type}, 0..255
     * @param messageSeq      the message's {@code message_seq}, the same in every fragment
     * @param body            the whole message body
     * @param maxFragmentSize the most bytes one encoded fragment may take: at least
     *                        {@link HandshakeFragment#HEADER_LENGTH} + 1
     * @return the fragments, in offset order
     * @throws IllegalArgumentException if the budget cannot carry a single body byte, or the body is
     *                                  longer than a {@code uint24} length can describe
     */
    public static List<HandshakeFragment> fragment(int msgType, int messageSeq, byte[] body, int maxFragmentSize) {
        if (maxFragmentSize <= HandshakeFragment.HEADER_LENGTH) {
            throw new IllegalArgumentException("a fragment budget of " + maxFragmentSize
                    + " bytes leaves no room for a body after the " + HandshakeFragment.HEADER_LENGTH + "-byte header");
        }
        if (body.length > HandshakeFragment.MAX_UINT24) {
            throw new IllegalArgumentException("handshake message of " + body.length + " bytes does not fit a uint24 length");
        }
        int perFragment = maxFragmentSize - HandshakeFragment.HEADER_LENGTH;
        if (body.length == 0) {
            return List.of(new HandshakeFragment(msgType, 0, messageSeq, 0, body));
        }
        List<HandshakeFragment> out = new ArrayList<>(ceilDiv(body.length, perFragment));
        for (int offset = 0; offset < body.length; offset += perFragment) {
            int end = Math.min(body.length, offset + perFragment);
            out.add(new HandshakeFragment(msgType, body.length, messageSeq, offset,
                    Arrays.copyOfRange(body, offset, end)));
        }
        return List.copyOf(out);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
