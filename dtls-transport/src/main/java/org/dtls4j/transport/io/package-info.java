/**
 * The socket side of the transport: one selector loop per socket ({@code DatagramLoop}) and the
 * bounded hand-off from the I/O thread to application threads ({@code Mailbox}). Internal: not
 * exported.
 */
package org.dtls4j.transport.io;
