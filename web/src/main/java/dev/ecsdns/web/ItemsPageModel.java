package dev.ecsdns.web;

import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Optional;

/**
 * The model of the items page (the template's one parameter): everything it shows. Built from the api's answers,
 * then adjusted by a form submission that failed.
 *
 * @param cursor   the page being shown, null for the first
 * @param nextHref link to the following page, null on the last
 */
public record ItemsPageModel(List<ItemRow> rows,
                             AddForm add,
                             @Nullable String notice,
                             @Nullable String alert,
                             boolean apiUnavailable,
                             @Nullable String cursor,
                             @Nullable String nextHref,
                             InstanceChain chain) {

    static ItemsPageModel unavailable(@Nullable String cursor, InstanceChain chain) {
        return new ItemsPageModel(List.of(), AddForm.blank(), null, null, true, cursor, null, chain);
    }

    ItemsPageModel withAdd(AddForm form) {
        return new ItemsPageModel(rows, form, notice, alert, apiUnavailable, cursor, nextHref, chain);
    }

    ItemsPageModel withNotice(@Nullable String text) {
        return new ItemsPageModel(rows, add, text, alert, apiUnavailable, cursor, nextHref, chain);
    }

    ItemsPageModel withAlert(String text) {
        return new ItemsPageModel(rows, add, notice, text, apiUnavailable, cursor, nextHref, chain);
    }

    /**
     * Shows a failed change on its item's row. If the item is not on this page (the list moved, or the api is down)
     * the message goes to the top of the page instead, so it is never lost.
     */
    ItemsPageModel withRowInput(String id, Fields fields, String message) {
        if (item(id).isEmpty()) {
            return withAlert(message);
        }
        List<ItemRow> changed = rows.stream()
            .map(row -> row.item().id().equals(id) ? new ItemRow(row.item(), fields, message) : row)
            .toList();
        return new ItemsPageModel(changed, add, notice, alert, apiUnavailable, cursor, nextHref, chain);
    }

    /** A message on an item's row whose form shows the item as it now is. */
    ItemsPageModel withRowMessage(String id, String message) {
        return item(id).map(item -> withRowInput(id, Fields.of(item), message)).orElseGet(() -> withAlert(message));
    }

    Optional<Item> item(String id) {
        return rows.stream().map(ItemRow::item).filter(item -> item.id().equals(id)).findFirst();
    }
}
