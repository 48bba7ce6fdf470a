# Mercato as a container image. Two stages: the jar is built with the Maven wrapper on a JDK, and
# runs on a JRE as an unprivileged user. Not built in this repository's CI (its machines have no
# container engine): see docs/operations.md, "Container image".
#
#   docker build -t mercato:0.1.0 .
#   docker run -p 8080:8080 -e SPRING_DATASOURCE_URL=jdbc:postgresql://db:5432/mercato \
#     -e SPRING_DATASOURCE_USERNAME=mercato -e SPRING_DATASOURCE_PASSWORD=... \
#     -e MERCATO_ADMIN_PASSWORD=... mercato:0.1.0

FROM eclipse-temurin:21-jdk AS build
WORKDIR /build
# the wrapper and the POM first: the dependency layer is rebuilt only when they change
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src src
RUN ./mvnw -B -ntp -q package -DskipTests \
 && cp target/mercato-*.jar /build/mercato.jar

FROM eclipse-temurin:21-jre
# curl for the health check only
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 mercato \
 && useradd --system --uid 10001 --gid mercato --home-dir /app --shell /usr/sbin/nologin mercato \
 && mkdir -p /app/data \
 && chown -R mercato:mercato /app
WORKDIR /app
COPY --from=build --chown=mercato:mercato /build/mercato.jar /app/mercato.jar
# non-root: PostgreSQL refuses to run as root, so the embedded database (no SPRING_DATASOURCE_URL)
# also works in the container; its data and the Lucene index live under /app/data
USER mercato:mercato
VOLUME /app/data
ENV MERCATO_PLATFORM_EMBEDDED_POSTGRES_DATA_DIRECTORY=/app/data/postgres \
    MERCATO_SEARCH_LUCENE_DIRECTORY=/app/data/search \
    JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:+UseG1GC -Xss512k --add-modules=jdk.incubator.vector"
EXPOSE 8080
# readiness, not liveness: a node that cannot reach its database (or is draining) reports unhealthy
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/actuator/health/readiness || exit 1
# exec form: the JVM is PID 1 and gets SIGTERM itself, so graceful shutdown drains in-flight requests
ENTRYPOINT ["java", "-jar", "/app/mercato.jar"]
