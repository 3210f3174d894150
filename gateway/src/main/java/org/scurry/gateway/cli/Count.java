package org.scurry.gateway.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code -n N}: how many entries a page holds, 1 to 1000 (what the API accepts). */
final class Count implements ITypeConverter<Integer> {
    static final int MAX = 1000;

    @Override
    public Integer convert(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= MAX) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TypeConversionException("must be a whole number from 1 to " + MAX + ": " + value);
    }
}
