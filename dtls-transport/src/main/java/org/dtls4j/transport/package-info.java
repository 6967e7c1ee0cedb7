/**
 * DTLS 1.2 over UDP (RFC 6347): {@link org.dtls4j.transport.DtlsServer} listens on one socket for
 * many peers, {@link org.dtls4j.transport.DtlsClient} connects, and both hand out
 * {@link org.dtls4j.transport.DtlsConnection}s that send and receive application datagrams.
 *
 * <p>This layer owns what the I/O-free engine below it must not: sockets, threads and the clock.
 * The server is split three ways, one concern each: the socket loop ({@code io.DatagramLoop}), the
 * demultiplexer that maps a peer address to its engine and guards the door with the cookie
 * exchange and the limits ({@code PeerTable}), and the engine itself.
 *
 * <pre>
 *   DatagramChannel.receive
 *     -> PeerTable: known peer?  yes -> its DtlsConnection -> DtlsEngine.receive(datagram, now)
 *                                no  -> CookieExchange.check (RFC 6347 §4.2.1)
 *                                       Verify -> HelloVerifyRequest; Drop -> count
 *                                       Accept -> limits -> DtlsEngine.server(...) -> start(now)
 *     -> after every engine call: datagrams to the socket, application data to the receive
 *        queue, the engine's next deadline onto the timer heap, CONNECTED -> accept()
 * </pre>
 */
package org.dtls4j.transport;
