package dev.bollard.engine;

/** How a task ended on a host. In check mode CHANGED means "would change". */
public enum Status { OK, CHANGED, FAILED, SKIPPED, UNREACHABLE }
