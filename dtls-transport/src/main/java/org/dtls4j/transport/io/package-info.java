/**
 * The socket side of the transport: one selector loop per socket ({@code DatagramLoop}), the
 * bounded hand-off from the I/O thread to application threads ({@code Mailbox}), and the NSS key
 * log writer behind {@code SSLKEYLOGFILE} ({@code KeyLogFile}). Internal: not exported.
 */
package org.dtls4j.transport.io;
