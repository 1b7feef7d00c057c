package dev.ecsdns.api;

import io.micronaut.serde.annotation.Serdeable;

/**
 * What a client may set on an item, after api checked it: the body of a create or a replace.
 */
@Serdeable
record NewItem(String name, int quantity) {
}
