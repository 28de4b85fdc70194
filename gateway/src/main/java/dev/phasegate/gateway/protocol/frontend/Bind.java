package dev.phasegate.gateway.protocol.frontend;

import dev.phasegate.gateway.protocol.ProtocolViolationException;
import dev.phasegate.gateway.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Bind: creates {@code portal} from prepared statement {@code statement} with parameter values.
 *
 * <p>The parameter values are slices of the frame the client sent ({@code null} for SQL NULL): they
 * are valid only while the hook that received this Bind runs. A Bind the hook returns in their
 * place is encoded before the original frame is released, so it may reuse those slices.
 *
 * @param parameterFormats none (all text), one (applies to all) or one per parameter; 0 text, 1 binary
 * @param resultFormats    none (all text), one (applies to all) or one per result column
 */
public record Bind(String portal, String statement, short[] parameterFormats, List<ByteBuf> parameters,
                   short[] resultFormats) implements FrontendMessage {

    public Bind {
        parameterFormats = parameterFormats.clone();
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
        resultFormats = resultFormats.clone();
    }

    public static Bind decode(ByteBuf frame, Charset charset) {
        ByteBuf body = Wire.body(frame);
        String portal = Wire.readCString(body, charset);
        String statement = Wire.readCString(body, charset);
        Wire.requireReadable(body, 2);
        short[] parameterFormats = Wire.readShorts(body);
        Wire.requireReadable(body, 2);
        int count = body.readUnsignedShort();
        List<ByteBuf> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Wire.requireReadable(body, 4);
            int length = body.readInt();
            if (length == -1) {
                values.add(null);
            } else if (length < 0) {
                throw new ProtocolViolationException("Bind parameter " + (i + 1) + " has length " + length);
            } else {
                Wire.requireReadable(body, length);
                values.add(body.readSlice(length));
            }
        }
        Wire.requireReadable(body, 2);
        short[] resultFormats = Wire.readShorts(body);
        return new Bind(portal, statement, parameterFormats, values, resultFormats);
    }

    /** The format code of parameter {@code index} (0-based), resolving the short forms. */
    public int parameterFormat(int index) {
        return formatOf(parameterFormats, index);
    }

    /** The format code requested for result column {@code index} (0-based), resolving the short forms. */
    public int resultFormat(int index) {
        return formatOf(resultFormats, index);
    }

    private static int formatOf(short[] formats, int index) {
        return switch (formats.length) {
            case 0 -> 0;
            case 1 -> formats[0];
            default -> formats[index];
        };
    }

    public Bind withResultFormats(short[] formats) {
        return new Bind(portal, statement, parameterFormats, parameters, formats);
    }

    public Bind withParameters(short[] formats, List<ByteBuf> values) {
        return new Bind(portal, statement, formats, values, resultFormats);
    }

    public Bind withStatement(String statementName) {
        return new Bind(portal, statementName, parameterFormats, parameters, resultFormats);
    }

    @Override
    public short[] parameterFormats() {
        return parameterFormats.clone();
    }

    @Override
    public short[] resultFormats() {
        return resultFormats.clone();
    }

    @Override
    public ByteBuf encode(ByteBufAllocator alloc, Charset charset) {
        int size = portal.length() + statement.length() + 8 + 2 * (parameterFormats.length + resultFormats.length);
        for (ByteBuf p : parameters) {
            size += 4 + (p == null ? 0 : p.readableBytes());
        }
        ByteBuf buf = Wire.begin(alloc, FrontendType.BIND, size);
        Wire.writeCString(buf, portal, charset);
        Wire.writeCString(buf, statement, charset);
        Wire.writeShorts(buf, parameterFormats);
        buf.writeShort(parameters.size());
        for (ByteBuf p : parameters) {
            if (p == null) {
                buf.writeInt(-1);
            } else {
                buf.writeInt(p.readableBytes());
                buf.writeBytes(p, p.readerIndex(), p.readableBytes());
            }
        }
        Wire.writeShorts(buf, resultFormats);
        return Wire.finish(buf);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bind b && b.portal.equals(portal) && b.statement.equals(statement)
                && Arrays.equals(b.parameterFormats, parameterFormats) && b.parameters.equals(parameters)
                && Arrays.equals(b.resultFormats, resultFormats);
    }

    @Override
    public int hashCode() {
        return portal.hashCode() * 31 + statement.hashCode();
    }

    @Override
    public String toString() {
        return "Bind[portal=" + portal + ", statement=" + statement + ", parameterFormats="
                + Arrays.toString(parameterFormats) + ", parameters=" + parameters.size() + ", resultFormats="
                + Arrays.toString(resultFormats) + "]";
    }
}
