package dev.ecsdns.database;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How items and idempotency records sit in the one table. Both share the partition key {@code id}: an item's id is a
 * UUID, an idempotency record's is {@code idem#<key>}, so they never collide; {@code type} tells them apart.
 */
final class ItemAttributes {

    static final String ID = "id";
    static final String TYPE = "type";
    static final String NAME = "name";
    static final String QUANTITY = "quantity";
    static final String VERSION = "version";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String ITEM_ID = "itemId";
    static final String EXPIRES_AT = "expiresAt";

    static final String ITEM_TYPE = "item";
    static final String IDEMPOTENCY_TYPE = "idempotency";
    static final String IDEMPOTENCY_PREFIX = "idem#";

    private static final Pattern ITEM_ID_FORMAT =
        Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private ItemAttributes() {
    }

    /** Whether {@code id} could name an item; anything else cannot exist and is never sent to DynamoDB. */
    static boolean isItemId(String id) {
        return ITEM_ID_FORMAT.matcher(id).matches();
    }

    static Map<String, AttributeValue> key(String id) {
        return Map.of(ID, s(id));
    }

    static Map<String, AttributeValue> of(Item item) {
        return Map.of(
            ID, s(item.id()),
            TYPE, s(ITEM_TYPE),
            NAME, s(item.name()),
            QUANTITY, n(item.quantity()),
            VERSION, n(item.version()),
            CREATED_AT, s(item.createdAt().toString()),
            UPDATED_AT, s(item.updatedAt().toString()));
    }

    static boolean isItem(Map<String, AttributeValue> attributes) {
        AttributeValue type = attributes.get(TYPE);
        return type != null && ITEM_TYPE.equals(type.s());
    }

    static Item toItem(Map<String, AttributeValue> attributes) {
        return new Item(
            attributes.get(ID).s(),
            attributes.get(NAME).s(),
            Integer.parseInt(attributes.get(QUANTITY).n()),
            Long.parseLong(attributes.get(VERSION).n()),
            Instant.parse(attributes.get(CREATED_AT).s()),
            Instant.parse(attributes.get(UPDATED_AT).s()));
    }

    /** The record behind an Idempotency-Key: which item the key created, and from which request. */
    static Map<String, AttributeValue> idempotencyRecord(String key, NewItem request, Item created, Instant expiresAt) {
        return Map.of(
            ID, s(IDEMPOTENCY_PREFIX + key),
            TYPE, s(IDEMPOTENCY_TYPE),
            ITEM_ID, s(created.id()),
            NAME, s(request.name()),
            QUANTITY, n(request.quantity()),
            CREATED_AT, s(created.createdAt().toString()),
            EXPIRES_AT, n(expiresAt.getEpochSecond()));
    }

    /** The request an idempotency record was made from. */
    static NewItem requestOf(Map<String, AttributeValue> record) {
        return new NewItem(record.get(NAME).s(), Integer.parseInt(record.get(QUANTITY).n()));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
