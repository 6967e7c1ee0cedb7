/** The DTLS 1.2 record layer, RFC 6347 §4.1. */
package org.dtls4j.record;
