package dev.kotae.sandbox;

/** A request to the sandbox's port refused, answered in the API's error shape. */
final class ControlError extends RuntimeException {

    final int status;
    final String code;

    ControlError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }
}
