# Multi-stage: build with Maven (the Vosk model comes from Maven Central during the build), run as non-root.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline || true
COPY src ./src
RUN mvn -B -ntp -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system talkhint && useradd --system --gid talkhint --home /app talkhint
WORKDIR /app
COPY --from=build /src/target/talkhint-*.jar /app/talkhint.jar
RUN mkdir -p /app/data && chown -R talkhint:talkhint /app
USER talkhint
ENV PORT=8080 TALKHINT_DATA_DIR=/app/data
EXPOSE 8080
ENV MALLOC_ARENA_MAX=2
# huge pages for the heap: the meaning path streams its example vectors after each embedding (talkhint, jvm_defaults)
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseTransparentHugePages", "-jar", "/app/talkhint.jar"]
