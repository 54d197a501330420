# syntax=docker/dockerfile:1

# Build stage: the Maven wrapper on a full JDK. Dependencies get their own layer (rebuilt only when
# the pom changes), and the local repository is a cache mount, so a changed pom downloads only what
# changed and the image carries none of it.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /workspace
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN --mount=type=cache,id=bright-counter-m2,target=/root/.m2 \
    ./mvnw --batch-mode --no-transfer-progress dependency:go-offline
# The build validates the formatting: without this file the formatter expects tabs and fails.
COPY .springjavaformatconfig ./
COPY src src
# Extracted the way Spring Boot's class-data sharing wants it: the application jar plus lib/,
# one layer per kind so a code change does not rebuild the dependency layer.
RUN --mount=type=cache,id=bright-counter-m2,target=/root/.m2 \
    ./mvnw --batch-mode --no-transfer-progress package -DskipTests \
    && cp target/bright-counter-*.jar target/application.jar \
    && java -Djarmode=tools -jar target/application.jar extract --layers --destination target/extracted

# Run stage: a JRE only, as an unprivileged user with a numeric id (Kubernetes' runAsNonRoot
# can only verify a number).
FROM eclipse-temurin:17-jre
ARG UID=10001
ARG GID=10001
RUN groupadd --system --gid "${GID}" brightcounter \
    && useradd --system --uid "${UID}" --gid "${GID}" --no-create-home brightcounter \
    && mkdir /data && chown "${UID}:${GID}" /data
WORKDIR /app
COPY --from=build /workspace/target/extracted/dependencies/ ./
COPY --from=build /workspace/target/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/target/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/target/extracted/application/ ./
# The JVM sizes its heap from the container's memory limit, and exits on OutOfMemoryError so the
# orchestrator restarts it (the journal brings the readings back). Set before the training run so
# that it runs with the same flags as the service.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# Class-data sharing: a training run that stops once the context is refreshed writes the archive
# of every class the start loads; later starts map it instead of loading and verifying them
# (bench/cds-start.sh measures the gain). Journal off: the training run must not write state.
RUN java -XX:ArchiveClassesAtExit=application.jsa -Dspring.context.exit=onRefresh \
        -jar application.jar --bright-counter.journal.mode=off
USER ${UID}:${GID}
# The in-memory store's journal and snapshots (bright-counter.journal.dir); mount a volume here.
ENV BRIGHT_COUNTER_JOURNAL_DIR=/data
VOLUME /data
# API, and Actuator (health, info, prometheus, sbom).
EXPOSE 9000 9001
# Readiness on the management port, wherever MANAGEMENT_SERVER_PORT puts it; bash's /dev/tcp
# needs no curl or wget in the image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${MANAGEMENT_SERVER_PORT:-9001} && printf "GET /actuator/health/readiness HTTP/1.0\r\n\r\n" >&3 && head -n 1 <&3 | grep -q " 200"'
ENTRYPOINT ["java", "-XX:SharedArchiveFile=application.jsa", "-jar", "application.jar"]
