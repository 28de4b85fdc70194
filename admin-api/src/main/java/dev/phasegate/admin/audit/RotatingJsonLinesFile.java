package dev.phasegate.admin.audit;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Appends lines to {@code file}; when the next line would take it past {@code maxBytes}, renames
 * it to {@code file.1} (shifting {@code file.1} to {@code file.2} and so on, deleting the oldest)
 * and starts a new one. At most {@code maxFiles} files exist: the active one and
 * {@code maxFiles - 1} rotated ones. Used by the audit writer thread only.
 */
final class RotatingJsonLinesFile implements AutoCloseable {

    private final Path file;
    private final long maxBytes;
    private final int maxFiles;
    private OutputStream out;
    private long size;

    RotatingJsonLinesFile(Path file, long maxBytes, int maxFiles) throws IOException {
        this.file = file.toAbsolutePath();
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
        Path parent = this.file.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        open();
    }

    /** Appends the first {@code length} bytes of {@code line}. */
    void write(byte[] line, int length) throws IOException {
        if (out == null) {
            open();
        }
        if (size > 0 && size + length > maxBytes) {
            rotate();
        }
        out.write(line, 0, length);
        size += length;
    }

    void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    Path file() {
        return file;
    }

    /** The n-th rotated file ({@code n >= 1}). */
    Path rotated(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    private void open() throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                64 * 1024);
        size = Files.size(file);
    }

    private void rotate() throws IOException {
        out.close();
        out = null;
        if (maxFiles <= 1) {
            Files.delete(file);
        } else {
            Files.deleteIfExists(rotated(maxFiles - 1));
            for (int n = maxFiles - 2; n >= 1; n--) {
                if (Files.exists(rotated(n))) {
                    Files.move(rotated(n), rotated(n + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
