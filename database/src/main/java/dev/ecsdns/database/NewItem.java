package dev.ecsdns.database;

/**
 * What a client may set on an item, already checked: a trimmed name of 1 to 100 characters, a quantity from 0 to
 * 1,000,000.
 */
record NewItem(String name, int quantity) {
}
