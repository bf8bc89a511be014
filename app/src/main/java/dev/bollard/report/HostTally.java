package dev.bollard.report;

/**
 * One host's line of the recap: task results by status, and the commands the run sent it
 * (each one SSH round trip) with the time spent waiting for them.
 */
public record HostTally(int ok, int changed, int failed, int skipped, int unreachable, int rescued, int roundTrips,
                        long roundTripMillis) {
}
