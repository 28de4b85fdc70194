# syntax=docker/dockerfile:1
#
# Phasegate: build with the Maven wrapper, run on a JRE as an unprivileged user.
#
#   docker build -t phasegate .
#   docker run -p 6543:6543 -p 8543:8543 -e PHASEGATE_UPSTREAM_HOST=db phasegate
#
# The image's default configuration (docker/phasegate.yml) takes the upstream from environment
# variables; mount your own file at /etc/phasegate/phasegate.yml to replace it.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# BuildKit's cache mount keeps ~/.m2 between builds, so only changed modules cost time.
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -ntp -DskipTests package \
    && cp gateway/target/phasegate.jar /phasegate.jar

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 phasegate \
    && useradd --system --uid 10001 --gid phasegate --home-dir /var/lib/phasegate --create-home \
        --shell /usr/sbin/nologin phasegate \
    && mkdir -p /etc/phasegate
COPY --from=build /phasegate.jar /opt/phasegate/phasegate.jar
COPY docker/phasegate.yml /etc/phasegate/phasegate.yml
USER phasegate
WORKDIR /var/lib/phasegate
# 6543: PostgreSQL protocol (clients connect here). 8543: admin HTTP API (health, metrics, phases).
EXPOSE 6543 8543
# Healthy when the admin API answers /health with 200; without an admin API, when the gateway's
# port accepts connections.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["bash", "-c", \
    "if exec 3<>/dev/tcp/127.0.0.1/8543; then printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200'; else exec 4<>/dev/tcp/127.0.0.1/6543; fi"]
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# SIGTERM (docker stop) drains sessions for proxy.shutdownGrace: give docker stop --time at least that.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-jar", "/opt/phasegate/phasegate.jar"]
CMD ["serve", "--config", "/etc/phasegate/phasegate.yml"]
