package dev.bollard.inventory;

/** An inventory is wrong or a host pattern names nothing; the message names file and line where it can. */
public class InventoryException extends Exception {
    public InventoryException(String message) {
        super(message);
    }
}
