package dev.bollard.yaml;

/** A YAML file could not be read; the message starts with file:line:column. */
public class YamlException extends Exception {
    public YamlException(String message) {
        super(message);
    }
}
