package dev.bollard.engine;

import dev.bollard.report.ControlsReport.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What verify's results show, read as the controls report reads them, for the report files'
 * rows of tasks that name no control: a result (or each of its loop items) held, failed, was
 * not applicable, or was not checked (a module with nothing to compare and no probes).
 */
public final class VerifyFindings {
    private VerifyFindings() {
    }

    /** One finding per loop item, or one for the result when it has no items. */
    public static List<Finding> of(TaskResult r) {
        if (r.items().isEmpty()) return List.of(ControlLedger.finding(r.task(), r.item(), r, false));
        List<Finding> out = new ArrayList<>();
        for (TaskResult item : r.items()) out.add(ControlLedger.finding(r.task(), item.item(), item, false));
        return out;
    }

    /** The whole output of the verify probe that failed in this result ({@code cmd}, {@code rc}, {@code stdout}, {@code stderr}), or null. */
    public static Map<?, ?> failedProbe(TaskResult r) {
        return r.data().get(TaskRunner.ProbeFailure.KEY) instanceof Map<?, ?> m ? m : null;
    }
}
