package dev.ecsdns.database;

import dev.ecsdns.common.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is wrong with a request while it is read, field by field and header by header.
 */
final class Violations {

    private final List<Problem.InvalidParam> found = new ArrayList<>();

    void add(String name, String reason) {
        found.add(new Problem.InvalidParam(name, reason));
    }

    /** Rejects the request with a 400 listing everything found, if anything was. */
    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new InvalidRequestException(found);
        }
    }
}
