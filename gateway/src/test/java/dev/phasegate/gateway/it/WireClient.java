package dev.phasegate.gateway.it;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A bare-bones protocol client on a plain socket, for what drivers will not do: malformed frames,
 * reading a huge result slowly, counting bytes.
 */
final class WireClient implements AutoCloseable {

    final Socket socket;
    final DataInputStream in;
    final OutputStream out;

    WireClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(20_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    static byte[] startup(String user, String database) {
        byte[] params = ("user\0" + user + "\0database\0" + database + "\0\0").getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + params.length).putInt(8 + params.length).putInt(196608).put(params).array();
    }

    static byte[] frame(char type, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array();
    }

    static byte[] query(String sql) {
        return frame('Q', (sql + "\0").getBytes(StandardCharsets.UTF_8));
    }

    /** Logs in as a trusted user and reads up to the first ReadyForQuery. */
    void login(String user, String database) throws IOException {
        send(startup(user, database));
        Message m;
        do {
            m = next();
            if (m.type == 'E') {
                throw new IOException("login failed: " + m.errorSummary());
            }
        } while (m.type != 'Z');
    }

    record Message(char type, byte[] body) {
        /** {@code "FATAL 08P01 message"} for an ErrorResponse. */
        String errorSummary() {
            String severity = "";
            String code = "";
            String message = "";
            int i = 0;
            while (i < body.length && body[i] != 0) {
                char field = (char) body[i];
                int end = i + 1;
                while (body[end] != 0) {
                    end++;
                }
                String value = new String(body, i + 1, end - i - 1, StandardCharsets.UTF_8);
                if (field == 'S') {
                    severity = value;
                } else if (field == 'C') {
                    code = value;
                } else if (field == 'M') {
                    message = value;
                }
                i = end + 1;
            }
            return severity + " " + code + " " + message;
        }

        String text() {
            int end = body.length > 0 && body[body.length - 1] == 0 ? body.length - 1 : body.length;
            return new String(body, 0, end, StandardCharsets.UTF_8);
        }
    }

    Message next() throws IOException {
        char type = (char) in.readUnsignedByte();
        int length = in.readInt();
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Message(type, body);
    }

    /** Reads messages until the server closes the connection; returns the ErrorResponses seen. */
    java.util.List<String> errorsUntilClosed() throws IOException {
        java.util.List<String> errors = new java.util.ArrayList<>();
        try {
            while (true) {
                Message m = next();
                if (m.type == 'E') {
                    errors.add(m.errorSummary());
                }
            }
        } catch (EOFException closed) {
            return errors;
        } catch (java.net.SocketException reset) {
            return errors;
        }
    }

    InputStream raw() {
        return in;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
