/**
 * Messages the server sends (PostgreSQL's "B" messages) that the gateway reads, changes or makes
 * itself, one type per message, named as in the PostgreSQL documentation. Each has a static
 * {@code decode} over a frame or body and, where the gateway writes it, an {@code encode}.
 */
package dev.phasegate.gateway.protocol.backend;
