/**
 * Handshake message fragmentation and reassembly (RFC 6347 §4.2.2, §4.2.3, §4.2.6).
 *
 * <h2>Why DTLS fragments handshake messages</h2>
 * A TLS handshake message can be up to 2^24-1 bytes long and TLS simply streams it over TCP. A
 * datagram is much smaller (typically about 1400 bytes of UDP payload), and RFC 6347 §4.1.1 says
 * "Each DTLS record MUST fit within a single datagram." A Certificate message of several kilobytes
 * must therefore travel in pieces. RFC 6347 §4.2.2 adds three fields to the handshake header so that
 * each piece says where it belongs:
 *
 * <pre>
 * offset  size  field
 *    0      1   msg_type
 *    1      3   length             of the whole message
 *    4      2   message_seq
 *    6      3   fragment_offset    where this piece starts in the body
 *    9      3   fragment_length    how many body bytes follow
 *   12      n   body[fragment_length]
 * </pre>
 *
 * <ul>
 *   <li>{@code length}: the length of the <em>whole</em> message, the same in every fragment;</li>
 *   <li>{@code message_seq}: the message's number within the handshake (0, 1, 2, ... per sender),
 *       which puts messages in order and lets a receiver recognise a retransmission;</li>
 *   <li>{@code fragment_offset} and {@code fragment_length}: which bytes of the body this piece
 *       carries.</li>
 * </ul>
 *
 * <h2>The pieces of this package</h2>
 * <dl>
 *   <dt>{@link org.dtls4j.handshake.fragment.HandshakeFragment}</dt>
 *   <dd>the wire type above, with {@code encode} and {@code decode}. One handshake record may hold
 *       several fragments: decode in a loop while bytes remain.</dd>
 *   <dt>{@link org.dtls4j.handshake.fragment.Fragmenter}</dt>
 *   <dd>the sender's side: cuts a message into contiguous, non-overlapping fragments no larger than
 *       a budget (RFC 6347 §4.2.3).</dd>
 *   <dt>{@link org.dtls4j.handshake.fragment.Reassembler}</dt>
 *   <dd>the receiver's side: buffers fragments by byte range, tolerates overlaps, duplicates and
 *       retransmissions cut differently, and hands out whole messages in {@code message_seq} order.
 *       Every resource it uses is capped before a peer is authenticated.</dd>
 *   <dt>{@link org.dtls4j.handshake.fragment.HandshakeMessageBytes}</dt>
 *   <dd>a whole message, and the bytes it contributes to the handshake hash: RFC 6347 §4.2.6 hashes
 *       every message "as if each handshake message had been sent as a single fragment", so the
 *       transcript does not depend on how the message happened to be cut.</dd>
 * </dl>
 *
 * <h2>How reassembly tracks what is missing</h2>
 * For each message the reassembler keeps the list of byte ranges it has <em>not</em> received yet.
 * A 10-byte message starts with one missing range; fragments remove what they cover:
 *
 * <pre>
 * start               missing [0,10)
 * fragment [4,7)      missing [0,4) [7,10)      a fragment from the middle splits a range
 * fragment [0,5)      missing [7,10)            overlaps are fine: only missing bytes are copied
 * fragment [6,10)     missing (none)            complete
 * </pre>
 *
 * Keying fragments by their offset instead (as some stacks do) fails as soon as a retransmission is
 * cut differently from the original, which RFC 6347 §4.2.3 explicitly allows: "DTLS
 * implementations MUST be able to handle overlapping fragment ranges. This allows senders to
 * retransmit handshake messages with smaller fragment sizes if the PMTU estimate changes."
 */
package org.dtls4j.handshake.fragment;
