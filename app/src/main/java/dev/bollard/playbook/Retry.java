package dev.bollard.playbook;

/** {@code until} with {@code retries} and {@code delay}, as written (the engine renders them per host). */
public record Retry(Object until, Object retries, Object delay) {
}
