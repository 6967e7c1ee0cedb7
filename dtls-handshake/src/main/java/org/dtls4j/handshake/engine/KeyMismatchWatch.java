package org.dtls4j.handshake.engine;

import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.protocol.Handshake;
import org.dtls4j.record.Discard;
import org.dtls4j.record.RecordLayer;

/**
 * Tells a handshake whose two sides derived different keys (a wrong pre-shared key, typically)
 * from a peer that is merely slow, and ends it in about one retransmission instead of the
 * handshake timeout.
 *
 * <p><b>Why it is needed.</b> RFC 6347 §4.1.2.7: "invalid records SHOULD be silently discarded".
 * The peer's Finished, the first record under the new keys (RFC 5246 §7.4.9), is such a record
 * when the keys differ: it fails authentication and is dropped, the peer retransmits its flight
 * (RFC 6347 §4.2.4), the copy is dropped too, and both sides wait for the handshake timeout
 * without ever saying why.
 *
 * <p><b>The rule.</b> While the handshake runs and no record of epoch 1 or more has authenticated
 * yet, each transmission of the peer's flight can <em>strike</em>: a datagram that carries a
 * handshake message of the peer's flight in progress that only the peer could have sent (read now
 * for the first time, or a byte-for-byte repeat of one already read, in a record not seen before:
 * {@link HandshakeRecords#peerFlightInDatagram()}) begins a transmission. It strikes
 * <ul>
 *   <li><em>in the datagram</em>, when a record of the read epoch in that same datagram failed
 *       authentication ({@link Discard#BAD_MAC}): the peer's own record failed;</li>
 *   <li><em>after it</em>, when the next such failure comes in a later datagram before the next
 *       transmission begins: peers that pack the first transmission of a flight into one
 *       datagram may send its retransmission one message per datagram (OpenSSL does).</li>
 * </ul>
 * Records of the read epoch that came before its keys and are fed again later do not count: they
 * may be anyone's. The handshake fails with a fatal {@code bad_record_mac} at {@value #STRIKES}
 * strikes of which at least one was in the datagram: the peer's flight and its first
 * retransmission, about one second after the flight was first sent with the default 1 s timer
 * (RFC 6347 §4.2.4.1).
 *
 * <p><b>What an off-path attacker can do against it.</b> It can send datagrams of its own that
 * hold records of any epoch, which fail authentication. It cannot add records to the peer's
 * datagrams, so alone it never makes a strike in the datagram, and without one the handshake
 * never fails here, however many records it sends: when the keys are equal, the peer's own
 * records authenticate (and end the watch) or are lost, never fail. Its records can at most make
 * a strike after a transmission when the peer's own records did fail, which is the case the rule
 * is for. Repeating the peer's message byte for byte needs an attacker who can read it; one that
 * could guess all of it (a plain-PSK ClientKeyExchange carries only the identity) could as well
 * have sent its own epoch-0 messages before the peer's and broken the handshake that way: epoch 0
 * is not authenticated (RFC 6347 §4.2.1's cookie proves only the address). Once a record of the
 * new epoch authenticates, the keys are proven equal and the watch ends; an established
 * association is never ended by a bad record (RFC 6347 §4.1.2.7 unchanged). A peer that never
 * sends its Finished in the datagram of another message of its flight (a large certificate flight,
 * always split) gives no strike in the datagram, and such a handshake still ends at the timeout.
 *
 * <p><b>The alert.</b> {@code bad_record_mac}, not {@code decrypt_error}. RFC 5246 §7.2.2 gives
 * {@code decrypt_error} to "a handshake cryptographic operation" that failed, such as verifying a
 * Finished message's verify_data; here no Finished was ever read: its record failed
 * authentication, which is what {@code bad_record_mac} names ("a record is received with an
 * incorrect MAC"), and it is the alert a TLS peer sends over a stream for the same wrong key.
 * RFC 6347 §4.1.2.7 requires that an implementation that alerts on invalid records send a
 * <em>fatal</em> alert, and advises against alerting on every invalid record over UDP because
 * forgery is easy: the rule above alerts only on records that came with the peer's own messages.
 *
 * <p>Not thread-safe: one per connection.
 */
final class KeyMismatchWatch {
    /** Transmissions of the peer's flight whose new-epoch records failed, before the handshake fails. */
    static final int STRIKES = 2;

    private final RecordLayer records;
    private final Handshake handshake;
    private final Trace trace;
    private long badMacBefore;
    private boolean keysProven;
    private int strikes;
    private int strikesInDatagram;
    /** A transmission of the peer's flight began and has not struck yet. */
    private boolean transmissionOpen;

    KeyMismatchWatch(RecordLayer records, Handshake handshake, Trace trace) {
        this.records = records;
        this.handshake = handshake;
        this.trace = trace;
    }

    /** A datagram begins. */
    void datagramStart() {
        if (!keysProven) { // established connections never look at the counters again
            badMacBefore = records.discards().count(Discard.BAD_MAC);
        }
    }

    /** A record of {@code epoch} authenticated; one of epoch 1 or more proves the keys equal. */
    void authenticated(int epoch) {
        if (epoch > 0) {
            keysProven = true;
        }
    }

    /** Whether a record of epoch 1 or more has authenticated: both sides have the same keys. */
    boolean keysProven() {
        return keysProven;
    }

    /**
     * The datagram has been read. Returns the failure when it made the last strike, else null.
     *
     * @param handshaking          the handshake has not completed
     * @param peerFlightInDatagram the datagram carried a message of the peer's flight in progress
     */
    DtlsException datagramEnd(boolean handshaking, boolean peerFlightInDatagram) {
        if (keysProven || !handshaking) {
            return null;
        }
        long failed = records.discards().count(Discard.BAD_MAC) - badMacBefore;
        if (peerFlightInDatagram) {
            transmissionOpen = failed == 0; // one strike per transmission
            if (failed == 0) {
                return null;
            }
            strikesInDatagram++;
        } else if (failed > 0 && transmissionOpen) {
            transmissionOpen = false;
        } else {
            return null;
        }
        strikes++;
        int n = strikes;
        String where = peerFlightInDatagram ? "with" : "after";
        trace.line(() -> failed + " record(s) of epoch " + records.readEpoch() + " failed authentication " + where
                + " a transmission of the peer's flight (strike " + n + " of " + STRIKES + "): " + likelyCause());
        if (strikes < STRIKES || strikesInDatagram == 0) {
            return null;
        }
        return new DtlsException(AlertDescription.BAD_RECORD_MAC, "the peer's Finished failed record authentication"
                + " in " + STRIKES + " transmissions of its flight (discarded per RFC 6347 §4.1.2.7): " + likelyCause());
    }

    private String likelyCause() {
        return likelyCause(handshake);
    }

    /** What differing keys most likely mean for {@code handshake}: names the PSK identity if one is in use. */
    static String likelyCause(Handshake handshake) {
        return handshake.pskIdentityInUse()
                .map(id -> "the keys differ; probably a different pre-shared key for PSK identity '" + id + "'")
                .orElse("the keys differ; the two sides derived different master secrets");
    }
}
