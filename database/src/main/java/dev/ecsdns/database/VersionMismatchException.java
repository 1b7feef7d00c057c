package dev.ecsdns.database;

/**
 * A conditional write found the item at another version than If-Match named; carries the current ETag, so the
 * client learns what to read or send next.
 */
final class VersionMismatchException extends RuntimeException {

    private final String currentEtag;

    VersionMismatchException(String currentEtag) {
        super("The item is at ETag " + currentEtag + ", not the one in If-Match. Read it again, then retry.",
            null, false, false);
        this.currentEtag = currentEtag;
    }

    String currentEtag() {
        return currentEtag;
    }
}
