package dev.ecsdns.common;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is wrong with a request while it is read, field by field and header by header.
 */
public final class Violations {

    private final List<Problem.InvalidParam> found = new ArrayList<>();

    public void add(String name, String reason) {
        found.add(new Problem.InvalidParam(name, reason));
    }

    /** Rejects the request with a 400 listing everything found, if anything was. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new InvalidRequestException(found);
        }
    }
}
