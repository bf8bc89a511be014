package dev.bollard.inventory;

/** Placeholder until the inventory package lands. */
public class InventoryException extends Exception {
    public InventoryException(String message) {
        super(message);
    }
}
