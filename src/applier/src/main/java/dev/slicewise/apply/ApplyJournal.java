package dev.slicewise.apply;

import java.util.List;
import java.util.Optional;

/**
 * Where applies record their before-images, so they can be undone later ({@code ./slicewise rollback ID}, the
 * approval page). Small on purpose: a file store for the local command, a DynamoDB table for the Lambda.
 */
public interface ApplyJournal {
    /** Creates or replaces the entry (written before the first mutation and after every write). */
    void save(ApplyRecord record);

    Optional<ApplyRecord> find(String applyId);

    /** Entries of one approved plan, oldest first (to find the apply to undo, or to tell it was applied already). */
    List<ApplyRecord> forPlan(String planId);
}
