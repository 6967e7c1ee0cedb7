package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What dtls4j puts on the wire in its hellos, read from OpenSSL's record log ({@code -msgfile},
 * {@link OpenSslMsgFile}) and parsed here by hand, independently of dtls4j's codecs: record
 * versions, the HelloVerifyRequest (RFC 6347 §4.2.1), renegotiation_info signalling (RFC 5746),
 * extended_master_secret (RFC 7627) and message_seq numbering (RFC 6347 §4.2.2). These are the
 * facts {@code docs/INTEROP.md} reports.
 */
@ExtendWith(InteropReport.class)
@Timeout(60)
class Dtls4jOnTheWireTest {

    private static final int CLIENT_HELLO = 1;
    private static final int SERVER_HELLO = 2;
    private static final int HELLO_VERIFY_REQUEST = 3;
    private static final int DTLS_1_0 = 0xFEFF;
    private static final int DTLS_1_2 = 0xFEFD;
    private static final int RENEGOTIATION_INFO = 0xFF01;
    private static final int EXTENDED_MASTER_SECRET = 0x0017;
    private static final int SCSV = 0x00FF;

    /**
     * dtls4j's two ClientHellos as {@code s_server} received them. Without {@code -listen}: with
     * it, {@code DTLSv1_listen} writes its HelloVerifyRequest past the message log (only the
     * record header appears) and the ClientHello with the cookie is logged twice.
     */
    @Test
    void dtls4jClientHellos() {
        InteropCase c = Matrix.plain(Dtls4jPeer.DTLS4J, OpenSslPeer.FACTORY, Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
                .withoutListen();
        Interop.run(c, Matrix.negotiated(c).andThen((client, server) -> {
            List<OpenSslMsgFile.Entry> log = OpenSslMsgFile.read(((OpenSslPeer) server).msgFile());
            List<OpenSslMsgFile.Entry> hellos = OpenSslMsgFile.handshakes(log, false, CLIENT_HELLO);
            OpenSslMsgFile.Entry first = hellos.get(0);
            OpenSslMsgFile.Entry withCookie = hellos.get(hellos.size() - 1);
            assertEquals(DTLS_1_2, first.recordVersion(), "record version of dtls4j's ClientHello");
            assertEquals(0, messageSeq(first), "first ClientHello: message_seq 0");
            assertEquals(1, messageSeq(withCookie), "RFC 6347 §4.2.2: the ClientHello with the cookie is message_seq 1");

            Hello hello = Hello.client(first.handshakeBody());
            assertEquals(DTLS_1_2, hello.version);
            assertEquals(0, hello.cookie.length);
            // RFC 5746 §3.4: "The client MUST include either an empty "renegotiation_info"
            // extension, or the TLS_EMPTY_RENEGOTIATION_INFO_SCSV signaling cipher suite value".
            assertTrue(hello.extensions.contains(RENEGOTIATION_INFO) != hello.suites.contains(SCSV),
                    "exactly one renegotiation signal: " + hello);
            assertTrue(hello.extensions.contains(RENEGOTIATION_INFO), "dtls4j signals with the extension: " + hello);
            assertTrue(hello.extensions.contains(EXTENDED_MASTER_SECRET), hello.toString());

            byte[] sentCookie = Hello.verifyRequest(OpenSslMsgFile.handshakes(log, true, HELLO_VERIFY_REQUEST).get(0)
                    .handshakeBody()).cookie;
            Hello second = Hello.client(withCookie.handshakeBody());
            assertArrayEquals(sentCookie, second.cookie, "RFC 6347 §4.2.1: the ClientHello echoes the cookie");
            assertArrayEquals(hello.random, second.random, "the second ClientHello repeats the first's random");
        }));
    }

    /** dtls4j's HelloVerifyRequest and ServerHello as {@code s_client} received them. */
    @Test
    void dtls4jServerHellos() {
        InteropCase c = Matrix.plain(OpenSslPeer.FACTORY, Dtls4jPeer.DTLS4J, Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
        Interop.run(c, Matrix.negotiated(c).andThen((client, server) -> {
            List<OpenSslMsgFile.Entry> log = OpenSslMsgFile.read(((OpenSslPeer) client).msgFile());
            OpenSslMsgFile.Entry clientHello = OpenSslMsgFile.handshakes(log, true, CLIENT_HELLO).get(0);
            assertEquals(DTLS_1_0, clientHello.recordVersion(), "OpenSSL sends its ClientHello in a DTLS 1.0 record");
            assertTrue(Hello.client(clientHello.handshakeBody()).suites.contains(SCSV), "OpenSSL signals with the SCSV");

            OpenSslMsgFile.Entry hvr = OpenSslMsgFile.handshakes(log, false, HELLO_VERIFY_REQUEST).get(0);
            Hello verify = Hello.verifyRequest(hvr.handshakeBody());
            // RFC 6347 §4.2.1: DTLS 1.2 servers "SHOULD use DTLS version 1.0" in server_version
            // (erratum 4103 proposes MAY); OpenSSL does, the JDK sends 1.2.
            assertEquals(DTLS_1_0, verify.version, "HelloVerifyRequest.server_version");
            assertEquals(DTLS_1_0, hvr.recordVersion(), "HelloVerifyRequest record version");
            assertTrue(verify.cookie.length > 0 && verify.cookie.length <= 32, "cookie of " + verify.cookie.length + " bytes");
            assertArrayEquals(sequenceNumber(clientHello), sequenceNumber(hvr),
                    "RFC 6347 §4.2.1: the HelloVerifyRequest carries the ClientHello's record sequence number");
            assertTrue(hvr.header().length + hvr.body().length < clientHello.header().length + clientHello.body().length,
                    "RFC 6347 §4.2.1 amplification: the HelloVerifyRequest is smaller than the ClientHello");

            OpenSslMsgFile.Entry serverHello = OpenSslMsgFile.handshakes(log, false, SERVER_HELLO).get(0);
            assertEquals(DTLS_1_2, serverHello.recordVersion());
            assertEquals(1, messageSeq(serverHello), "the ServerHello takes the message_seq of the ClientHello it answers");
            Hello hello = Hello.server(serverHello.handshakeBody());
            assertEquals(DTLS_1_2, hello.version);
            // RFC 5746 §3.6: after the SCSV, the server "MUST include an empty "renegotiation_info"
            // extension in the ServerHello message".
            assertTrue(hello.extensions.contains(RENEGOTIATION_INFO), hello.toString());
            assertTrue(hello.extensions.contains(EXTENDED_MASTER_SECRET), hello.toString());
            assertFalse(hello.extensions.contains(0x0023), "no session ticket: a dtls4j server issues none unless configured");
        }));
    }

    private static int messageSeq(OpenSslMsgFile.Entry e) {
        return (e.body()[4] & 0xFF) << 8 | (e.body()[5] & 0xFF);
    }

    /** The 48-bit record sequence number from the record header (RFC 6347 §4.1). */
    private static byte[] sequenceNumber(OpenSslMsgFile.Entry e) {
        return Arrays.copyOfRange(e.header(), 5, 11);
    }

    /** The fields of a hello this test looks at (RFC 6347 §4.2.1, §4.3.2; RFC 5246 §7.4.1.2, §7.4.1.3). */
    private static final class Hello {
        int version;
        byte[] random = new byte[0];
        byte[] cookie = new byte[0];
        final List<Integer> suites = new ArrayList<>();
        final List<Integer> extensions = new ArrayList<>();

        /** ClientHello: version, random, session_id, cookie, cipher_suites, compression_methods, extensions. */
        static Hello client(byte[] body) {
            ByteBuffer b = ByteBuffer.wrap(body);
            Hello h = new Hello();
            h.version = u16(b);
            h.random = bytes(b, 32);
            bytes(b, u8(b));
            h.cookie = bytes(b, u8(b));
            int suites = u16(b);
            for (int i = 0; i < suites / 2; i++) {
                h.suites.add(u16(b));
            }
            bytes(b, u8(b));
            h.readExtensions(b);
            return h;
        }

        /** ServerHello: version, random, session_id, cipher_suite, compression_method, extensions. */
        static Hello server(byte[] body) {
            ByteBuffer b = ByteBuffer.wrap(body);
            Hello h = new Hello();
            h.version = u16(b);
            h.random = bytes(b, 32);
            bytes(b, u8(b));
            h.suites.add(u16(b));
            u8(b);
            h.readExtensions(b);
            return h;
        }

        /** HelloVerifyRequest: server_version, cookie. */
        static Hello verifyRequest(byte[] body) {
            ByteBuffer b = ByteBuffer.wrap(body);
            Hello h = new Hello();
            h.version = u16(b);
            h.cookie = bytes(b, u8(b));
            assertFalse(b.hasRemaining(), "nothing after the cookie");
            return h;
        }

        private void readExtensions(ByteBuffer b) {
            if (!b.hasRemaining()) {
                return;
            }
            int end = u16(b) + b.position();
            while (b.position() < end) {
                extensions.add(u16(b));
                bytes(b, u16(b));
            }
            assertEquals(end, b.limit(), "nothing after the extensions");
        }

        private static int u8(ByteBuffer b) {
            return b.get() & 0xFF;
        }

        private static int u16(ByteBuffer b) {
            return b.getShort() & 0xFFFF;
        }

        private static byte[] bytes(ByteBuffer b, int n) {
            byte[] out = new byte[n];
            b.get(out);
            return out;
        }

        @Override
        public String toString() {
            return String.format("version %04X, suites %s, extensions %s", version,
                    suites.stream().map(s -> String.format("%04X", s)).toList(),
                    extensions.stream().map(s -> String.format("%04X", s)).toList());
        }
    }
}
