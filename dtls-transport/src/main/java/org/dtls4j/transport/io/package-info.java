/**
 * The socket side of the transport: a selector loop for the server's one socket
 * ({@code DatagramLoop}), a selector loop for the many sockets of client connections
 * ({@code SelectorLoop}), and the bounded hand-off from the I/O thread to application threads
 * ({@code Mailbox}). Internal: not exported.
 */
package org.dtls4j.transport.io;
