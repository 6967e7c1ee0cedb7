package org.dtls4j.cli;

import java.util.ArrayList;
import java.util.List;
import org.dtls4j.handshake.message.HandshakeType;

/**
 * What a learner sees in one datagram: its records, read from the bytes as a network analyser
 * would, without any key. A record's header is RFC 6347 §4.1's (type, version, epoch, 48-bit
 * sequence number, length), or RFC 9146 §4's tls12_cid header with the connection id after the
 * sequence number; a plaintext handshake record carries fragments with RFC 6347 §4.2.2's 12-byte
 * header (type, length, message_seq, fragment_offset, fragment_length). Records of epoch 1 and
 * later are encrypted: only their type, epoch and length show.
 */
final class DatagramView {
    static final int CHANGE_CIPHER_SPEC = 20;
    static final int ALERT = 21;
    static final int HANDSHAKE = 22;
    static final int APPLICATION_DATA = 23;
    static final int TLS12_CID = 25;

    /**
     * One record as seen on the wire.
     *
     * @param type       the outer content type
     * @param epoch      the epoch
     * @param seq        the record sequence number
     * @param length     the length of the fragment
     * @param messages   plaintext handshake fragments, as {@code TYPE[message_seq S, bytes A..B of N]}
     * @param cookieLength for an epoch-0 ClientHello's or HelloVerifyRequest's first fragment, its
     *                   cookie length; else -1
     * @param firstType  the first handshake message type in it, or {@code null}
     */
    record Rec(int type, int epoch, long seq, int length, List<String> messages, int cookieLength, HandshakeType firstType) {
        /** A short description: the messages, or what kind of record it is. */
        String describe() {
            if (!messages.isEmpty()) {
                return String.join(" + ", messages);
            }
            String what = switch (type) {
                case CHANGE_CIPHER_SPEC -> "ChangeCipherSpec";
                case ALERT -> epoch == 0 ? "Alert" : "Alert (encrypted)";
                case HANDSHAKE -> "Finished (encrypted handshake)";
                case APPLICATION_DATA -> "application data (encrypted)";
                case TLS12_CID -> "tls12_cid record (encrypted)";
                default -> "content type " + type;
            };
            return what + ", epoch " + epoch + ", " + length + " bytes";
        }

        /** A one-word name for a diagram: the message type, or the kind of record. */
        String shortName() {
            if (firstType != null) {
                return camel(firstType.name());
            }
            return switch (type) {
                case CHANGE_CIPHER_SPEC -> "ChangeCipherSpec";
                case ALERT -> "Alert";
                case HANDSHAKE -> "Finished";
                case APPLICATION_DATA -> "ApplicationData";
                default -> "tls12_cid";
            };
        }
    }

    private DatagramView() {
    }

    /** The records of one datagram; {@code cidLength} is the length of CIDs in tls12_cid records. */
    static List<Rec> records(byte[] d, int cidLength) {
        List<Rec> out = new ArrayList<>();
        int p = 0;
        while (p + 13 <= d.length) {
            int type = d[p] & 0xff;
            int epoch = u16(d, p + 3);
            long seq = 0;
            for (int i = 0; i < 6; i++) {
                seq = (seq << 8) | (d[p + 5 + i] & 0xff);
            }
            int header = type == TLS12_CID ? 13 + Math.max(cidLength, 0) : 13;
            if (p + header > d.length) {
                break;
            }
            int length = u16(d, p + header - 2);
            int body = p + header;
            int end = Math.min(d.length, body + length);
            List<String> messages = new ArrayList<>();
            int cookie = -1;
            HandshakeType first = null;
            if (type == HANDSHAKE && epoch == 0) {
                int q = body;
                while (q + 12 <= end) {
                    HandshakeType ht = HandshakeType.fromCode(d[q] & 0xff);
                    int total = u24(d, q + 1);
                    int mseq = u16(d, q + 4);
                    int off = u24(d, q + 6);
                    int flen = u24(d, q + 9);
                    String name = ht == null ? "type " + (d[q] & 0xff) : ht.name();
                    messages.add(name + "[message_seq " + mseq + ", bytes " + off + ".." + (off + flen) + " of " + total + "]");
                    if (first == null) {
                        first = ht;
                        if (ht == HandshakeType.CLIENT_HELLO && off == 0) {
                            cookie = cookieLength(d, q + 12, Math.min(end, q + 12 + flen));
                        } else if (ht == HandshakeType.HELLO_VERIFY_REQUEST && off == 0 && q + 14 < end) {
                            cookie = d[q + 14] & 0xff; // server_version(2) cookie<0..255> (RFC 6347 §4.2.1)
                        }
                    }
                    q += 12 + flen;
                }
            }
            out.add(new Rec(type, epoch, seq, length, messages, cookie, first));
            p = body + length;
        }
        return out;
    }

    /** client_version(2) random(32) session_id<0..32> cookie<0..255> (RFC 6347 §4.2.1). */
    private static int cookieLength(byte[] d, int p, int end) {
        int sid = p + 34;
        if (sid >= end) {
            return -1;
        }
        int cookie = sid + 1 + (d[sid] & 0xff);
        return cookie < end ? d[cookie] & 0xff : -1;
    }

    /** "SERVER_HELLO_DONE" as "ServerHelloDone". */
    static String camel(String constant) {
        StringBuilder sb = new StringBuilder();
        for (String w : constant.split("_")) {
            sb.append(w.charAt(0)).append(w.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return sb.toString();
    }

    private static int u16(byte[] d, int p) {
        return ((d[p] & 0xff) << 8) | (d[p + 1] & 0xff);
    }

    private static int u24(byte[] d, int p) {
        return ((d[p] & 0xff) << 16) | ((d[p + 1] & 0xff) << 8) | (d[p + 2] & 0xff);
    }
}
