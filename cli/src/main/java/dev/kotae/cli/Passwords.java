package dev.kotae.cli;

import java.security.SecureRandom;

/**
 * Passwords for the file the person is about to send apart: random from a strong source, in letters
 * and digits a person reads off a phone without mistaking one for another (no 0/O, 1/l/I).
 */
final class Passwords {

    static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    static final int MIN_LENGTH = 8;
    static final int MAX_LENGTH = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    static String generate(int length) {
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("--generate-password takes a length from " + MIN_LENGTH + " to "
                    + MAX_LENGTH + "; got " + length + ".");
        }
        var password = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
