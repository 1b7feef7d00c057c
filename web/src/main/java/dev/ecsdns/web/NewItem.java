package dev.ecsdns.web;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The body the api service takes to create or replace an item.
 */
@Serdeable
record NewItem(String name, int quantity) {
}
