# mAI Retention: the standalone app as a small, non-root container.
# Build:  docker build -t mai-retention .
# Run:    docker run -v mai-data:/app/backend/data -e DATA_DIR=/app/backend/data mai-retention
# The build stage needs only Maven Central.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system retention && useradd --system --gid retention --home-dir /app retention
WORKDIR /app
COPY --from=build /src/retention-app/target/retention-app.jar /app/retention-app.jar
USER retention
# Inside its container the daemon offers /health and /metrics on every interface of the
# container's own network; which of them reach the host is what `ports:` / `-p` decide. (Outside a
# container the default is 127.0.0.1.)
ENV RETENTION_HTTP_BIND=0.0.0.0
EXPOSE 9464
# Healthy while a successful cleanup is recent (the daemon's own /health says the same over HTTP).
# One check costs about 0.65 s and 90 MB resident with these JVM flags (measured: README, Docker);
# 10 s leaves room for a loaded host and a PostgreSQL connection. It only reads the database.
HEALTHCHECK --interval=2m --timeout=10s --start-period=5m --retries=3 \
  CMD ["java", "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", \
       "-jar", "/app/retention-app.jar", "health", "--max-age", "26h"]
# SIGTERM stops the schedule, lets the batch in flight commit and journals the run; the app gives
# itself 25 s at most, so stop with `docker stop -t 30` (compose: stop_grace_period: 30s).
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/retention-app.jar"]
CMD ["run"]
