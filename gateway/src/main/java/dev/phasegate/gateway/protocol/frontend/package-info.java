/**
 * Messages a client sends (PostgreSQL's "F" messages), one type per message, named as in the
 * PostgreSQL documentation. Each decodes itself from a complete frame and encodes itself, so a
 * query hook can read a request and hand back a changed one. Statement text and names are in the
 * session's {@code client_encoding}, passed in as a {@link java.nio.charset.Charset}.
 */
package dev.phasegate.gateway.protocol.frontend;
