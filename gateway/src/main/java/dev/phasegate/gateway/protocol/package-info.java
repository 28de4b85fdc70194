/**
 * The PostgreSQL v3 wire protocol as the gateway needs it: framing with length checks, one
 * decoder per direction ({@link dev.phasegate.gateway.protocol.FrontendMessageDecoder} for what
 * clients send, {@link dev.phasegate.gateway.protocol.BackendMessageDecoder} for what the server
 * sends), and one small type per message in {@code frontend} and {@code backend}, named as in the
 * PostgreSQL documentation.
 *
 * <p>Frames stay raw bytes: the decoders hand a {@link dev.phasegate.gateway.protocol.FrameListener}
 * runs of untouched bytes to forward as they are, and decode a message only when the listener
 * asks for it. Unmanaged traffic therefore costs no per-row objects.
 *
 * <p>Depends on Netty buffers and channels only: nothing here knows about sessions, hooks, the
 * rewriter or Calcite.
 */
package dev.phasegate.gateway.protocol;
