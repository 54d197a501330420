# syntax=docker/dockerfile:1

# Build stage: the Maven wrapper on a full JDK; dependencies get their own cached layer.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /workspace
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw --batch-mode --no-transfer-progress dependency:go-offline
COPY src src
RUN ./mvnw --batch-mode --no-transfer-progress package -DskipTests \
    && java -Djarmode=tools -jar target/bright-counter-*.jar extract --layers --launcher --destination target/app

# Run stage: a JRE only, as an unprivileged user.
FROM eclipse-temurin:17-jre
RUN groupadd --system brightcounter && useradd --system --gid brightcounter --no-create-home brightcounter \
    && mkdir /data && chown brightcounter:brightcounter /data
WORKDIR /app
COPY --from=build /workspace/target/app/dependencies/ ./
COPY --from=build /workspace/target/app/spring-boot-loader/ ./
COPY --from=build /workspace/target/app/snapshot-dependencies/ ./
COPY --from=build /workspace/target/app/application/ ./
USER brightcounter
# API, and Actuator (health, info, prometheus).
EXPOSE 9000 9001
# The in-memory store's journal and snapshots: the only place the service writes. A volume, so
# that they outlive the container (compose mounts a named volume; the root file system stays read-only).
ENV BRIGHT_COUNTER_JOURNAL_DIR=/data
VOLUME /data
# The JVM sizes its heap from the container's memory limit.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# Readiness on the management port; bash's /dev/tcp needs no curl or wget in the image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/9001 && printf "GET /actuator/health/readiness HTTP/1.0\r\n\r\n" >&3 && head -n 1 <&3 | grep -q " 200"'
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
