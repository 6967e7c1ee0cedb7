/**
 * Ticket keys shared by a fleet (RFC 5077 §4): {@link org.dtls4j.transport.tickets.FileTicketKeys}
 * reads them from a file that every server process of the fleet reads, and picks up a rotation
 * written into it without a restart. docs/SCALING.md puts it in context.
 */
package org.dtls4j.transport.tickets;
