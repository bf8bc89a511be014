package dev.bollard.engine;

/** Apply changes, only show them (check), or only prove postconditions (verify). */
public enum Mode { APPLY, CHECK, VERIFY }
