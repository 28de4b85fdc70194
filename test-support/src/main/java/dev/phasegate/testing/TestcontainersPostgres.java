package dev.phasegate.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/** Starts {@code postgres:16-alpine} through Testcontainers, only when a Docker engine answers. */
final class TestcontainersPostgres {

    private static final Logger log = LoggerFactory.getLogger(TestcontainersPostgres.class);

    private TestcontainersPostgres() {
    }

    static Optional<TestPostgres> startIfDockerAnswers() {
        // Asking Testcontainers costs seconds of probing and log noise when there is no engine,
        // so only ask when there is a sign of one.
        boolean hint = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
        if (!hint) {
            return Optional.empty();
        }
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return Optional.empty();
            }
            @SuppressWarnings("resource") // Stopped by Testcontainers' reaper when the JVM exits.
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:16-alpine")
                    .withUsername("postgres").withPassword("postgres")
                    .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off");
            container.start();
            return Optional.of(TestPostgres.of(container.getHost(), container.getFirstMappedPort(), "postgres",
                    "postgres", "testcontainers"));
        } catch (RuntimeException | LinkageError e) {
            log.info("Docker engine hinted at but not usable ({}); falling back to a local PostgreSQL", e.toString());
            return Optional.empty();
        }
    }
}
