package dev.phasegate.localpg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds an installed PostgreSQL: {@code PHASEGATE_PG_BIN} if set, else the newest
 * {@code /usr/lib/postgresql/N/bin} (Debian/Ubuntu layout), else {@code /usr/local/pgsql/bin},
 * else the directory of {@code initdb} on the PATH.
 */
record PostgresBinaries(Path binDir, int majorVersion) {

    static final int MIN_VERSION = 13;

    Path tool(String name) {
        return binDir.resolve(name);
    }

    static PostgresBinaries locate() {
        List<Path> candidates = new ArrayList<>();
        String explicit = System.getenv("PHASEGATE_PG_BIN");
        if (explicit != null && !explicit.isBlank()) {
            candidates.add(Path.of(explicit));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.map(v -> v.resolve("bin"))
                        .sorted(Comparator.comparingInt(PostgresBinaries::versionOf).reversed())
                        .forEach(candidates::add);
            } catch (java.io.IOException ignored) {
                // Fall through to the other candidates.
            }
        }
        candidates.add(Path.of("/usr/local/pgsql/bin"));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path initdb = Path.of(dir, "initdb");
                if (Files.isExecutable(initdb)) {
                    candidates.add(resolveLink(initdb).getParent());
                }
            }
        }
        for (Path dir : candidates) {
            if (Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("postgres"))) {
                int version = versionOf(dir);
                if (version == 0) {
                    version = probeVersion(dir).orElse(0);
                }
                if (version >= MIN_VERSION) {
                    return new PostgresBinaries(dir, version);
                }
            }
        }
        throw new IllegalStateException("No PostgreSQL " + MIN_VERSION + "+ server binaries found (looked at "
                + candidates + "). Install them (Debian/Ubuntu: apt-get install postgresql) "
                + "or set PHASEGATE_PG_BIN to the directory holding initdb and postgres.");
    }

    private static Path resolveLink(Path p) {
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            return p;
        }
    }

    private static int versionOf(Path binDir) {
        Path versionDir = binDir.getParent();
        if (versionDir == null) {
            return 0;
        }
        try {
            return Integer.parseInt(versionDir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Optional<Integer> probeVersion(Path binDir) {
        try {
            Process p = new ProcessBuilder(binDir.resolve("postgres").toString(), "--version")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\.").matcher(out);
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
