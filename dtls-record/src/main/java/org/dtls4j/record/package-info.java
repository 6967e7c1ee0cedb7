/**
 * The DTLS 1.2 record layer, RFC 6347 §4.1: record headers, epochs, 48-bit sequence numbers, the
 * anti-replay window and record protection (AEAD, or CBC with its MAC). It knows nothing about
 * handshakes.
 *
 * <pre>
 *   datagram ──► RecordLayer.receive ──► per record: frame ─► type ─► version ─► epoch
 *                                         ─► ReplayWindow.mayAccept ─► RecordProtection.unprotect
 *                                         ─► ReplayWindow.markAuthenticated ─► RecordSink.onRecord
 *                                    (any failed step: Discard reason ─► DiscardCounters)
 *
 *   payload  ──► RecordLayer.writeRecord ─► next sequence number of the epoch
 *                                         ─► RecordHeader ─► RecordProtection.protect ─► bytes
 * </pre>
 *
 * <p>The types, one concern each:
 * <ul>
 *   <li>{@link org.dtls4j.record.RecordHeader}: the 13-byte header codec;
 *       {@link org.dtls4j.record.ContentType} and {@link org.dtls4j.record.ProtocolVersion}: its
 *       registries.</li>
 *   <li>{@link org.dtls4j.record.RecordProtection}: AEAD nonce and additional data for one epoch
 *       and direction (RFC 5246 §6.2.3.3, RFC 5288, RFC 6655, RFC 7905), or the MAC header of a
 *       CBC suite's records (RFC 5246 §6.2.3.2, RFC 7366).</li>
 *   <li>Connection IDs, RFC 9146: {@link org.dtls4j.record.CidRecordHeader}, the header of a
 *       tls12_cid record; {@link org.dtls4j.record.DTLSInnerPlaintext}, content, real_type and
 *       padding as such a record encrypts them; {@code CidAdditionalData}, the additional data of
 *       RFC 9146 §5.3; {@link org.dtls4j.record.CidRecords}, a datagram's CID for routing it to
 *       its connection.</li>
 *   <li>{@link org.dtls4j.record.ReplayWindow}: the sliding window of RFC 6347 §4.1.2.6.</li>
 *   <li>{@link org.dtls4j.record.RecordLayer}: one connection's epochs, sequence numbers and
 *       checks; {@link org.dtls4j.record.RecordSink} receives what passes,
 *       {@link org.dtls4j.record.Discard} and {@link org.dtls4j.record.DiscardCounters} count what
 *       does not (RFC 6347 §4.1.2.7).</li>
 * </ul>
 */
package org.dtls4j.record;
